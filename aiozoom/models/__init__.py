"""Typed models for Zoom's request and response bodies, and the one converter that maps them.

``structure(data, cls)`` turns decoded JSON into a model; ``unstructure(obj)`` turns a model back
into JSON-ready data. Every response field is optional: Zoom marks none required.
"""

from typing import Any, TypeVar

import cattrs

from aiozoom.models.users import User

__all__ = ["User", "converter", "structure", "unstructure"]

T = TypeVar("T")

converter = cattrs.Converter(omit_if_default=True)


def structure(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` model from decoded JSON."""
    return converter.structure(data, cls)


def unstructure(obj: Any) -> Any:
    """JSON-ready data from a model (fields left at their default are omitted)."""
    return converter.unstructure(obj)

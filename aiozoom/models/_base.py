"""What every generated model shares: the ``UNSET`` sentinel and the ``ZoomModel`` base class.

A response field Zoom did not send is ``UNSET``; a field Zoom sent as ``null`` is ``None``. Both are
falsy, so ``if meeting.topic:`` works; ``meeting.topic is not UNSET`` tells them apart (and narrows
the type for mypy).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, Final, Literal, TypeAlias, TypeVar, cast

import attrs

__all__ = ["UNSET", "Missing", "Unset", "ZoomModel"]

T = TypeVar("T")


class Unset(enum.Enum):
    """The type of :data:`UNSET`: a field that was absent from the JSON (not ``null``)."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> Literal[False]:
        return False


UNSET: Final = Unset.UNSET
"""The value of a model field Zoom did not send."""

Missing: TypeAlias = T | Unset
"""``Missing[X]`` is ``X | Unset``: a value that may have been absent."""


class ZoomModel:
    """Base class of the generated request and response models.

    Subclasses are frozen, slotted attrs classes whose last field, ``extra``, holds the JSON keys
    the model does not know (a field Zoom added after this version of aiozoom was generated); the
    converter fills it and writes it back, so nothing Zoom sends is dropped.
    """

    __slots__ = ()

    extra: Mapping[str, Any]

    def __repr__(self) -> str:
        shown = []
        for field in attrs.fields(cast(Any, type(self))):
            value = getattr(self, field.name)
            if value is UNSET or (value is None and field.default is None):
                continue
            if field.name == "extra" and not value:
                continue
            shown.append(f"{field.name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

"""Names a package exports but imports only when first read (PEP 562 ``__getattr__``)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

__all__ = ["lazy_attribute"]


def lazy_attribute(
    namespace: dict[str, Any], lazy: Mapping[str, tuple[str, str]], name: str
) -> Any:
    """``name`` from the module ``lazy`` names for it, kept in ``namespace`` (the package's
    globals) so the next read is a plain lookup; ``AttributeError`` for any other name."""
    found = lazy.get(name)
    if found is None:
        raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
    module, attribute = found
    value = getattr(importlib.import_module(module), attribute)
    namespace[name] = value
    return value

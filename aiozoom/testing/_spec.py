"""What the fake Zoom knows of every Zoom operation, read from ``spec_schemas.json``.

The file is generated from Zoom's API Hub descriptions (``tools/codegen/fake_spec.py``): per
``"METHOD /path"`` template, the success status, the query and path parameters, the request body
and the success response (with JSON schemas reduced to what validation and synthesis use), the
errors Zoom documents and the rate-limit category. A master-account operation that answers like
the operation it varies says so (``{"same_as": "GET /users"}``); :func:`operation_spec` resolves
it::

    spec = operation_spec("GET /meetings/{meetingId}")
    documented_error(spec, 404)  # (3001, "Meeting does not exist: {meetingId}.")
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import attrs

__all__ = ["OperationSpec", "all_operation_specs", "documented_error", "operation_spec"]

_EMPTY: Mapping[str, Mapping[str, Any]] = MappingProxyType({})


@attrs.frozen
class OperationSpec:
    """One operation as the fake Zoom sees it."""

    key: str
    """``"GET /users/{userId}"`` (a ``same_as`` master-account operation: its own template)."""
    status: int
    """The documented success status."""
    query: Mapping[str, Mapping[str, Any]]
    """Query parameters: name -> ``{"schema": {...}, "required": bool}``."""
    path: Mapping[str, Mapping[str, Any]]
    """Path parameters: name -> ``{"schema": {...}}``."""
    body: Mapping[str, Any] | None
    """``{"media", "schema", "required"}`` of the request body; ``None``: it takes none."""
    response: Mapping[str, Any] | None
    """``{"media", "schema"}`` of the success response; ``None``: it has no body."""
    errors: tuple[tuple[int, int, str], ...]
    """The documented errors, ``(HTTP status, Zoom code, message)``, in the description's order."""
    category: str | None
    """The rate-limit category: ``"Light"``, ``"Medium"``, ``"Heavy"`` or
    ``"Resource-intensive"`` (``None``: Zoom names none)."""


@cache
def _raw() -> Mapping[str, Mapping[str, Any]]:
    text = resources.files("aiozoom.testing").joinpath("spec_schemas.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    data.pop("_generated", None)
    return data


def _parameters(value: Any) -> Mapping[str, Mapping[str, Any]]:
    if not value:
        return _EMPTY
    return MappingProxyType({str(name): entry for name, entry in value.items()})


def _build(key: str, entry: Mapping[str, Any]) -> OperationSpec:
    return OperationSpec(
        key=key,
        status=int(entry["status"]),
        query=_parameters(entry.get("query")),
        path=_parameters(entry.get("path")),
        body=entry.get("body"),
        response=entry.get("response"),
        errors=tuple(
            (int(status), int(code), str(message))
            for status, code, message in entry.get("errors") or ()
        ),
        category=entry.get("category"),
    )


@cache
def operation_spec(key: str) -> OperationSpec | None:
    """The operation ``"METHOD /path"`` (a template, as Zoom's descriptions write it);
    ``None`` if there is no such operation. A ``same_as`` entry answers like its target."""
    raw = _raw()
    entry = raw.get(key)
    if entry is None:
        return None
    target = entry.get("same_as")
    if target is not None:
        resolved = raw.get(target)
        if resolved is None or "same_as" in resolved:
            raise ValueError(f"spec_schemas.json: {key} is the same as {target}, not an operation")
        entry = resolved
    return _build(key, entry)


@cache
def all_operation_specs() -> Mapping[str, OperationSpec]:
    """Every operation, master-account ones included, by ``"METHOD /path"``."""
    specs: dict[str, OperationSpec] = {}
    for key in _raw():
        found = operation_spec(key)
        if found is not None:
            specs[key] = found
    return MappingProxyType(specs)


def documented_error(spec: OperationSpec, status: int) -> tuple[int, str] | None:
    """The first ``(code, message)`` Zoom documents for ``spec`` answering ``status``."""
    for error_status, code, message in spec.errors:
        if error_status == status:
            return code, message
    return None

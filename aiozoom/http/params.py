"""Query parameters as Zoom expects them: the one encoder every request goes through."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from aiozoom.models._dates import format_datetime

__all__ = ["encode_params", "query_value"]


def query_value(value: object) -> str:
    """One query value: booleans as ``true``/``false``, date-times and dates as Zoom spells them,
    lists comma-separated."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ",".join(query_value(v) for v in value)
    return str(value)


def encode_params(params: Mapping[str, Any] | None) -> dict[str, str]:
    """The query string's parameters, with ``None`` values dropped."""
    if not params:
        return {}
    return {k: query_value(v) for k, v in params.items() if v is not None}

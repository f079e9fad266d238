"""Zoom's date-times and dates: read from its JSON, written as Zoom writes them.

Apart from the converter so that encoding a query (``aiozoom.http.params``) does not load cattrs.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

__all__ = ["format_datetime", "parse_date", "parse_datetime"]


def parse_datetime(value: Any) -> datetime | Any:
    """An aware ``datetime`` from an ISO-8601 string with an offset; anything else unchanged."""
    if not isinstance(value, str) or len(value) < 19:
        return value
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    return parsed if parsed.tzinfo is not None else value


def parse_date(value: Any) -> date | Any:
    """A ``date`` from ``YYYY-MM-DD``; anything else unchanged."""
    if not isinstance(value, str) or len(value) != 10:
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        return value


def format_datetime(value: datetime) -> str:
    """Zoom's spelling: ``2024-05-01T10:00:00Z`` in UTC, the offset otherwise, none if naive."""
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        if value.microsecond % 1000 == 0:
            text += f".{value.microsecond // 1000:03d}"
        else:
            text += f".{value.microsecond:06d}"
    offset = value.utcoffset()
    if offset is None:
        return text
    if offset == timedelta(0):
        return text + "Z"
    return text + value.strftime("%z")[:3] + ":" + value.strftime("%z")[3:]

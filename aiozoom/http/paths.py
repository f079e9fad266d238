"""Building request paths: escaping IDs so that no value can change which endpoint is called."""

from __future__ import annotations

from urllib.parse import quote

__all__ = ["path_segment"]


def path_segment(value: str | int, *, name: str = "id") -> str:
    """Escape one path parameter.

    Every character outside the unreserved set is percent-encoded, so ``/``, ``?`` and ``#`` inside
    an ID stay inside it. Zoom's rule for meeting and webinar UUIDs: a UUID that begins with ``/``
    or contains ``//`` must be URL-encoded twice.
    """
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"{name} must be a string or an integer, not {type(value).__name__}")
    text = str(value)
    if not text:
        raise ValueError(f"{name} must not be empty")
    escaped = quote(text, safe="")
    if text.startswith("/") or "//" in text:
        escaped = quote(escaped, safe="")
    return escaped

"""Reading numbers out of HTTP headers, as servers actually send them."""

from __future__ import annotations

__all__ = ["header_int"]


def header_int(value: str | None) -> int | None:
    """A non-negative integer header value (``Content-Range`` parts, ``X-RateLimit-*``), else
    ``None``: absent, signed, fractional, too long, or digits ``int()`` refuses (``str.isdigit``
    also accepts ``"²"``, hence ``isascii``)."""
    if value is None:
        return None
    text = value.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None

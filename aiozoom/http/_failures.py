"""Network failures as aiozoom errors, with nothing secret attached.

aiohttp's response errors (``ClientResponseError`` and its subclasses, such as
``TooManyRedirects``) carry the request's headers -- ``Authorization: Bearer ...`` or the token
request's ``Basic`` credentials -- in their ``request_info`` and ``history``, and show them in their
``repr``. Such an exception is described in words and never chained; other network errors (refused
connections, resets, DNS failures) carry no request data and are chained as the cause.
"""

from __future__ import annotations

import aiohttp

__all__ = ["describe", "safe_cause"]


def _carries_request(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, aiohttp.ClientResponseError) or hasattr(current, "request_info"):
            return True
        current = current.__cause__ or current.__context__
    return False


def safe_cause(exc: BaseException) -> BaseException | None:
    """``exc`` if it may be chained to an error aiozoom raises, ``None`` if it carries secrets."""
    return None if _carries_request(exc) else exc


def describe(exc: BaseException) -> str:
    """A one-line description of a network failure that names no header."""
    if isinstance(exc, aiohttp.TooManyRedirects):
        return f"TooManyRedirects: more than {len(exc.history)} redirects"
    if isinstance(exc, aiohttp.ClientResponseError):
        return f"{type(exc).__name__}: HTTP {exc.status} {exc.message}"
    if _carries_request(exc):
        return type(exc).__name__
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__

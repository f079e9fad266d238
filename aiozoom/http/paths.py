"""Building request paths: escaping IDs so that no value can change which endpoint is called.

Every path parameter of the typed API goes through one of three functions:

* :func:`path_segment` escapes any ID (user IDs and emails, UUIDs, recording IDs, ...);
* :func:`meeting_number` checks and normalises a meeting or webinar number, which may be written as
  Zoom prints it (``"812 3456 7890"``);
* :func:`meeting_id_segment` takes either: a number (normalised) or a meeting/webinar UUID
  (escaped), for the endpoints that accept both.

Errors are ``ValueError`` naming the argument; the message never contains the value.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

__all__ = ["meeting_id_segment", "meeting_number", "path_segment"]

_DOT_SEGMENTS = (".", "..")

# Only unreserved characters and not beginning with a dot: nothing to escape, nothing to refuse.
# (Zoom's user IDs, and most IDs, are like this.)
_PLAIN = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*").fullmatch


def path_segment(value: str | int, *, name: str = "id") -> str:
    """Escape one path parameter.

    Every character outside the unreserved set is percent-encoded, so ``/``, ``?`` and ``#`` inside
    an ID stay inside it. Zoom's rule for meeting and webinar UUIDs: a UUID that begins with ``/``
    or contains ``//`` must be URL-encoded twice.

    ``.`` and ``..`` are refused (also when percent-encoded, once or more, e.g. ``%2e%2e``): those
    characters are unreserved, so they would go out as they are, and a proxy or server that
    removes dot segments (RFC 3986) would send the request to a different endpoint, e.g.
    ``DELETE /meetings/{id}/recordings/.`` to ``DELETE /meetings/{id}/recordings``.
    """
    if value.__class__ is str and _PLAIN(value):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"{name} must be a string or an integer, not {type(value).__name__}")
    text = str(value)
    if not text:
        raise ValueError(f"{name} must not be empty")
    if _is_dot_segment(text):
        raise ValueError(f"{name} must not be a dot segment ('.' or '..')")
    escaped = quote(text, safe="")
    if text.startswith("/") or "//" in text:
        escaped = quote(escaped, safe="")
    return escaped


def _is_dot_segment(text: str) -> bool:
    """``text`` is ``.`` or ``..`` as it is or after any number of percent-decodings (Zoom decodes
    a double-encoded UUID twice, and some front ends decode ``%2e`` before removing dot segments).
    Each decoding that changes the text shortens it, so the loop ends."""
    if text.strip(".%25eE"):
        return False  # a character no spelling of "." or ".." has: the common case, decided at once
    while text not in _DOT_SEGMENTS:
        decoded = unquote(text)
        if decoded == text:
            return False
        text = decoded
    return True


def meeting_number(value: object, *, name: str = "meeting_number") -> str:
    """The digits of a meeting or webinar number, as a string.

    Accepts a non-negative ``int``, or a string of ASCII digits in which whitespace is ignored, so
    the number may be written as Zoom prints it (``"812 3456 7890"``). A string keeps its leading
    zeros. Anything else -- empty, letters, a sign, a ``bool``, a ``float``, ``None`` -- raises
    ``ValueError`` whose message begins with ``name`` and never contains the value.

    The result is only digits, so it can be put in a path as it is.
    """
    if isinstance(value, bool):
        raise ValueError(f"{name} must be digits, not a bool")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{name} must not be negative")
        return str(value)
    if isinstance(value, str):
        digits = "".join(value.split())
        if not digits:
            raise ValueError(f"{name} must not be empty")
        if not (digits.isascii() and digits.isdigit()):
            raise ValueError(f"{name} must contain only digits (and spaces)")
        return digits
    raise ValueError(f"{name} must be an int or a string of digits, not {type(value).__name__}")


def meeting_id_segment(value: object, *, name: str = "meeting_id") -> str:
    """A path segment for a parameter that takes a meeting (or webinar) number or a UUID.

    An ``int``, or a string that is only digits and whitespace, is a number and goes through
    :func:`meeting_number` (``"812 3456 7890"`` becomes ``81234567890``). Any other string is a
    UUID and is escaped by :func:`path_segment`, encoded twice where Zoom requires it. Errors are
    those of the two functions.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return meeting_number(value, name=name)
    if isinstance(value, str):
        digits = "".join(value.split())
        if not digits or (digits.isascii() and digits.isdigit()):
            return meeting_number(value, name=name)
        return path_segment(value, name=name)
    raise ValueError(f"{name} must be a meeting number or a UUID, not {type(value).__name__}")

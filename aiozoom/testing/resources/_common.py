"""What the resource modules share: the body of a call, settings laid over settings, times as
Zoom sends them, the user a path names, and the error an operation documents.

Not a resource module: it has no routes (``MODULES`` in :mod:`aiozoom.testing.resources` does not
name it).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from aiozoom.testing._router import Call
from aiozoom.testing._state import ApiFailure, deep_merge

__all__ = [
    "USER_MISSING",
    "body_of",
    "documented",
    "documented_code",
    "merged",
    "parse_moment",
    "parse_time",
    "path_user",
]

USER_MISSING = (1001, "User does not exist: {userId}.")
"""The code and message of an unknown user where the operation documents none."""


def body_of(call: Call) -> dict[str, Any]:
    """The call's JSON body as an object; ``{}`` when none was sent (or it is no object)."""
    return call.body if isinstance(call.body, dict) else {}


def merged(base: Mapping[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
    """A new object: ``base`` with ``sent`` laid over it, objects key by key (neither is
    changed): :func:`~aiozoom.testing._state.deep_merge` on a copy."""
    return deep_merge(copy.deepcopy(dict(base)), sent)


def parse_moment(text: object) -> datetime | None:
    """The moment ``text`` names: ``yyyy-mm-dd`` (midnight) or an ISO 8601 date-time (``Z`` or
    ``z`` for UTC), read as UTC when it has no offset; ``None`` when it is no such string."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def parse_time(text: object) -> float | None:
    """The Unix time of the moment ``text`` names (see :func:`parse_moment`), or ``None``."""
    moment = parse_moment(text)
    return None if moment is None else moment.timestamp()


def documented(
    call: Call, status: int, fallback: tuple[int, str], /, *, hint: str = "", **names: str
) -> ApiFailure:
    """The error the operation documents for the HTTP ``status`` (the first whose message
    contains ``hint``, in any case), with its own code; else ``fallback`` (code, message).
    The message's ``{name}`` and ``$name`` placeholders are filled in from ``names`` (``{0}``
    with the first of them), and white space around it is dropped."""
    return _failure(call, status, None, fallback, hint, names)


def documented_code(
    call: Call, status: int, code: int, fallback: str, /, *, hint: str = "", **names: str
) -> ApiFailure:
    """The error the operation documents for the HTTP ``status`` and Zoom's ``code`` (the first
    whose message contains ``hint``, in any case); else ``code`` with the message ``fallback``.
    The message is filled in as :func:`documented` fills it."""
    return _failure(call, status, code, (code, fallback), hint, names)


def _failure(
    call: Call,
    status: int,
    code: int | None,
    fallback: tuple[int, str],
    hint: str,
    names: Mapping[str, str],
) -> ApiFailure:
    """:func:`documented` (``code`` ``None``: any code) and :func:`documented_code`."""
    hint = hint.lower()
    found_code, message = next(
        (
            (error_code, text)
            for error_status, error_code, text in call.spec.errors
            if error_status == status
            and (code is None or error_code == code)
            and hint in text.lower()
        ),
        fallback,
    )
    for name, value in names.items():
        message = message.replace("{" + name + "}", value).replace("$" + name, value)
    if names:
        message = message.replace("{0}", next(iter(names.values())))
    return ApiFailure(status, found_code, message.strip())


def path_user(call: Call) -> dict[str, Any]:
    """The account user the path parameter ``userId`` names; for an unknown one, the 404 the
    operation documents for it (code 1001, or 300 on some), else :data:`USER_MISSING`."""
    try:
        return call.user()
    except ApiFailure as failure:
        if failure.status != 404:
            raise
        value = call.param("userId")
        raise documented(
            call, 404, USER_MISSING, hint="user does not exist", userId=value
        ) from None

"""Pure decisions about Zoom's answers: ``(status, headers, body) -> data or exception``.

Nothing here does I/O, so every rule is tested with plain bytes.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from aiozoom.errors import (
    AuthenticationError,
    FieldError,
    InvalidResponseError,
    MissingScopesError,
    NotFoundError,
    PageTokenExpiredError,
    PermissionDeniedError,
    RateLimitExceeded,
    ZoomAPIError,
)
from aiozoom.http.rate_limits import classify_rate_limit

__all__ = [
    "TRACKING_ID_HEADER",
    "JSONLoads",
    "decode_json",
    "decode_response",
    "default_json_loads",
    "error_from_response",
    "is_error_object",
    "missing_scopes",
    "body_snippet",
    "rejected_token",
]

TRACKING_ID_HEADER = "x-zm-trackingid"

INVALID_TOKEN_CODE = 124
MISSING_SCOPES_CODE = 4711

_ERROR_CLASSES: dict[int, type[ZoomAPIError]] = {
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
}

# Zoom's codes for a JSON error object that arrives with a 2xx status.
_CODE_CLASSES: dict[int, type[ZoomAPIError]] = {
    INVALID_TOKEN_CODE: AuthenticationError,
    200: PermissionDeniedError,
    1001: NotFoundError,
    3001: NotFoundError,
    3301: NotFoundError,
}

_DEAD_TOKEN_MESSAGES = ("invalid access token", "access token is expired")
_SCOPES = re.compile(r"scopes?\s*:?\s*\[([^\]]*)\]", re.IGNORECASE)


_SNIPPET_CHARS = 200
_TAGS = re.compile(r"<[^>]{0,200}>")
_SPACE = re.compile(r"\s+")


def body_snippet(body: bytes, limit: int = _SNIPPET_CHARS) -> str:
    """The start of a body a person can read in an error message: markup and runs of white
    space collapsed, at most ``limit`` characters."""
    text = body[: limit * 8].decode("utf-8", "replace")
    text = _SPACE.sub(" ", _TAGS.sub(" ", text)).strip() or _SPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _int_code(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def rejected_token(status: int, body: bytes) -> tuple[int | None, str] | None:
    """Zoom's code and message if this answer says the bearer token is dead, else ``None``.

    Zoom answers an expired, revoked or unknown token with HTTP 401 and
    ``{"code": 124, "message": "Invalid access token."}``; some endpoints say
    ``"Access token is expired."``. Only code 124 -- or, with no code at all, one of those two
    messages -- is a dead token. Any other 401 is not, in particular a token that lacks a scope
    (``{"code": 4711, "message": "Invalid access token, does not contain scopes:[...]"}``):
    a new token would not help, so it is not replaced and the request is not replayed.
    """
    if status != 401:
        return None
    data = _json_object(body)
    if data is None:
        return None
    message = data.get("message")
    text = message if isinstance(message, str) else ""
    code = _int_code(data.get("code"))
    if code == INVALID_TOKEN_CODE:
        return code, text
    if "code" not in data and text.strip().rstrip(".").lower() in _DEAD_TOKEN_MESSAGES:
        return None, text
    return None


def missing_scopes(message: str) -> tuple[str, ...]:
    """The scopes a code-4711 message names: ``"...does not contain scopes:[a, b]"`` -> (a, b)."""
    found = _SCOPES.search(message)
    if found is None:
        return ()
    return tuple(s.strip() for s in re.split(r"[,\s]+", found.group(1)) if s.strip())


def is_error_object(data: object) -> bool:
    """Whether ``data`` is a Zoom error object: ``{"code": <int>, "message": <str>}``, with at
    most ``errors`` besides (what a 2xx answer may be, and then is raised as an error)."""
    return (
        isinstance(data, dict)
        and data.keys() <= {"code", "message", "errors"}
        and _int_code(data.get("code")) is not None
        and isinstance(data.get("message"), str)
    )


def _field_errors(raw: object) -> list[FieldError]:
    if not isinstance(raw, list):
        return []
    found = []
    for item in raw:
        if isinstance(item, dict):
            found.append(FieldError(str(item.get("field", "")), str(item.get("message", ""))))
    return found


def _is_page_token_error(status: int, message: str) -> bool:
    lowered = message.lower()
    return status in (400, 404) and ("next page token" in lowered or "next_page_token" in lowered)


def error_from_response(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    *,
    method: str,
    path: str,
    content_type: str = "",
    now: float | None = None,
) -> ZoomAPIError:
    """The exception for a non-2xx answer, with Zoom's code, message and field errors.

    A 429 is a :class:`~aiozoom.RateLimitExceeded` saying which limit and when to retry (``now``
    is the Unix time the answer arrived, for ``Retry-After``; the current time if omitted).
    """
    data = _json_object(body)
    code: int | None = None
    if data is not None:
        code = _int_code(data.get("code"))
        message = data.get("message")
        text = message if isinstance(message, str) else ""
        errors = _field_errors(data.get("errors"))
    else:
        kind = content_type or ("a non-JSON body" if body else "an empty body")
        text = f"Zoom answered with {kind}, not a JSON error"
        if body:
            text += f": {body_snippet(body)!r}"
        errors = []
    cls = _ERROR_CLASSES.get(status, ZoomAPIError)
    if 200 <= status < 300:
        cls = _CODE_CLASSES.get(code, ZoomAPIError) if code is not None else ZoomAPIError
    if _is_page_token_error(status, text):
        cls = PageTokenExpiredError
    fields: dict[str, Any] = {
        "status": status,
        "code": code,
        "message": text,
        "errors": errors,
        "tracking_id": headers.get(TRACKING_ID_HEADER),
        "method": method,
        "path": path,
        "headers": dict(headers),
    }
    if code == MISSING_SCOPES_CODE and status in (401, 403):
        return MissingScopesError(scopes=missing_scopes(text), **fields)
    if status == 429:
        hit = classify_rate_limit(status, headers, body, now=time.time() if now is None else now)
        assert hit is not None
        return RateLimitExceeded(
            category=hit.category,
            limit_type=hit.limit_type,
            retry_at=hit.retry_at,
            scope=hit.scope,
            limit=hit.limit,
            remaining=hit.remaining,
            **fields,
        )
    return cls(**fields)


JSONLoads = Callable[[bytes], Any]
"""A JSON decoder taking the body's bytes (``msgspec.json.Decoder().decode``)."""


def default_json_loads() -> JSONLoads | None:
    """msgspec's JSON decoder when msgspec is installed (``pip install aiozoom-sdk[speedups]``),
    else ``None``: the standard library's ``json``.

    msgspec decodes Zoom's pages in about half the time ``json`` takes and, unlike orjson
    (which reads an integer past 64 bits as a float), never answers other than ``json`` does
    when it answers at all.
    """
    try:
        import msgspec
    except ImportError:
        return None
    loads: JSONLoads = msgspec.json.Decoder().decode
    return loads


def decode_json(body: bytes, loads: JSONLoads | None = None) -> Any:
    """``body`` decoded as JSON, by ``loads`` if given, else (and whatever ``loads`` refuses) by
    the standard library; ``ValueError`` (or ``RecursionError``) if it is not JSON.

    Whatever ``loads`` refuses, ``json`` decodes as it would have: msgspec refuses ``NaN``,
    numbers out of a float's range, lone surrogates and a byte order mark, which ``json`` takes.
    """
    if loads is not None:
        try:
            return loads(body)
        except (ValueError, RecursionError):
            pass
    try:
        return json.loads(body.decode())  # UTF-8, as Zoom sends (json's detection costs)
    except (ValueError, RecursionError):
        return json.loads(body)  # a byte order mark, UTF-16 or UTF-32: json detects them


def decode_response(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    *,
    method: str,
    path: str,
    content_type: str = "",
    now: float | None = None,
    loads: JSONLoads | None = None,
) -> Any:
    """Decoded JSON for a 2xx answer (``None`` when empty), else raise the matching error.

    A 2xx answer whose body is a Zoom error object (``{"code": 1001, "message": "..."}``, nothing
    else) raises that error too, rather than becoming a model with every field unset. A 2xx body
    that is not JSON (an HTML page, truncated JSON), or an empty one that says it is JSON (other
    than a 204), raises :class:`~aiozoom.InvalidResponseError` with the start of the body.
    ``loads``: the JSON decoder to try first (see :func:`decode_json`).
    """
    if 200 <= status < 300:
        if not body:
            if status != 204 and "json" in content_type:
                raise _invalid(status, headers, body, method, path, content_type)
            return None
        try:  # decode_json's first step, inline: this runs on every answer
            data = json.loads(body.decode()) if loads is None else loads(body)
        except (ValueError, RecursionError):
            try:
                data = decode_json(body)
            except (ValueError, RecursionError):  # not JSON, or nested deeper than Python recurses
                raise _invalid(status, headers, body, method, path, content_type) from None
        # Cheap checks first: this runs on every answer.
        if data.__class__ is not dict or len(data) > 3 or not is_error_object(data):
            return data
    raise error_from_response(
        status, headers, body, method=method, path=path, content_type=content_type, now=now
    )


def _invalid(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    method: str,
    path: str,
    content_type: str,
) -> InvalidResponseError:
    kind = content_type or "no content type"
    if not body:
        what = f"an empty body ({kind})"
    else:
        what = f"a body that is not JSON ({kind}): {body_snippet(body)!r}"
    return InvalidResponseError(
        f"{method} {path}: HTTP {status} with {what}",
        status=status,
        method=method,
        path=path,
        tracking_id=headers.get(TRACKING_ID_HEADER),
        snippet=body_snippet(body),
    )

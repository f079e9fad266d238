"""Pure decisions about Zoom's answers: ``(status, headers, body) -> data or exception``.

Nothing here does I/O, so every rule is tested with plain bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiozoom.errors import (
    AuthenticationError,
    FieldError,
    InvalidResponseError,
    NotFoundError,
    PageTokenExpiredError,
    PermissionDeniedError,
    ZoomAPIError,
)

__all__ = [
    "TRACKING_ID_HEADER",
    "decode_response",
    "error_from_response",
    "rejected_token",
]

TRACKING_ID_HEADER = "x-zm-trackingid"

INVALID_TOKEN_CODE = 124

_ERROR_CLASSES: dict[int, type[ZoomAPIError]] = {
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
}


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def rejected_token(status: int, body: bytes) -> tuple[int | None, str] | None:
    """Zoom's code and message if this answer says the bearer token is dead, else ``None``.

    Zoom answers an expired, revoked or unknown token with HTTP 401 and
    ``{"code": 124, "message": "Invalid access token."}``; some endpoints say
    ``"Access token is expired."``. Other 401s (e.g. a missing scope on some endpoints) are not
    token rejections and are not retried.
    """
    if status != 401:
        return None
    data = _json_object(body)
    if data is None:
        return None
    code = data.get("code")
    message = data.get("message")
    text = message if isinstance(message, str) else ""
    lowered = text.lower()
    if code == INVALID_TOKEN_CODE or (
        "access token" in lowered and ("invalid" in lowered or "expired" in lowered)
    ):
        return (code if isinstance(code, int) and not isinstance(code, bool) else None, text)
    return None


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
) -> ZoomAPIError:
    """The exception for a non-2xx answer, with Zoom's code, message and field errors."""
    data = _json_object(body)
    code: int | None = None
    if data is not None:
        raw_code = data.get("code")
        if isinstance(raw_code, int) and not isinstance(raw_code, bool):
            code = raw_code
        message = data.get("message")
        text = message if isinstance(message, str) else ""
        errors = _field_errors(data.get("errors"))
    else:
        kind = content_type or ("a non-JSON body" if body else "an empty body")
        text = f"Zoom answered with {kind}, not a JSON error"
        errors = []
    cls = _ERROR_CLASSES.get(status, ZoomAPIError)
    if _is_page_token_error(status, text):
        cls = PageTokenExpiredError
    return cls(
        status=status,
        code=code,
        message=text,
        errors=errors,
        tracking_id=headers.get(TRACKING_ID_HEADER),
        method=method,
        path=path,
        headers=dict(headers),
    )


def decode_response(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    *,
    method: str,
    path: str,
    content_type: str = "",
) -> Any:
    """Decoded JSON for a 2xx answer (``None`` when empty), else raise the matching error."""
    if 200 <= status < 300:
        if not body:
            return None
        try:
            return json.loads(body)
        except ValueError:
            raise InvalidResponseError(
                f"{method} {path}: HTTP {status} with {content_type or 'a body'} that is not JSON",
                status=status,
                method=method,
                path=path,
                tracking_id=headers.get(TRACKING_ID_HEADER),
            ) from None
    raise error_from_response(
        status, headers, body, method=method, path=path, content_type=content_type
    )

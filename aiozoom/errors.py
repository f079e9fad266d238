"""The exceptions aiozoom raises.

Every error aiozoom raises on purpose is a :class:`ZoomError`. Errors carry what a person needs to
act on them (HTTP status, Zoom's ``code`` and ``message``, field errors, the tracking id, the method
and path) and never a credential: messages are built only from those fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

__all__ = [
    "AuthenticationError",
    "BodyNotReplayableError",
    "ClientClosedError",
    "EventLoopError",
    "FieldError",
    "InvalidResponseError",
    "MissingScopesError",
    "NotFoundError",
    "PageTokenExpiredError",
    "PermissionDeniedError",
    "RateLimitExceeded",
    "ResponseTooLargeError",
    "TokenRequestError",
    "TokenStorageError",
    "ZoomAPIError",
    "ZoomConnectionError",
    "ZoomError",
    "ZoomTimeoutError",
]


class ZoomError(Exception):
    """Base class of every error aiozoom raises on purpose."""


class ZoomConnectionError(ZoomError):
    """Zoom (or the token endpoint) could not be reached, or the connection failed mid-request.

    ``sent`` is ``False`` when the request provably never reached the server (the connection
    could not be made), so even a ``POST`` is safe to send again; ``True`` when it may have.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        url: str | None = None,
        sent: bool = True,
    ) -> None:
        super().__init__(message)
        self.method = method
        self.url = url
        self.sent = sent


class ZoomTimeoutError(ZoomConnectionError):
    """Zoom did not answer within the request's timeout (connecting, or in all)."""


class InvalidResponseError(ZoomError):
    """Zoom answered something the API does not promise (e.g. HTML instead of JSON)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        method: str | None = None,
        path: str | None = None,
        tracking_id: str | None = None,
        snippet: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.method = method
        self.path = path
        self.tracking_id = tracking_id
        self.snippet = snippet
        """The start of the body as received (for a body that could not be decoded)."""


class ResponseTooLargeError(InvalidResponseError):
    """An answer was larger than the client reads into memory (``max_response_size``).

    ``limit`` is the cap in bytes; ``size`` the answer's ``Content-Length`` when it sent one.
    """

    def __init__(self, message: str, *, limit: int, size: int | None = None) -> None:
        super().__init__(message)
        self.limit = limit
        self.size = size


class ClientClosedError(ZoomError, RuntimeError):
    """A :class:`~aiozoom.ZoomClient` was used after ``close()`` (or after its ``async with``)."""


class EventLoopError(ZoomError, RuntimeError):
    """A client or provider was used from an event loop other than the one it belongs to."""


@attrs.frozen
class FieldError:
    """One entry of the ``errors`` list Zoom sends with validation failures."""

    field: str
    message: str


class ZoomAPIError(ZoomError):
    """Zoom answered a request with a non-2xx status.

    Attributes mirror Zoom's error body ``{"code", "message", "errors"}`` plus the HTTP status, the
    ``x-zm-trackingid`` response header, and the request's method and path.
    """

    def __init__(
        self,
        *,
        status: int,
        code: int | None = None,
        message: str = "",
        errors: Sequence[FieldError] = (),
        tracking_id: str | None = None,
        method: str | None = None,
        path: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.errors: tuple[FieldError, ...] = tuple(errors)
        self.tracking_id = tracking_id
        self.method = method
        self.path = path
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        super().__init__(self._describe())

    def _describe(self) -> str:
        where = f"{self.method} {self.path}: " if self.method and self.path else ""
        code = f" (code {self.code})" if self.code is not None else ""
        text = f"{where}HTTP {self.status}{code}: {self.message or 'no message'}"
        if self.errors:
            text += "; " + "; ".join(f"{e.field}: {e.message}" for e in self.errors)
        if self.tracking_id:
            text += f" [tracking id {self.tracking_id}]"
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only constructors need help to pickle (e.g. across process pools).
        return (_rebuild, (type(self), self.__dict__))


def _rebuild(cls: type[ZoomAPIError], state: dict[str, Any]) -> ZoomAPIError:
    err = cls.__new__(cls)
    err.__dict__.update(state)
    Exception.__init__(err, err._describe())
    return err


class AuthenticationError(ZoomAPIError):
    """Zoom rejected the credentials: a 401 that survived a token refresh and replay."""


class BodyNotReplayableError(AuthenticationError):
    """Zoom rejected the token, and the request's body was a stream that cannot be sent again.

    The rejected token has been dropped, so calling again with a fresh body uses a new token.
    Send ``bytes`` (or a seekable file) to have such a request replayed for you.
    """


class PermissionDeniedError(ZoomAPIError):
    """HTTP 403: the token is valid but lacks a scope or the account lacks a feature."""


class MissingScopesError(PermissionDeniedError):
    """The token is valid but lacks the scopes this call needs (Zoom: HTTP 401, code 4711).

    ``scopes`` lists the scopes Zoom named as missing. Refreshing the token does not help: add the
    scopes to the app in the Zoom Marketplace (and, for user OAuth, have the user authorise again).
    """

    def __init__(self, *, scopes: Sequence[str] = (), **fields: Any) -> None:
        self.scopes: tuple[str, ...] = tuple(scopes)
        super().__init__(**fields)

    def _describe(self) -> str:
        text = super()._describe()
        if self.scopes:
            text += f"; missing scopes: {', '.join(self.scopes)}"
        return text


class RateLimitExceeded(ZoomAPIError):
    """Zoom's rate limit was reached (HTTP 429) and the call was not, or no longer, retried.

    ``limit_type`` is ``"QPS"`` (per second; per minute for Resource-intensive operations) or
    ``"Daily-limit"``; ``scope`` is ``"user"`` for the per-user rule (100 meeting creates and
    updates a day per user) and ``"account"`` otherwise. ``retry_at`` is when Zoom accepts the
    next request (an aware UTC datetime; the next 00:00 UTC for a daily limit), ``None`` if
    unknown. ``sent`` is ``False`` when aiozoom's own rate limiter refused the call before it was
    sent (the limit was already known to be spent).
    """

    def __init__(
        self,
        *,
        category: str | None = None,
        limit_type: str = "QPS",
        retry_at: datetime | None = None,
        scope: str = "account",
        limit: int | None = None,
        remaining: int | None = None,
        sent: bool = True,
        **fields: Any,
    ) -> None:
        self.category = category
        self.limit_type = limit_type
        self.retry_at = retry_at
        self.scope = scope
        self.limit = limit
        self.remaining = remaining
        self.sent = sent
        fields.setdefault("status", 429)
        super().__init__(**fields)

    def _describe(self) -> str:
        text = super()._describe()
        what = self.limit_type if self.category is None else f"{self.category} {self.limit_type}"
        text += f"; {'per-user ' if self.scope == 'user' else ''}{what} limit"
        if self.retry_at is not None:
            text += f", retry at {self.retry_at.isoformat()}"
        if not self.sent:
            text += " (not sent: aiozoom's rate limiter knows the limit is spent)"
        return text


class NotFoundError(ZoomAPIError):
    """HTTP 404: the user, meeting or other resource does not exist (e.g. Zoom codes 1001, 3001)."""


class PageTokenExpiredError(ZoomAPIError):
    """A ``next_page_token`` expired (Zoom keeps them 15 minutes) or was not recognised."""


class TokenRequestError(ZoomError):
    """The OAuth token endpoint refused to issue a token or answered something unusable.

    ``error`` and ``reason`` are the OAuth error fields Zoom sends (e.g. ``invalid_client``,
    ``"Invalid client_id or client_secret"``). The request's credentials are never included.
    ``transient`` is true when asking again may well succeed: the endpoint could not be reached,
    did not answer in time, or answered 429 or 5xx (a refusal of the credentials is not).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        error: str | None = None,
        reason: str | None = None,
        url: str | None = None,
        transient: bool | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.reason = reason
        self.url = url
        if transient is None:
            transient = status is not None and (status >= 500 or status == 429)
        self.transient = transient


class TokenStorageError(ZoomError):
    """A freshly issued token could not be saved (``on_token`` or the token store failed).

    The token is kept in memory and saving is tried again before it is used, so the rotated refresh
    token is not lost.
    """

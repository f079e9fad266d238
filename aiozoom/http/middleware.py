"""The aiohttp client middleware that attaches Zoom bearer tokens and recovers from dead ones.

``ClientSession(middlewares=(ZoomAuthMiddleware(provider, api_base_url),))``:

- the token goes only to requests for the API's origin (scheme, host and port), never to another
  host; aiohttp runs middlewares again for each redirect hop, so a hop to another origin (recording
  downloads redirect off-host) goes out without ``Authorization``;
- the provider refreshes proactively and single-flight; on the fast path this middleware does one
  origin comparison and reads the provider's current token (``ready_token``), awaiting nothing;
- a 401 saying the token is dead (Zoom code 124) makes the provider forget that token (only if it
  is still the current one) and the request is replayed once, under a fresh tenacity
  ``AsyncRetrying`` built for that request; a token still rejected after the replay raises
  ``AuthenticationError``. A body that was streamed cannot be sent twice: instead of replaying it
  empty, ``BodyNotReplayableError`` is raised. Other 401s (a missing scope) are not replayed;
- a 401's body is read into memory only up to :data:`MAX_REJECTION_SIZE` bytes.

Rate limits and 5xx retries are not handled here: they belong to a layer outside this one.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING

import aiohttp
import attrs
from aiohttp import ClientHandlerType, ClientRequest, ClientResponse, hdrs, payload
from yarl import URL

from aiozoom.auth.provider import TokenProvider
from aiozoom.errors import AuthenticationError, BodyNotReplayableError
from aiozoom.http._body import read_body
from aiozoom.http.responses import TRACKING_ID_HEADER, rejected_token

if TYPE_CHECKING:
    from tenacity import RetryCallState

__all__ = ["AWAITED_TOKEN_SOURCE", "MAX_REJECTION_SIZE", "ZoomAuthMiddleware"]

MAX_REJECTION_SIZE = 64 * 1024
"""Bytes of a 401 answer read to tell a dead token from other refusals (Zoom's are ~60)."""

AWAITED_TOKEN_SOURCE: ContextVar[str | None] = ContextVar("aiozoom_awaited_token", default=None)
"""Names the token source a request in this task is waiting for, while it waits.

The middleware sets it before asking the provider for a token and resets it once it has one; a
wait that ends in an exception leaves it set. A caller clears it before each request and reads it
when the request timed out, to tell a token endpoint that did not answer from an API that did not.
"""


def _token_source(provider: TokenProvider) -> str:
    url = getattr(provider, "token_url", None)
    return f"token endpoint {url}" if isinstance(url, str) else f"token provider {provider!r}"


def _replayable(body: object) -> bool:
    """Whether a request body can be sent again (bytes and seekable files can; streams cannot)."""
    if isinstance(body, payload.AsyncIterablePayload):
        return False
    return not getattr(body, "consumed", False)


@attrs.define
class _Attempt:
    response: ClientResponse
    token: str
    rejection: tuple[int | None, str] | None


def _last_attempt(state: RetryCallState) -> _Attempt:
    assert state.outcome is not None
    result: _Attempt = state.outcome.result()
    return result


def _still_rejected(attempt: _Attempt) -> bool:
    return attempt.rejection is not None


class ZoomAuthMiddleware:
    """Bearer-token middleware for one API origin and one token provider."""

    def __init__(self, provider: TokenProvider, api_base_url: str | URL, *, replays: int = 1):
        url = URL(api_base_url)
        if not url.absolute or url.scheme not in ("http", "https"):
            raise ValueError("api_base_url must be an absolute http(s) URL")
        if replays < 1:
            raise ValueError("replays must be at least 1")
        self.provider = provider
        # the token without awaiting anything, when the provider can say (see TokenProvider)
        self._ready: Callable[[], str | None] | None = getattr(provider, "ready_token", None)
        self._origin = (url.scheme, url.host, url.port)
        self._exact = (url.scheme, url.raw_authority)  # the origin as the base URL spells it
        self._replays = replays
        self._source = _token_source(provider)

    def __repr__(self) -> str:
        return f"ZoomAuthMiddleware({self.provider!r}, origin={self.origin!r})"

    @property
    def token_source(self) -> str:
        """Names where tokens come from, for messages: ``token endpoint https://...``."""
        return self._source

    @property
    def origin(self) -> str:
        """The origin (``scheme://host:port``) that gets the bearer token."""
        scheme, host, port = self._origin
        return f"{scheme}://{host}:{port}"

    def use_origin(self, api_base_url: str | URL) -> None:
        """Send the token to ``api_base_url``'s origin from now on, and to no other.

        The client calls this when the token response names the account's regional API host
        (``api_url``)."""
        url = URL(api_base_url)
        if not url.absolute or url.scheme not in ("http", "https"):
            raise ValueError("api_base_url must be an absolute http(s) URL")
        self._origin = (url.scheme, url.host, url.port)
        self._exact = (url.scheme, url.raw_authority)

    def applies_to(self, url: URL) -> bool:
        """Whether a request to ``url`` gets the bearer token."""
        return (url.scheme, url.raw_authority) == self._exact or (
            url.scheme,
            url.host,
            url.port,
        ) == self._origin

    async def __call__(self, req: ClientRequest, handler: ClientHandlerType) -> ClientResponse:
        url = req.url
        # (the first comparison, spelled as the base URL is, decides every call to the API)
        if (url.scheme, url.raw_authority) != self._exact and not self.applies_to(url):
            return await handler(req)  # the caller's own headers, if any, are left alone
        ready = self._ready
        token = ready() if ready is not None else None
        if token is None:
            waiting = AWAITED_TOKEN_SOURCE.set(self._source)
            token = await self.provider.get_token(req.session)
            AWAITED_TOKEN_SOURCE.reset(waiting)
        req.headers[hdrs.AUTHORIZATION] = "Bearer " + token
        resp = await handler(req)
        if resp.status != 401:
            return resp
        rejection = await self._rejection(req, resp)
        if rejection is None:
            return resp
        first = _Attempt(resp, token, rejection)
        if not _replayable(req.body):
            await self.provider.invalidate(token)
            raise self._error(
                req,
                first,
                BodyNotReplayableError,
                "; the request body was a stream and cannot be sent again, so the request was "
                "not replayed (the rejected token was dropped: call again with a new body)",
            )
        return await self._recover(req, handler, req.session, first)

    async def _rejection(
        self, req: ClientRequest, resp: ClientResponse
    ) -> tuple[int | None, str] | None:
        body = await read_body(resp, MAX_REJECTION_SIZE, what=f"{req.method} {req.url.path}")
        return rejected_token(resp.status, body)

    def _error(
        self,
        req: ClientRequest,
        attempt: _Attempt,
        cls: type[AuthenticationError] = AuthenticationError,
        note: str = "",
    ) -> AuthenticationError:
        assert attempt.rejection is not None
        code, message = attempt.rejection
        headers = attempt.response.headers
        attempt.response.release()
        return cls(
            status=401,
            code=code,
            message=message + note,
            tracking_id=headers.get(TRACKING_ID_HEADER),
            method=req.method,
            path=req.url.path,
            headers=dict(headers),
        )

    async def _recover(
        self,
        req: ClientRequest,
        handler: ClientHandlerType,
        session: aiohttp.ClientSession,
        first: _Attempt,
    ) -> ClientResponse:
        previous = first

        async def replay() -> _Attempt:
            nonlocal previous
            previous.response.release()
            await self.provider.invalidate(previous.token)
            waiting = AWAITED_TOKEN_SOURCE.set(self._source)
            token = await self.provider.get_token(session)
            AWAITED_TOKEN_SOURCE.reset(waiting)
            req.headers[hdrs.AUTHORIZATION] = "Bearer " + token
            resp = await handler(req)
            rejection = None
            if resp.status == 401:
                rejection = await self._rejection(req, resp)
            previous = _Attempt(resp, token, rejection)
            return previous

        # A fresh retrying object for this request: tenacity's objects keep per-call state.
        # (tenacity loads with the first rejected token, not with aiozoom.)
        from tenacity import AsyncRetrying, retry_if_result, stop_after_attempt

        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._replays),
            retry=retry_if_result(_still_rejected),
            retry_error_callback=_last_attempt,
        )
        outcome: _Attempt = await retrying(replay)
        if outcome.rejection is None:
            return outcome.response
        await self.provider.invalidate(outcome.token)
        raise self._error(req, outcome)

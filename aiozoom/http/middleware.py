"""The aiohttp client middleware that attaches Zoom bearer tokens and recovers from dead ones.

``ClientSession(middlewares=(ZoomAuthMiddleware(provider, api_base_url),))``:

- the token goes only to requests for the API's origin (scheme, host and port), never to another
  host; aiohttp runs middlewares again for each redirect hop, so a hop to another origin (recording
  downloads redirect off-host) goes out without ``Authorization``;
- the provider refreshes proactively and single-flight; on the fast path this middleware does one
  origin comparison and one awaited call that takes no lock and does no I/O;
- a 401 saying the token is dead makes the provider forget that token (only if it is still the
  current one) and the request is replayed once, under a fresh tenacity ``AsyncRetrying`` built for
  that request; a token still rejected after the replay raises ``AuthenticationError``.

Rate limits and 5xx retries are not handled here: they belong to a layer outside this one.
"""

from __future__ import annotations

import aiohttp
import attrs
from aiohttp import ClientHandlerType, ClientRequest, ClientResponse, hdrs
from tenacity import AsyncRetrying, RetryCallState, retry_if_result, stop_after_attempt
from yarl import URL

from aiozoom.auth.provider import TokenProvider
from aiozoom.errors import AuthenticationError
from aiozoom.http.responses import TRACKING_ID_HEADER, rejected_token

__all__ = ["ZoomAuthMiddleware"]


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
        self._origin = (url.scheme, url.host, url.port)
        self._replays = replays

    def __repr__(self) -> str:
        scheme, host, port = self._origin
        return f"ZoomAuthMiddleware({self.provider!r}, origin='{scheme}://{host}:{port}')"

    def applies_to(self, url: URL) -> bool:
        """Whether a request to ``url`` gets the bearer token."""
        return (url.scheme, url.host, url.port) == self._origin

    async def __call__(self, req: ClientRequest, handler: ClientHandlerType) -> ClientResponse:
        if not self.applies_to(req.url):
            return await handler(req)  # the caller's own headers, if any, are left alone
        session = req.session
        token = await self.provider.get_token(session)
        req.headers[hdrs.AUTHORIZATION] = "Bearer " + token
        resp = await handler(req)
        if resp.status != 401:
            return resp
        rejection = rejected_token(resp.status, await resp.read())
        if rejection is None:
            return resp
        return await self._recover(req, handler, session, _Attempt(resp, token, rejection))

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
            token = await self.provider.get_token(session)
            req.headers[hdrs.AUTHORIZATION] = "Bearer " + token
            resp = await handler(req)
            rejection = None
            if resp.status == 401:
                rejection = rejected_token(resp.status, await resp.read())
            previous = _Attempt(resp, token, rejection)
            return previous

        # A fresh retrying object for this request: tenacity's objects keep per-call state.
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._replays),
            retry=retry_if_result(_still_rejected),
            retry_error_callback=_last_attempt,
        )
        outcome: _Attempt = await retrying(replay)
        if outcome.rejection is None:
            return outcome.response
        await self.provider.invalidate(outcome.token)
        code, message = outcome.rejection
        headers = outcome.response.headers
        outcome.response.release()
        raise AuthenticationError(
            status=401,
            code=code,
            message=message,
            tracking_id=headers.get(TRACKING_ID_HEADER),
            method=req.method,
            path=req.url.path,
            headers=dict(headers),
        )

"""``ZoomClient``: the one entry point, ``async with ZoomClient(auth) as zoom:``.

The client owns its aiohttp session unless given one (and then never closes it). Its auth middleware
attaches and rotates tokens; ``request`` is the escape hatch for any endpoint and the path every
typed resource method goes through. Answers are read into memory up to ``max_response_size``
bytes. A client belongs to the event loop it first runs in and cannot be used after ``close()``.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self

import aiohttp
from aiohttp import hdrs
from yarl import URL

from aiozoom._version import __version__
from aiozoom.auth.provider import TokenProvider
from aiozoom.errors import (
    ClientClosedError,
    EventLoopError,
    ResponseTooLargeError,
    TokenRequestError,
    ZoomConnectionError,
    ZoomError,
)
from aiozoom.http._body import read_body
from aiozoom.http._failures import describe, safe_cause
from aiozoom.http.middleware import AWAITED_TOKEN_SOURCE, ZoomAuthMiddleware
from aiozoom.http.params import encode_params
from aiozoom.http.responses import decode_response

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_MAX_RESPONSE_SIZE", "ZoomClient"]

DEFAULT_BASE_URL = "https://api.zoom.us/v2"

DEFAULT_MAX_RESPONSE_SIZE = 16 * 1024 * 1024
"""Bytes of one answer read into memory at most (Zoom's largest pages are a few hundred KiB)."""

# "." or ".." as a whole segment, also percent-encoded: a front end that normalises dot segments
# (RFC 3986) would send such a path to a different operation.
_DOT_SEGMENT = re.compile(r"(?:^|/)(?:\.|%2e){1,2}(?:/|$|\?|#)", re.IGNORECASE)

_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})


class ZoomClient:
    """An async client for the Zoom REST API (v2)."""

    def __init__(
        self,
        auth: TokenProvider,
        *,
        base_url: str = DEFAULT_BASE_URL,
        session: aiohttp.ClientSession | None = None,
        timeout: float = 60.0,
        user_agent: str | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
    ) -> None:
        if not isinstance(auth, TokenProvider):
            raise ValueError("auth must be a token provider such as ServerToServerOAuth")
        if (
            isinstance(max_response_size, bool)
            or not isinstance(max_response_size, int)
            or max_response_size < 1
        ):
            raise ValueError("max_response_size must be a positive number of bytes")
        url = URL(base_url)
        if not url.absolute or url.scheme not in ("http", "https"):
            raise ValueError("base_url must be an absolute http(s) URL")
        self.auth = auth
        self.base_url = str(url).rstrip("/")
        self._middleware = ZoomAuthMiddleware(auth, url)
        self._session = session
        self._owns_session = session is None
        self._closed = False
        self.max_response_size = max_response_size
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._user_agent = user_agent or f"aiozoom/{__version__}"
        # A caller's session keeps its own middlewares; ours is added per request after them.
        self._request_middlewares: tuple[Any, ...] | None = (
            None if session is None else (*getattr(session, "_middlewares", ()), self._middleware)
        )
        self._init_resources()

    def _init_resources(self) -> None:
        # The generated API (aiozoom.api): one resource per namespace of aiozoom.api.NAMESPACES.
        from aiozoom import api

        self.accounts = api.AccountsResource(self)
        self.archiving = api.ArchivingResource(self)
        self.contact_groups = api.ContactGroupsResource(self)
        self.dashboards = api.DashboardsResource(self)
        self.groups = api.GroupsResource(self)
        self.h323_devices = api.H323DevicesResource(self)
        self.im_groups = api.ImGroupsResource(self)
        self.meetings = api.MeetingsResource(self)
        self.pac = api.PacResource(self)
        self.recordings = api.RecordingsResource(self)
        self.reports = api.ReportsResource(self)
        self.roles = api.RolesResource(self)
        self.rooms = api.RoomsResource(self)
        self.sip_phones = api.SipPhonesResource(self)
        self.tracking_fields = api.TrackingFieldsResource(self)
        self.tsp = api.TspResource(self)
        self.users = api.UsersResource(self)
        self.webinars = api.WebinarsResource(self)
        self.workspaces = api.WorkspacesResource(self)

    def __repr__(self) -> str:
        return f"ZoomClient({self.auth!r}, base_url={self.base_url!r})"

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has been called (a closed client cannot be used again)."""
        return self._closed

    @property
    def session(self) -> aiohttp.ClientSession:
        """The aiohttp session requests go through (created on first use if the client owns it).

        Raises :class:`~aiozoom.ClientClosedError` after :meth:`close`, and
        :class:`~aiozoom.EventLoopError` from an event loop other than the session's.
        """
        if self._closed:
            raise ClientClosedError(
                "this ZoomClient is closed; create a new one (e.g. `async with ZoomClient(auth) "
                "as zoom:`) for further requests"
            )
        session = self._session
        if session is None or (self._owns_session and session.closed):
            session = self._session = aiohttp.ClientSession(
                middlewares=(self._middleware,),
                timeout=self._timeout,
                headers={"User-Agent": self._user_agent},
            )
        else:
            self._check_loop(session)
        return session

    @staticmethod
    def _check_loop(session: aiohttp.ClientSession) -> None:
        loop = getattr(session, "_loop", None)
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            return  # not in a coroutine: aiohttp says so itself when a request is made
        if loop is not None and loop is not running:
            raise EventLoopError(
                "this ZoomClient's session belongs to another event loop (e.g. an earlier "
                "asyncio.run); an aiohttp session cannot move between loops. Create the client "
                "inside the coroutine that uses it: `async with ZoomClient(auth) as zoom:` "
                "(token providers can be shared across loops)"
            )

    def _check_usable(self, session: aiohttp.ClientSession) -> None:
        """Raise the clear error for a session aiohttp refused to use, if there is one."""
        self._check_loop(session)
        if session.closed:
            raise ClientClosedError(
                "this ZoomClient's session was closed from outside; create a new client (or "
                "close the client itself with `await zoom.close()`)"
            ) from None

    async def __aenter__(self) -> Self:
        _ = self.session
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the client, and its session if this client opened it.

        A token refresh in flight is allowed to finish first (bounded by the provider's
        timeout), so that closing the session under it cannot lose a pair Zoom has rotated.
        """
        if self._closed:
            return
        self._closed = True
        drain = getattr(self.auth, "drain", None)
        session = self._session
        self._session = None
        try:
            if callable(drain) and session is not None and not session.closed:
                await drain()
        finally:
            if self._owns_session and session is not None:
                await session.close()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: bytes | None = None,
        content_type: str | None = None,
    ) -> Any:
        """Call any endpoint: ``await zoom.request("GET", "/users/me")``.

        ``path`` is relative to the base URL, already escaped (see ``aiozoom.http.path_segment``).
        The body is ``json`` (encoded for you) or raw ``data`` bytes sent with ``content_type``
        (file uploads); a body is kept in memory so it can be replayed after a token refresh.
        Returns the decoded JSON, or ``None`` for an empty answer (204). Non-2xx answers raise
        ``ZoomAPIError`` (or a subclass); network failures raise ``ZoomConnectionError``.
        """
        method = method.upper()
        if method not in _METHODS:
            raise ValueError(f"method must be one of {sorted(_METHODS)}, not {method!r}")
        if not path.startswith("/"):
            raise ValueError("path must start with '/' (relative to the base URL)")
        if ("." in path or "%" in path) and _DOT_SEGMENT.search(path):
            raise ValueError("path must not contain '.' or '..' segments")
        if data is not None and json is not None:
            raise ValueError("data and json cannot be sent together")
        headers = {"Content-Type": content_type} if data is not None and content_type else None
        url = URL(self.base_url + path, encoded=True)
        # The session in use is checked (closed client, other event loop) only when aiohttp
        # objects: this is the hot path of every call.
        session = self._session
        if session is None:
            session = self.session  # opens one, or says why it cannot be used
        limit = self.max_response_size
        AWAITED_TOKEN_SOURCE.set(None)  # whatever an earlier request in this task left there
        failure: ZoomError
        cause: BaseException | None = None
        try:
            async with session.request(
                method,
                url,
                params=encode_params(params) if params else None,
                json=json,
                data=data,
                headers=headers,
                middlewares=self._request_middlewares,
            ) as resp:
                length = resp.content_length
                if (
                    length is not None
                    and length <= limit
                    and hdrs.CONTENT_ENCODING not in resp.headers
                ):
                    body = await resp.read()  # aiohttp reads no more than Content-Length
                else:
                    body = await read_body(resp, limit, what=f"{method} {path}")
                return decode_response(
                    resp.status,
                    resp.headers,
                    body,
                    method=method,
                    path=path,
                    content_type=resp.headers.get(hdrs.CONTENT_TYPE, ""),
                )
        except TimeoutError:
            source = AWAITED_TOKEN_SOURCE.get()
            if source is not None:
                failure = TokenRequestError(
                    f"{method} {path}: no token from the {source} within the client's "
                    f"{self._timeout.total:g} s timeout; the API was not called"
                )
            else:
                failure = ZoomConnectionError(
                    f"{method} {path}: Zoom did not answer in time", method=method, url=str(url)
                )
        except ResponseTooLargeError as exc:
            exc.method, exc.path = method, path
            raise
        except RuntimeError:
            self._check_usable(session)  # a closed session or another event loop, said clearly
            raise
        except (aiohttp.ClientError, OSError, asyncio.IncompleteReadError) as exc:
            failure = ZoomConnectionError(
                f"{method} {path}: {describe(exc)}", method=method, url=str(url)
            )
            cause = safe_cause(exc)
        # Raised outside the except clauses, so the original exception is not chained implicitly
        # (aiohttp's response errors hold the request headers, bearer token included).
        raise failure from cause

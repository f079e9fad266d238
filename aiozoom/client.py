"""``ZoomClient``: the one entry point, ``async with ZoomClient(auth) as zoom:``.

The client owns its aiohttp session unless given one (and then never closes it). Its auth middleware
attaches and rotates tokens; ``request`` is the escape hatch for any endpoint and the path every
typed resource method goes through.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self

import aiohttp
from yarl import URL

from aiozoom._version import __version__
from aiozoom.auth.provider import TokenProvider
from aiozoom.errors import ZoomConnectionError
from aiozoom.http.middleware import ZoomAuthMiddleware
from aiozoom.http.params import encode_params
from aiozoom.http.responses import decode_response

__all__ = ["DEFAULT_BASE_URL", "ZoomClient"]

DEFAULT_BASE_URL = "https://api.zoom.us/v2"

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
    ) -> None:
        if not isinstance(auth, TokenProvider):
            raise ValueError("auth must be a token provider such as ServerToServerOAuth")
        url = URL(base_url)
        if not url.absolute or url.scheme not in ("http", "https"):
            raise ValueError("base_url must be an absolute http(s) URL")
        self.auth = auth
        self.base_url = str(url).rstrip("/")
        self._middleware = ZoomAuthMiddleware(auth, url)
        self._session = session
        self._owns_session = session is None
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
    def session(self) -> aiohttp.ClientSession:
        """The aiohttp session requests go through (created on first use if the client owns it)."""
        if self._session is None or (self._owns_session and self._session.closed):
            self._session = aiohttp.ClientSession(
                middlewares=(self._middleware,),
                timeout=self._timeout,
                headers={"User-Agent": self._user_agent},
            )
        return self._session

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
        """Close the session if this client opened it."""
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None

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
        if data is not None and json is not None:
            raise ValueError("data and json cannot be sent together")
        headers = {"Content-Type": content_type} if data is not None and content_type else None
        url = URL(self.base_url + path, encoded=True)
        session = self.session
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
                body = await resp.read()
                return decode_response(
                    resp.status,
                    resp.headers,
                    body,
                    method=method,
                    path=path,
                    content_type=resp.headers.get("Content-Type", ""),
                )
        except TimeoutError:
            raise ZoomConnectionError(
                f"{method} {path}: Zoom did not answer in time", method=method, url=str(url)
            ) from None
        except (aiohttp.ClientError, OSError, asyncio.IncompleteReadError) as exc:
            raise ZoomConnectionError(
                f"{method} {path}: {type(exc).__name__}: {exc}", method=method, url=str(url)
            ) from exc

"""``ZoomClient``: the one entry point, ``async with ZoomClient(auth) as zoom:``.

The client owns its aiohttp session unless given one (and then never closes it). Its auth middleware
attaches and rotates tokens; ``request`` is the escape hatch for any endpoint and the path every
typed resource method goes through. Around each call, outside the auth middleware: the rate
limiter (:class:`~aiozoom.RateLimiter`) and the retry policy (:class:`~aiozoom.RetryPolicy`), so
every attempt passes through auth again. Answers are read into memory up to
``max_response_size`` bytes. ``with_options(...)`` gives a copy with other timeouts, retry policy
or headers that shares everything else. A client belongs to the event loop it first runs in and
cannot be used after ``close()``.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import math
import re
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Final, Self

import aiohttp
from aiohttp import hdrs
from multidict import istr
from yarl import URL

from aiozoom._version import __version__
from aiozoom.api._namespaces import Namespaces
from aiozoom.auth.provider import TokenProvider
from aiozoom.errors import (
    ClientClosedError,
    EventLoopError,
    RateLimitExceeded,
    ResponseTooLargeError,
    TokenRequestError,
    ZoomConnectionError,
    ZoomError,
    ZoomTimeoutError,
)
from aiozoom.http._body import read_body
from aiozoom.http._failures import describe, safe_cause
from aiozoom.http._retrying import may_retry, retry_call, with_total
from aiozoom.http.middleware import AWAITED_TOKEN_SOURCE, ZoomAuthMiddleware
from aiozoom.http.params import encode_params
from aiozoom.http.paths import path_segment
from aiozoom.http.rate_limits import (
    LIMIT_HEADER,
    TYPE_HEADER,
    Category,
    RateLimitHit,
    RateLimitStatus,
    rate_limit_status,
)
from aiozoom.http.regions import regional_base_url
from aiozoom.http.responses import (
    JSONLoads,
    decode_response,
    default_json_loads,
    is_error_object,
)
from aiozoom.rate_limiter import RateLimiter
from aiozoom.retry import RetryBudget, RetryPolicy

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_FILE_SIZE",
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_TIMEOUT",
    "ZoomClient",
]

log = logging.getLogger("aiozoom.client")

DEFAULT_BASE_URL = "https://api.zoom.us/v2"

DEFAULT_MAX_RESPONSE_SIZE = 16 * 1024 * 1024
DEFAULT_MAX_FILE_SIZE = 256 * 1024 * 1024
"""The most a file answer (a phone recording, a clip, an export) is read into memory; stream
larger ones to disk with ``aiozoom.downloads.download_file``."""
"""Bytes of one answer read into memory at most (Zoom's largest pages are a few hundred KiB)."""

DEFAULT_TIMEOUT = aiohttp.ClientTimeout(total=60.0, sock_connect=10.0)
"""Per attempt: 10 s to connect, 60 s for the whole request and answer."""

# "." or ".." as a whole segment, also percent-encoded: a front end that normalises dot segments
# (RFC 3986) would send such a path to a different operation.
_DOT_SEGMENT = re.compile(r"(?:^|/)(?:\.|%2e){1,2}(?:/|$|\?|#)", re.IGNORECASE)

_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})

# Looked up in every answer: as istr, aiohttp's header mapping skips case-folding the name.
_LIMIT_HEADER = istr(LIMIT_HEADER)
_TYPE_HEADER = istr(TYPE_HEADER)


class _Default:
    def __repr__(self) -> str:
        return "<default>"


_DEFAULT: Final[Any] = _Default()
_std_loads = json.loads  # (request's argument "json" hides the module there)
SHARED_STORE_REPLAYS = 3
"""Replays of a request whose token Zoom rejected, for a provider with a shared token store."""


def _timeout(value: float | aiohttp.ClientTimeout, name: str = "timeout") -> aiohttp.ClientTimeout:
    if isinstance(value, aiohttp.ClientTimeout):
        return value
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not value > 0
    ):
        raise ValueError(f"{name} must be a positive number of seconds or an aiohttp.ClientTimeout")
    return aiohttp.ClientTimeout(total=float(value), sock_connect=DEFAULT_TIMEOUT.sock_connect)


def _headers(value: Mapping[str, str] | None) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError("headers must map header names to str values")
    return dict(value) or None


def _no_token(
    method: str, path: str, source: str, timeout: aiohttp.ClientTimeout
) -> TokenRequestError:
    return TokenRequestError(
        f"{method} {path}: no token from the {source} within the client's "
        f"{timeout.total or 0:.3g} s timeout; the API was not called",
        transient=True,
    )


def _category(method: str, path: str) -> Category:
    """The rate-limit category of a request, from the operation table (unknown: Light)."""
    from aiozoom.api._operation import find_operation  # the table loads when first needed

    operation = find_operation(method, path)
    category = operation.category if operation is not None else None
    return category or "Light"


class _Shared:
    """What a client and the copies ``with_options`` makes of it share."""

    def __init__(
        self,
        auth: TokenProvider,
        base_url: str,
        pinned: bool,
        session: aiohttp.ClientSession | None,
        timeout: aiohttp.ClientTimeout,
        user_agent: str,
        max_response_size: int,
        limiter: RateLimiter | None,
        budget: RetryBudget,
        max_file_size: int = 0,
        loads: JSONLoads | None = None,
    ) -> None:
        self.auth = auth
        self.loads = loads
        self.base_url = base_url
        # base_url given, or tokens that cannot name a regional host: no region to follow
        self.pinned = pinned or not hasattr(auth, "current_token")
        self.api_url_seen: str | None = None
        # With a shared store a replay may adopt a token another worker has found dead but not
        # yet replaced: one 401 more tells this worker so, and the next replay has a live one.
        replays = SHARED_STORE_REPLAYS if getattr(auth, "shares_tokens", False) else 1
        self.middleware = ZoomAuthMiddleware(auth, base_url, replays=replays)
        self.session = session
        self.owns_session = session is None
        self.closed = False
        self.timeout = timeout
        self.user_agent = user_agent
        self.max_response_size = max_response_size
        self.max_file_size = max_file_size or max_response_size
        self.limiter = limiter
        self.budget = budget
        self.rate_limits: dict[tuple[str, str | None], RateLimitStatus] = {}
        # A caller's session keeps its own middlewares; ours is added per request after them.
        self.request_middlewares: tuple[Any, ...] | None = (
            None if session is None else (*getattr(session, "_middlewares", ()), self.middleware)
        )


def _host_of(base_url: str) -> str:
    """Where host-relative paths (``/scim2/...``) go: the base URL without its ``/v2``
    (``https://api.zoom.us/v2`` -> ``https://api.zoom.us``); a base URL that does not end in
    ``/v2`` (a gateway at ``https://gw.example/zoom``) keeps its path, so calls stay under it."""
    base = base_url.rstrip("/")
    if base.endswith("/v2") and URL(base).path.endswith("/v2"):  # a path, not a host "v2"
        return base[: -len("/v2")]
    return base


class ZoomClient(Namespaces):
    """An async client for the Zoom REST API (v2).

    ``base_url``: the API to call. Left out, calls go to Zoom's default host -- or to the
    account's regional host when the token response names one (``api_url``); given, it is used
    as it is. ``timeout``: seconds (or an ``aiohttp.ClientTimeout``) per attempt; the default is
    10 s to connect and 60 s in all (with a ``session`` of yours: that session's timeout).
    ``retry``: a :class:`~aiozoom.RetryPolicy` (``None`` turns retries off). ``rate_limiter``: a
    :class:`~aiozoom.RateLimiter` (share one between clients of the same account; ``None`` turns
    client-side limiting off); the default paces nothing until Zoom answers 429, then paces that
    category. ``headers`` are sent with every call. ``json_loads``: the JSON decoder for Zoom's
    answers, given the body's bytes; the default is msgspec's when msgspec is installed
    (``pip install aiozoom-sdk[speedups]``), else the standard library's ``json``, which also
    decodes anything the other refuses, so the answers are the same either way.
    """

    _account: str = ""  # "/accounts/<id>" on a client made by for_account()

    def __init__(
        self,
        auth: TokenProvider,
        *,
        base_url: str | None = None,
        session: aiohttp.ClientSession | None = None,
        timeout: float | aiohttp.ClientTimeout | None = None,
        retry: RetryPolicy | None = _DEFAULT,
        rate_limiter: RateLimiter | None = _DEFAULT,
        headers: Mapping[str, str] | None = None,
        user_agent: str | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        json_loads: Callable[[bytes], Any] | None = _DEFAULT,
    ) -> None:
        if not isinstance(auth, TokenProvider):
            raise ValueError("auth must be a token provider such as ServerToServerOAuth")
        if (
            isinstance(max_response_size, bool)
            or not isinstance(max_response_size, int)
            or max_response_size < 1
        ):
            raise ValueError("max_response_size must be a positive number of bytes")
        if (
            isinstance(max_file_size, bool)
            or not isinstance(max_file_size, int)
            or max_file_size < 1
        ):
            raise ValueError("max_file_size must be a positive number of bytes")
        url = URL(base_url if base_url is not None else DEFAULT_BASE_URL)
        if not url.absolute or url.scheme not in ("http", "https"):
            raise ValueError("base_url must be an absolute http(s) URL")
        if retry is _DEFAULT:
            retry = RetryPolicy()
        elif retry is not None and not isinstance(retry, RetryPolicy):
            raise ValueError("retry must be a RetryPolicy or None")
        if rate_limiter is _DEFAULT:
            clocks = retry if retry is not None else RetryPolicy()
            rate_limiter = RateLimiter(
                clock=clocks.clock, wall_clock=clocks.wall_clock, sleep=clocks.sleep
            )
        elif rate_limiter is not None and not isinstance(rate_limiter, RateLimiter):
            raise ValueError("rate_limiter must be a RateLimiter or None")
        if json_loads is _DEFAULT:
            json_loads = default_json_loads()
        elif json_loads is json.loads:
            json_loads = None  # the standard library's own path (it takes UTF-8 as text)
        elif json_loads is not None and not callable(json_loads):
            raise ValueError("json_loads must be a function from bytes to decoded JSON, or None")
        policy = retry if retry is not None else RetryPolicy()
        self._shared = _Shared(
            auth=auth,
            base_url=str(url).rstrip("/"),
            pinned=base_url is not None,
            session=session,
            timeout=DEFAULT_TIMEOUT if timeout is None else _timeout(timeout),
            user_agent=user_agent or f"aiozoom/{__version__}",
            max_response_size=max_response_size,
            limiter=rate_limiter,
            budget=RetryBudget(policy.budget, policy.budget_ratio),
            max_file_size=max_file_size,
            loads=json_loads,
        )
        self._retry: RetryPolicy | None = retry
        # None: the session's own (ours has the client's timeout; a caller's session keeps its
        # own unless a timeout was given)
        self._attempt_timeout: aiohttp.ClientTimeout | None = (
            _timeout(timeout) if timeout is not None and session is not None else None
        )
        self._headers = _headers(headers)

    def with_options(
        self,
        *,
        timeout: float | aiohttp.ClientTimeout | None = None,
        retry: RetryPolicy | None = _DEFAULT,
        headers: Mapping[str, str] | None = None,
    ) -> ZoomClient:
        """A copy of this client for some calls, with other options; it shares everything else.

        ``zoom.with_options(timeout=5).users.get(uid)``;
        ``zoom.with_options(retry=zoom.retry.replace(retry_writes=True)).meetings.create(...)``
        (``zoom.retry`` is ``None`` when retries are off); ``retry=None`` turns retries off;
        ``headers`` are added to this client's. The copy shares the session, token provider,
        rate limiter, retry budget and rate-limit state, and closing either closes both.
        """
        copy = object.__new__(ZoomClient)
        copy._shared = self._shared
        copy._retry = self._retry
        copy._attempt_timeout = self._attempt_timeout
        copy._headers = self._headers
        copy._account = self._account
        if retry is not _DEFAULT:
            if retry is not None and not isinstance(retry, RetryPolicy):
                raise ValueError("retry must be a RetryPolicy or None")
            copy._retry = retry
        if timeout is not None:
            copy._attempt_timeout = _timeout(timeout)
        extra = _headers(headers)
        if extra:
            copy._headers = {**(self._headers or {}), **extra}
        return copy

    def for_account(self, account_id: str) -> ZoomClient:
        """This client acting for a sub-account of the master account it is authorized for.

        ``zoom.for_account(sub_id).users.list()`` calls ``GET /accounts/{sub_id}/users``: every
        operation Zoom offers to master accounts (761 of them, ``Operation.master_path``) is the
        same method, sent to the sub-account's path. A method without a master-account form
        raises ``ValueError`` rather than act on the master account itself. The copy shares the
        session, token, rate limiter and options, like :meth:`with_options`.
        """
        if not isinstance(account_id, str) or not account_id:
            raise ValueError("account_id must be a non-empty string")
        copy = self.with_options()
        copy._account = "/accounts/" + path_segment(account_id, name="account_id")
        return copy

    def __repr__(self) -> str:
        return f"ZoomClient({self.auth!r}, base_url={self.base_url!r})"

    # -- what the client is -------------------------------------------------------------------

    @property
    def auth(self) -> TokenProvider:
        """The token provider."""
        return self._shared.auth

    @property
    def base_url(self) -> str:
        """Where calls go now (the account's regional host once a token has named it)."""
        return self._shared.base_url

    @property
    def max_response_size(self) -> int:
        return self._shared.max_response_size

    @property
    def max_file_size(self) -> int:
        """The most a file answer (``request(raw=True)``) is read into memory, in bytes."""
        return self._shared.max_file_size

    @property
    def retry(self) -> RetryPolicy | None:
        """This client's retry policy (``None``: no retries)."""
        return self._retry

    @property
    def rate_limiter(self) -> RateLimiter | None:
        return self._shared.limiter

    @property
    def rate_limits(self) -> Mapping[tuple[str, str | None], RateLimitStatus]:
        """The last ``X-RateLimit-*`` values Zoom sent for the account, by category and limit
        type: ``zoom.rate_limits[("Heavy", "Daily-limit")]`` (the type is ``None`` when Zoom did
        not name one). The per-user meeting rule's 429s are not kept here."""
        return dict(self._shared.rate_limits)

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has been called (a closed client cannot be used again)."""
        return self._shared.closed

    @property
    def session(self) -> aiohttp.ClientSession:
        """The aiohttp session requests go through (created on first use if the client owns it).

        Raises :class:`~aiozoom.ClientClosedError` after :meth:`close`, and
        :class:`~aiozoom.EventLoopError` from an event loop other than the session's.
        """
        shared = self._shared
        if shared.closed:
            raise ClientClosedError(
                "this ZoomClient is closed; create a new one (e.g. `async with ZoomClient(auth) "
                "as zoom:`) for further requests"
            )
        session = shared.session
        if session is None or (shared.owns_session and session.closed):
            session = shared.session = aiohttp.ClientSession(
                middlewares=(shared.middleware,),
                timeout=shared.timeout,
                headers={"User-Agent": shared.user_agent},
            )
            # aiohttp sends an idempotent request again, once and unseen, when a reused
            # connection drops; the retry policy decides that here, counted and budgeted.
            if hasattr(session, "_retry_connection"):
                session._retry_connection = False
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
        shared = self._shared
        if shared.closed:
            return
        shared.closed = True
        drain = getattr(shared.auth, "drain", None)
        session = shared.session
        shared.session = None
        try:
            if callable(drain) and session is not None and not session.closed:
                await drain()
        finally:
            if shared.owns_session and session is not None:
                await session.close()

    # -- calls --------------------------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: bytes | None = None,
        content_type: str | None = None,
        raw: bool = False,
        headers: Mapping[str, str | None] | None = None,
    ) -> Any:
        """Call any endpoint: ``await zoom.request("GET", "/users/me")``.

        ``path`` is relative to the base URL, already escaped (see ``aiozoom.http.path_segment``);
        a path starting with ``//`` is relative to the host instead (Zoom's SCIM 2 API:
        ``"//scim2/Users"`` is ``https://api.zoom.us/scim2/Users``).
        The body is ``json`` (encoded for you) or raw ``data`` bytes sent with ``content_type``
        (file uploads); ``headers`` are added to the client's for this call (``None`` values are
        not sent); a body is kept in memory so it can be replayed after a token refresh or
        sent again by a retry. Returns the decoded JSON, or ``None`` for an empty answer (204);
        with ``raw=True``, the body's bytes as they came (a file Zoom answers with), up to the cap.
        Non-2xx answers raise ``ZoomAPIError`` (or a subclass: ``RateLimitExceeded`` for a 429);
        network failures raise ``ZoomConnectionError`` (``ZoomTimeoutError`` for timeouts).
        """
        method = method.upper()
        if method not in _METHODS:
            raise ValueError(f"method must be one of {sorted(_METHODS)}, not {method!r}")
        if not path.startswith("/") or path.startswith("///"):
            raise ValueError("path must start with '/' (relative to the base URL)")
        if ("." in path or "%" in path) and _DOT_SEGMENT.search(path):
            raise ValueError("path must not contain '.' or '..' segments")
        if data is not None:
            if json is not None:
                raise ValueError("data and json cannot be sent together")
            if not isinstance(data, bytes):
                if not isinstance(data, bytearray | memoryview):
                    # a file or a stream would be used up by the first attempt, and a retry or
                    # a replay after a token refresh would send it empty
                    raise ValueError(f"data must be bytes, not {type(data).__name__}")
                data = bytes(data)
        shared = self._shared
        # The session in use is checked (closed client, other event loop) only when aiohttp
        # objects: this is the hot path of every call.
        session = shared.session
        if session is None:
            session = self.session  # opens one, or says why it cannot be used
        sent = self._headers
        if headers is not None:
            if not isinstance(headers, Mapping):
                raise ValueError("headers must map header names to str values")
            extra = _headers({k: v for k, v in headers.items() if v is not None})
            if extra:
                sent = {**(sent or {}), **extra}
        if data is not None and content_type:
            sent = {**(sent or {}), hdrs.CONTENT_TYPE: content_type}
        query = (
            (encode_params(params) or None) if params else None
        )  # {} would cost aiohttp a URL rebuild
        timeout = self._attempt_timeout or session.timeout
        policy = self._retry
        if policy is None:
            return await self._send(
                session,
                method,
                path,
                query,
                json,
                data,
                sent,
                timeout,
                None,
                timeout.total,
                raw,
            )
        start = policy.clock()
        if timeout.total is None or timeout.total > policy.deadline:
            timeout = with_total(timeout, policy.deadline)
        try:
            result = await self._send(
                session,
                method,
                path,
                query,
                json,
                data,
                sent,
                timeout,
                policy.deadline,
                policy.max_rate_limit_wait,
                raw,
            )
        except ZoomError as exc:
            if not may_retry(exc):
                raise  # a 4xx, a bad body, a token refused: nothing to decide
            send = functools.partial(
                self._send, session, method, path, query, json, data, sent, raw=raw
            )
            base = self._attempt_timeout or session.timeout
            return await retry_call(policy, exc, start, send, method, path, base, shared.budget)
        shared.budget.succeeded()
        return result

    async def _send(
        self,
        session: aiohttp.ClientSession,
        method: str,
        path: str,
        params: Any,
        json: Any,
        data: bytes | None,
        headers: Mapping[str, str] | None,
        timeout: aiohttp.ClientTimeout,
        remaining: float | None,
        max_wait: float | None,
        raw: bool = False,
    ) -> Any:
        """Send the request once (after the rate limiter lets it go) and decode the answer.

        ``timeout`` bounds the exchange (its ``total`` is positive); ``remaining`` is what is
        left of the call's deadline (``None``: no deadline) and ``max_wait`` the longest the rate
        limiter may hold the request.
        """
        client = self
        shared = self._shared
        if not shared.pinned:
            token = getattr(shared.auth, "current_token", None)
            # (a coroutine only when there is something to learn: no token yet, or a new host)
            if token is None or getattr(token, "api_url", None) != shared.api_url_seen:
                await self._follow_region(session, timeout, method, path)
        if path[1:2] != "/":
            url = URL(shared.base_url + path, encoded=True)
        else:  # relative to the host, not to /v2
            url = URL(_host_of(shared.base_url) + path[1:], encoded=True)
        limiter = shared.limiter
        category: Category | None = None
        if limiter is not None and limiter.engaged:
            category = _category(method, path)
            timeout = await self._wait_for_slot(
                limiter, category, method, path, timeout, remaining, max_wait
            )
        limit = shared.max_file_size if raw else shared.max_response_size
        if AWAITED_TOKEN_SOURCE.get() is not None:
            AWAITED_TOKEN_SOURCE.set(None)  # what an earlier request in this task left there
        failure: ZoomError
        cause: BaseException | None = None
        if (
            shared.owns_session  # its middleware, no raise_for_status: nothing to override
            and params is None
            and json is None
            and data is None
            and headers is None
            and timeout is session.timeout
        ):
            context = session.request(method, url)  # every default: aiohttp parses no options
        else:
            context = session.request(
                method,
                url,
                params=params,
                json=json,
                data=data,
                headers=headers,
                timeout=timeout,
                middlewares=shared.request_middlewares,
                raise_for_status=False,  # a caller's session may say otherwise: Zoom's errors
            )  # are decoded below, into their own classes
        try:
            async with context as resp:
                headers = resp.headers
                length = headers.get(hdrs.CONTENT_LENGTH)
                if (
                    length is not None
                    and int(length) <= limit
                    and hdrs.CONTENT_ENCODING not in headers
                ):
                    body = await resp.read()  # aiohttp reads no more than Content-Length
                else:
                    body = await read_body(resp, limit, what=f"{method} {path}")
                status = resp.status
                if status != 429 and (_LIMIT_HEADER in headers or _TYPE_HEADER in headers):
                    client._note_rate_limit(headers, method, path)
                if 200 <= status < 300 and body and not raw:
                    # decode_response's common case, inline: a JSON answer that is no error
                    loads = shared.loads
                    try:
                        data = _std_loads(body.decode()) if loads is None else loads(body)
                    except (ValueError, RecursionError):
                        pass  # decode_response says what it is
                    else:
                        if data.__class__ is not dict or len(data) > 3 or not is_error_object(data):
                            return data
                if raw and 200 <= status < 300:
                    if "json" in headers.get(hdrs.CONTENT_TYPE, "") and len(body) < 1024:
                        # a Zoom error may come as a 2xx JSON object: raise it, not save it
                        decode_response(status, headers, body, method=method, path=path)
                    return body
                try:
                    return decode_response(
                        status,
                        headers,
                        body,
                        method=method,
                        path=path,
                        content_type=headers.get(hdrs.CONTENT_TYPE, ""),
                        now=client._wall_clock() if status == 429 else None,
                        loads=shared.loads,
                    )
                except RateLimitExceeded as exc:
                    if exc.scope == "account":  # the per-user rule says nothing of the account
                        client._note_rate_limit(headers, method, path)
                    if limiter is not None:
                        limiter.on_rate_limited(
                            exc.category or category or _category(method, path), _hit(exc)
                        )
                    raise
        except ResponseTooLargeError as exc:
            exc.method, exc.path = method, path
            raise
        except ZoomError:
            raise
        except TimeoutError as exc:
            source = AWAITED_TOKEN_SOURCE.get()
            if source is not None:
                failure = _no_token(method, path, source, timeout)
            else:
                connecting = isinstance(exc, aiohttp.ConnectionTimeoutError)
                failure = ZoomTimeoutError(
                    f"{method} {path}: "
                    + (
                        "could not connect to Zoom in time"
                        if connecting
                        else "Zoom did not answer in time"
                    ),
                    method=method,
                    url=str(url),
                    sent=not connecting,
                )
        except RuntimeError:
            client._check_usable(session)  # a closed session or another event loop
            raise
        except (aiohttp.ClientError, OSError, asyncio.IncompleteReadError) as exc:
            failure = ZoomConnectionError(
                f"{method} {path}: {describe(exc)}",
                method=method,
                url=str(url),
                sent=not isinstance(exc, aiohttp.ClientConnectorError),
            )
            cause = safe_cause(exc)
        # Raised outside the except clauses, so the original exception is not chained implicitly
        # (aiohttp's response errors hold the request headers, bearer token included).
        raise failure from cause

    async def _wait_for_slot(
        self,
        limiter: RateLimiter,
        category: Category,
        method: str,
        path: str,
        timeout: aiohttp.ClientTimeout,
        remaining: float | None,
        max_wait: float | None,
    ) -> aiohttp.ClientTimeout:
        """Wait for the rate limiter; the attempt's timeout, cut by the time waited when the
        call has a deadline."""
        bound = max_wait if remaining is None else min(remaining, max_wait or remaining)
        began = time.monotonic()
        try:
            await limiter.acquire(category, timeout=bound)
        except RateLimitExceeded as exc:
            exc.method, exc.path = method, path
            exc.args = (exc._describe(),)
            raise
        if remaining is None:
            return timeout
        left = remaining - (time.monotonic() - began)
        if left <= 0:
            raise ZoomTimeoutError(
                f"{method} {path}: the call's deadline passed while it waited for the rate "
                "limiter; the API was not called",
                method=method,
                sent=False,
            )
        return (
            timeout
            if timeout.total is not None and timeout.total <= left
            else (with_total(timeout, left))
        )

    async def _follow_region(
        self, session: aiohttp.ClientSession, timeout: aiohttp.ClientTimeout, method: str, path: str
    ) -> None:
        """Send calls to the regional API host the token names (``api_url``), if it names one.

        Before the first token, this waits for one (within the attempt's timeout) to learn the
        host, so that not even the first call goes elsewhere.
        """
        shared = self._shared
        auth = shared.auth
        token = getattr(auth, "current_token", None)
        if token is None and hasattr(auth, "current_token"):
            try:
                async with asyncio.timeout(timeout.total):
                    await auth.get_token(session)  # the middleware then finds it cached
            except TimeoutError:
                source = shared.middleware.token_source
                raise _no_token(method, path, source, timeout) from None
            token = getattr(auth, "current_token", None)
        api_url = getattr(token, "api_url", None)
        if api_url == shared.api_url_seen:
            return
        shared.api_url_seen = api_url
        base = regional_base_url(api_url) if api_url is not None else None
        if base is None:
            if api_url is not None:
                log.warning(
                    "the token names an API host aiozoom does not send tokens to (not an "
                    "https origin); calls stay on %s",
                    shared.base_url,
                )
            return
        if base != shared.base_url:
            shared.base_url = base
            shared.middleware.use_origin(base)

    def _note_rate_limit(self, headers: Mapping[str, str], method: str, path: str) -> None:
        status = rate_limit_status(
            headers, category=_category(method, path), now=self._wall_clock()
        )
        if status is not None:
            self._shared.rate_limits[(status.category, status.limit_type)] = status

    def _wall_clock(self) -> float:
        policy = self._retry
        return policy.wall_clock() if policy is not None else time.time()


def _hit(error: RateLimitExceeded) -> RateLimitHit:
    return RateLimitHit(
        limit_type="Daily-limit" if error.limit_type == "Daily-limit" else "QPS",
        category=error.category,  # type: ignore[arg-type]
        scope="user" if error.scope == "user" else "account",
        limit=error.limit,
        remaining=error.remaining,
        retry_at=error.retry_at,
        message=error.message,
    )

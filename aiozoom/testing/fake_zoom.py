"""``FakeZoom``: a real aiohttp server on loopback that behaves like Zoom, for tests and demos.

``async with FakeZoom() as fake:`` gives ``fake.base_url`` (the ``/v2`` API), ``fake.token_url``
and working credentials (``fake.account``). It serves the OAuth token endpoint (account
credentials, refresh tokens with rotation, authorization codes with PKCE), checks bearer tokens on
the API as Zoom answers them (HTTP 401 ``{"code": 124, ...}``), accepts legacy JWT-app tokens,
and keeps real state for users and meetings. Test hooks: the token TTL, the clock (``fake.clock``:
real time unless a :class:`~aiozoom.testing.FakeClock` is given), ``revoke_tokens()``, injected
token-endpoint faults, gates that hold token requests, and counters of what it was asked. It also
delivers signed webhooks (and Zoom's redeliveries) to a URL.

Cloud recordings: ``end_meeting()`` ends a meeting with a recording (MP4, M4A, transcript, chat);
the recording routes (``GET /users/{userId}/recordings``, ``GET``/``DELETE
/meetings/{meetingId}/recordings``, ``DELETE /meetings/{meetingId}/recordings/{recordingId}``)
keep that state, ``deliver_recording_completed()`` sends the webhook with its ``download_token``,
and each file's ``download_url`` (``{origin}/rec/download/{fileId}``) checks the bearer token and
redirects to a third origin, the file host (:mod:`aiozoom.testing.file_host`), which serves the
bytes with ranges. See :mod:`aiozoom.testing._recordings` for the rules.

Switches, all off by default: ``enforce_rate_limits(plan)`` (Zoom's per-account and per-user
limits, answered as Zoom's 429s), ``inject_fault(Fault...)`` (error statuses, resets, delays,
hangs, malformed bodies; see :mod:`aiozoom.testing.faults`) and ``use_region()`` (token answers
name the fake's second, "regional" port as ``api_url``; the API answers on both ports).

An API request goes: counted (``requests_received``, ``requests_by_origin``) -> bearer token
checked (401) -> injected faults -> rate limits (429) -> the handler.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import collections
import hashlib
import itertools
import json
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import parse_qsl

import aiohttp
import attrs
from aiohttp import web
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

from aiozoom.api import find_operation
from aiozoom.testing._loopback import serve
from aiozoom.testing._rate_limits import (
    PLANS,
    Admitted,
    PlanName,
    RateLimited,
    RateLimitPlan,
    RateLimits,
    classify,
)
from aiozoom.testing._recordings import (
    DOWNLOAD_TOKEN_TTL,
    NO_FILE,
    RecordingStore,
    file_chunks,
    file_sha256,
)
from aiozoom.testing._router import Handler as RouteHandler
from aiozoom.testing._router import Routes, dispatch, path_parameters
from aiozoom.testing._state import (
    Account,
    ApiFailure,
    ZoomState,
    iso,
)
from aiozoom.testing.faults import Fault, FaultRule
from aiozoom.testing.file_host import FileHost, FileRequest
from aiozoom.testing.resources import built_in_routes
from aiozoom.testing.webhooks import Delivery, WebhookSender, event_body

if TYPE_CHECKING:
    from aiozoom.client import ZoomClient

__all__ = ["FakeZoom", "TokenFault"]

Handler = Callable[[web.Request, Account], Awaitable[web.StreamResponse]]
Fallback = Callable[[web.Request], Awaitable[web.StreamResponse | None]]

_INVALID_TOKEN = "Invalid access token."
# The user a user-OAuth token belongs to, for the request being answered (each request is answered
# in a task of its own, so each has its own value).
_token_user: ContextVar[str | None] = ContextVar("aiozoom_fake_token_user", default=None)
# Marks a request whose connection the fake dropped on purpose (a reset or released hang fault).
_ABORTED = web.RequestKey("aiozoom_fake_aborted", bool)


@attrs.frozen
class TokenFault:
    """An answer the token endpoint gives instead of a token (for testing error paths)."""

    status: int
    body: str
    content_type: str = "application/json"


class FakeZoom:
    """A Zoom API and OAuth server on ``127.0.0.1``, with real state and Zoom's token rules."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] | None = None,
        token_ttl: int = 3599,
        users: int = 5,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.clock: Callable[[], float] = clock if clock is not None else time.time
        """Unix time as the fake sees it: token expiry, page-token expiry, webhook timestamps.

        Real time (``time.time``) by default, so a default ``FakeZoom`` and a default
        :class:`~aiozoom.webhooks.WebhookReceiver` accept each other's deliveries. Pass a
        :class:`~aiozoom.testing.FakeClock` (and give the same clock to your token provider and
        receiver) to move time by hand."""
        self.state = ZoomState(self.clock, token_ttl)
        self.account: Account = self.state.add_account(users=users)
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self._regional_port = 0
        self._token_api_url: str | None = None
        self._tracking = itertools.count(1)
        self._faults: collections.deque[TokenFault] = collections.deque()
        self._webhook_session: aiohttp.ClientSession | None = None
        self.routes: Routes = built_in_routes()
        """The operations answered from state, by ``"METHOD /path"`` (see :meth:`route`)."""
        self.fallback: Fallback | None = None
        """Asked first for every authenticated ``/v2`` (and ``/scim2``) request no route
        answers (a path that is no operation too), before the fake checks it: return a response
        to answer it your way, ``None`` to let the fake answer (:meth:`route` answers an
        operation from a handler of yours, in place of the fake's state)."""
        # counters
        self.token_requests = 0
        self.token_requests_by_grant: collections.Counter[str] = collections.Counter()
        self.api_requests: collections.Counter[tuple[str, str, int]] = collections.Counter()
        self.requests_received = 0
        """Every ``/v2`` request that reached the server, counted on arrival (before the token
        check, faults and rate limits), so resets and hangs count too."""
        self.requests_by_origin: collections.Counter[str] = collections.Counter()
        """``/v2`` requests by the origin (``http://127.0.0.1:PORT``) they arrived on: shows
        whether a client called :attr:`origin` or :attr:`regional_origin`."""
        self.rate_limited: collections.Counter[tuple[str, str]] = collections.Counter()
        """429s answered by the rate limits, by (category, limit type): ``("Medium", "QPS")``."""
        self._rate_limits: RateLimits | None = None
        self._rate_limit_headers = True
        self._fault_rules: list[FaultRule] = []
        self._release_hung = asyncio.Event()
        self.requests_held = 0
        """API requests held unanswered by a ``Fault.hang()`` right now."""
        # a gate tests can close to hold token requests in flight
        self.token_gate: asyncio.Event | None = None
        self.token_requests_in_flight = 0
        self.max_token_requests_in_flight = 0
        self._in_flight_changed = asyncio.Condition()
        # a gate that holds answers after the token was issued (a refresh token already rotated)
        self.token_answer_gate: asyncio.Event | None = None
        self.token_answers_held = 0
        self.recordings = RecordingStore(self.clock)
        """The cloud recordings of every account (see :mod:`aiozoom.testing._recordings`)."""
        self.file_host = FileHost(self.recordings, self.clock, host=host)
        """The server ``download_url`` redirects to (see :mod:`aiozoom.testing.file_host`)."""
        self.tokens_in_urls = 0
        """Requests to ``/v2`` or ``/rec/download`` that carried ``access_token`` in the query
        string (each was refused with 401, as Zoom does since 2023)."""
        self.app = self._build_app()

    def __repr__(self) -> str:
        return f"FakeZoom(base_url={self.base_url if self._runner else '<not started>'!r})"

    # -- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> None:
        # the same app on a second port too: the account's "regional" API host
        runner, (port, regional) = await serve(self.app, self._host, self._port, 0)
        self._runner = runner
        self._release_hung = asyncio.Event()
        self._port, self._regional_port = port, regional
        self.recordings.origin = self.origin
        await self.file_host.start()

    async def close(self) -> None:
        self._release_hung.set()  # hung requests drop their connections instead of waiting
        if self._webhook_session is not None:
            await self._webhook_session.close()
            self._webhook_session = None
        await self.file_host.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def origin(self) -> str:
        """The primary origin: the token endpoint and the default API host."""
        return f"http://{_url_host(self._host)}:{self._port}"

    @property
    def base_url(self) -> str:
        """The API base URL, like ``https://api.zoom.us/v2``."""
        return f"{self.origin}/v2"

    @property
    def regional_origin(self) -> str:
        """A second port serving the same API: the account's regional host (``api-eu``...)."""
        return f"http://{_url_host(self._host)}:{self._regional_port}"

    @property
    def regional_base_url(self) -> str:
        return f"{self.regional_origin}/v2"

    @property
    def token_api_url(self) -> str:
        """What token answers carry as ``api_url``: :attr:`origin` unless set (as Zoom, which
        names the account's own API host). :meth:`use_region` sets it to the regional port."""
        return self._token_api_url if self._token_api_url is not None else self.origin

    @token_api_url.setter
    def token_api_url(self, url: str) -> None:
        self._token_api_url = url

    def use_region(self) -> None:
        """Make token answers send clients to :attr:`regional_origin` (an EU account, say)."""
        if self._runner is None:
            raise RuntimeError("start the FakeZoom first: the regional port is chosen at start")
        self._token_api_url = self.regional_origin

    @property
    def token_url(self) -> str:
        return f"{self.origin}/oauth/token"

    @property
    def authorize_url(self) -> str:
        return f"{self.origin}/oauth/authorize"

    # -- test hooks ---------------------------------------------------------------------------

    def credentials(self, account: Account | None = None) -> dict[str, str]:
        """What a client in another process needs to reach this fake as ``account`` (the
        default account unless given): ``base_url``, ``token_url``, ``account_id``,
        ``client_id`` and ``client_secret``, as plain strings that pickle and serialise."""
        account = account or self.account
        return {
            "base_url": self.base_url,
            "token_url": self.token_url,
            "account_id": account.account_id,
            "client_id": account.client_id,
            "client_secret": account.client_secret,
        }

    def client(self, account: Account | None = None, **options: Any) -> ZoomClient:
        """A ``ZoomClient`` of this fake's ``account`` (the default account unless given), with
        Server-to-Server OAuth against the fake's token endpoint; ``options`` go to
        ``ZoomClient`` (``retry=``, ``timeout=``, ...). Use it as ``async with fake.client() as
        zoom:``."""
        from aiozoom.auth import ServerToServerOAuth
        from aiozoom.client import ZoomClient

        account = account or self.account
        auth = ServerToServerOAuth(
            account.account_id,
            account.client_id,
            account.client_secret,
            token_url=self.token_url,
            clock=self.clock,
        )
        return ZoomClient(auth, base_url=self.base_url, **options)

    def add_account(self, users: int = 1) -> Account:
        """Another account, with its own credentials, users and meetings."""
        return self.state.add_account(users=users)

    def add_users(self, count: int, account: Account | None = None) -> None:
        self.state.add_users(account or self.account, count)

    def revoke_tokens(self) -> None:
        """Kill every access token issued so far (and every legacy JWT seen so far)."""
        self.state.revoke_tokens()

    @property
    def token_ttl(self) -> int:
        return self.state.token_ttl

    @token_ttl.setter
    def token_ttl(self, seconds: int) -> None:
        self.state.token_ttl = seconds

    def inject_token_fault(self, fault: TokenFault, times: int = 1) -> None:
        """The next ``times`` token requests get ``fault`` instead of a token."""
        self._faults.extend([fault] * times)

    def enforce_rate_limits(
        self,
        plan: PlanName | None = "pro",
        *,
        headers: bool = True,
        light: int | None = None,
        medium: int | None = None,
        heavy: int | None = None,
        resource_intensive: int | None = None,
        daily: int | None = None,
        per_user_daily: int = 100,
    ) -> None:
        """Answer API requests past Zoom's rate limits of ``plan`` with Zoom's 429s (``None``:
        no limits, the default).

        ``plan`` is ``"pro"``, ``"business"`` (Business and up) or ``"free"``; a keyword given
        replaces that plan's number (``light``, ``medium``, ``heavy``: per second;
        ``resource_intensive``: per minute; ``daily``: Heavy and Resource-intensive together per
        UTC day; ``per_user_daily``: meeting creates/updates per host user per UTC day).
        Windows are fixed and follow :attr:`clock`. With ``headers=False`` the 429s carry no
        ``X-RateLimit-*``/``Retry-After`` headers (as some of Zoom's don't); only the message
        says what happened. Each call starts with fresh counters.
        """
        if plan is None:
            self._rate_limits = None
            return
        if plan not in PLANS:
            raise ValueError(f"unknown plan {plan!r}; expected one of {sorted(PLANS)}")
        overrides = {
            "light": light,
            "medium": medium,
            "heavy": heavy,
            "resource_intensive": resource_intensive,
            "daily": daily,
        }
        chosen = attrs.evolve(
            PLANS[plan],
            per_user_daily=per_user_daily,
            **{name: value for name, value in overrides.items() if value is not None},
        )
        self._rate_limits = RateLimits(chosen)
        self._rate_limit_headers = headers

    @property
    def rate_limit_plan(self) -> RateLimitPlan | None:
        """The numbers the rate limits enforce, or ``None`` when they are off."""
        return self._rate_limits.plan if self._rate_limits is not None else None

    def inject_fault(
        self,
        fault: Fault,
        *,
        method: str | None = None,
        path: str | None = None,
        times: int | None = 1,
        nth: int | None = None,
        rate: float | None = None,
        seed: int = 0,
    ) -> FaultRule:
        """Give ``fault`` to API requests matching ``method`` and ``path`` (``None``: any).

        ``path`` is relative to ``/v2`` (``/users/abc``), or a template whose ``{param}``
        segments match any one segment (``/meetings/{meetingId}``). Of the matching requests
        from now on, ``nth`` (1-based) is the first that gets it; ``times`` requests get it in
        all (``None``: every one until :meth:`clear_faults`); with ``rate`` each gets it with
        that probability, drawn from ``random.Random(seed)``. When several injected faults
        match a request the earliest injected wins; each counts the request as matching.

        Faults are checked after the bearer token (a bad token still gets its 401) and before
        the rate limits: they stand for the infrastructure in front of Zoom, so a faulted
        request is not counted against a limit (except ``delay`` and ``after_commit``, whose
        requests then run normally). Returns the rule, whose ``matched`` and ``hits`` count.
        """
        rule = FaultRule(
            fault, method, path, times=times, nth=1 if nth is None else nth, rate=rate, seed=seed
        )
        self._fault_rules.append(rule)
        return rule

    async def wait_requests_held(self, count: int) -> None:
        """Wait until ``count`` API requests are held by ``Fault.hang()`` at once."""
        async with self._in_flight_changed:
            await self._in_flight_changed.wait_for(lambda: self.requests_held >= count)

    def clear_faults(self) -> None:
        """Remove every injected fault; requests held by a hang fault drop their connections."""
        self._fault_rules.clear()
        self._release_hung.set()
        self._release_hung = asyncio.Event()

    def issue_user_tokens(
        self, account: Account | None = None, *, user_id: str | None = None
    ) -> dict[str, Any]:
        """A user-OAuth token pair, as if a user (the account owner unless ``user_id`` is given)
        had just authorised an app. Its ``/users/me`` is that user."""
        account = account or self.account
        user = self.state.find_user(account, user_id or account.owner_id)
        return self.state.issue_token(
            account, "authorization_code", user_id=user["id"], api_url=self.token_api_url
        )

    async def wait_token_requests_in_flight(self, count: int) -> None:
        """Wait until ``count`` token requests are held at ``token_gate`` at once."""
        async with self._in_flight_changed:
            await self._in_flight_changed.wait_for(lambda: self.token_requests_in_flight >= count)

    async def wait_token_answers_held(self, count: int) -> None:
        """Wait until ``count`` token answers, already issued, are held at ``token_answer_gate``."""
        async with self._in_flight_changed:
            await self._in_flight_changed.wait_for(lambda: self.token_answers_held >= count)

    def api_count(self, method: str | None = None, path: str | None = None) -> int:
        """How many API requests matched ``method`` and ``path`` (either may be omitted)."""
        return sum(
            n
            for (m, p, _), n in self.api_requests.items()
            if (method is None or m == method) and (path is None or p == path)
        )

    # -- cloud recordings ---------------------------------------------------------------------

    def end_meeting(
        self,
        meeting_id: int | str,
        *,
        recording: bool = True,
        files: Sequence[str] = ("MP4", "M4A", "TRANSCRIPT", "CHAT"),
        file_size: int | Mapping[str, int] | None = None,
        duration: int | None = None,
        account: Account | None = None,
    ) -> dict[str, Any]:
        """End an instance of a meeting of ``account`` (the default account unless given), now
        by :attr:`clock`; with ``recording``, it leaves a cloud recording.

        ``meeting_id`` is the meeting's ID or UUID (a meeting made with ``POST
        /users/{userId}/meetings``; 3001 ``ApiFailure`` if unknown). The instance ran
        ``duration`` minutes (default: the meeting's scheduled ``duration``) up to now. The
        first instance of a meeting keeps the meeting's UUID; each later one gets a new UUID,
        and the meeting ID then means the latest instance, as in Zoom.

        The recording has one file per entry of ``files``: ``"MP4"`` (``recording_type``
        ``shared_screen_with_speaker_view``), ``"M4A"`` (``audio_only``), ``"TRANSCRIPT"``
        (extension ``VTT``, ``audio_transcript``), ``"CHAT"`` (``TXT``, ``chat_file``). Sizes
        default to 256 KiB, 64 KiB, 4 KiB and 2 KiB; ``file_size`` sets them all (an int) or
        some by file type (a mapping).

        The instance is also a past meeting (``GET /past_meetings/{meetingId}``) whose
        participants are the host and the meeting's approved registrants.

        Returns the recording as ``GET /meetings/{meetingId}/recordings`` answers it, or, with
        ``recording=False``, the ended instance: ``uuid``, ``id``, ``host_id``, ``topic``,
        ``start_time``, ``end_time``, ``duration``. The fake must be started (``download_url``
        names its port).
        """
        if recording and self._runner is None:
            raise RuntimeError("start the FakeZoom first: download URLs name its port")
        account = account or self.account
        meeting = self.state.find_meeting(account, str(meeting_id))
        instance, start, end, made = self.recordings.end_meeting(
            account.account_id,
            meeting,
            recording=recording,
            files=files,
            file_size=file_size,
            duration=duration,
        )
        self.state.meeting_ended(account, meeting, instance, start, end)
        if made is not None:
            return made.to_json(self.origin)
        return {
            "uuid": instance,
            "id": meeting["id"],
            "host_id": meeting["host_id"],
            "topic": meeting["topic"],
            "start_time": iso(start),
            "end_time": iso(end),
            "duration": max(1, round((end - start) / 60)),
        }

    async def deliver_recording_completed(
        self,
        url: str,
        meeting_id: int | str,
        *,
        secret_token: str,
        account: Account | None = None,
        download_token_ttl: int = DOWNLOAD_TOKEN_TTL,
    ) -> Delivery:
        """Deliver Zoom's ``recording.completed`` for a meeting's recording to ``url``.

        ``meeting_id`` is an ID (the latest instance with a recording) or an instance UUID;
        3301 ``ApiFailure`` if it has no recording. ``payload.object`` is the recording (as
        :meth:`end_meeting` returns it) and, beside ``payload``, ``download_token`` downloads
        its files for ``download_token_ttl`` seconds (24 hours, as Zoom's) by :attr:`clock`.
        """
        account = account or self.account
        made = self.recordings.find(account.account_id, str(meeting_id))
        token = self.recordings.grant(made, "download_token", download_token_ttl)
        return await self.deliver_webhook(
            url,
            "recording.completed",
            made.to_json(self.origin),
            secret_token=secret_token,
            account=account,
            extra={"download_token": token},
        )

    @property
    def file_host_origin(self) -> str:
        """The origin of the file host ``download_url`` redirects to (a port of its own)."""
        return self.file_host.origin

    @property
    def file_requests(self) -> list[FileRequest]:
        """Every request the file host got (method, path, query, headers, Range), in order."""
        return self.file_host.requests

    @property
    def file_bytes_sent(self) -> int:
        """Body bytes the file host has written, over all its responses."""
        return self.file_host.bytes_sent

    def drop_file_connections(self, times: int = 3, after_bytes: int = 5 * 1024 * 1024) -> None:
        """Cut the next ``times`` file-host responses whose body is longer than ``after_bytes``
        after exactly ``after_bytes`` bytes of body (the connection closes mid-body).
        Replaces an earlier call; ``times=0`` cancels."""
        self.file_host.drop_connections(times, after_bytes)

    def recording_file_bytes(
        self, file_id: str, start: int = 0, end: int | None = None
    ) -> Iterator[bytes]:
        """The bytes the file host serves for ``file_id`` (``start`` to ``end``, exclusive),
        in chunks of at most 64 KiB. Works for deleted files too; ``KeyError`` if unknown."""
        return file_chunks(file_id, self.recordings.file_size(file_id), start, end)

    def recording_file_sha256(self, file_id: str) -> str:
        """The hex SHA-256 of the whole file ``file_id``, computed without holding it."""
        return file_sha256(file_id, self.recordings.file_size(file_id))

    # -- webhooks -----------------------------------------------------------------------------

    async def deliver_webhook(
        self,
        url: str,
        event: str,
        obj: Mapping[str, Any] | None = None,
        *,
        secret_token: str,
        account: Account | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> Delivery:
        """POST a signed ``event`` to ``url`` as Zoom does, stamped with this fake's clock.

        ``extra`` adds top-level keys beside ``payload`` (e.g. ``download_token``). The returned
        :class:`~aiozoom.testing.webhooks.Delivery` can be passed to :meth:`redeliver_webhook`.
        """
        body = event_body(
            event,
            obj,
            account_id=(account or self.account).account_id,
            event_ts=int(self.clock() * 1000),
            extra=extra,
        )
        return await self._webhook_sender(secret_token).send(self._webhooks(), url, body)

    async def redeliver_webhook(
        self, url: str, delivery: Delivery, *, secret_token: str
    ) -> Delivery:
        """Send ``delivery`` again with a fresh timestamp and signature, as Zoom's retries do."""
        return await self._webhook_sender(secret_token).redeliver(self._webhooks(), url, delivery)

    def _webhook_sender(self, secret_token: str) -> WebhookSender:
        return WebhookSender(secret_token, clock=self.clock)

    def _webhooks(self) -> aiohttp.ClientSession:
        if self._webhook_session is None:
            self._webhook_session = aiohttp.ClientSession()
        return self._webhook_session

    # -- app ----------------------------------------------------------------------------------

    def route(self, *operations: str) -> Callable[[RouteHandler], RouteHandler]:
        """Answer operations from a handler of yours (added, or replacing the built-in one)::

            @fake.route("GET /users/{userId}/settings")
            async def settings(call: Call) -> dict[str, Any]:
                return {"feature": {"meeting_capacity": 300}}

        The handler gets a :class:`~aiozoom.testing.Call` (the account, path parameters, the
        query and body already checked against the description, the fake's state) and returns
        the JSON body of the documented success status, ``None`` for no body, or an aiohttp
        response; it raises :class:`~aiozoom.testing.ApiFailure` for a Zoom error. ``ValueError``
        for a key that is not an operation of Zoom's API.
        """
        return self.routes(*operations)

    def _build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._tracking_middleware])
        app.router.add_post("/oauth/token", self._token)
        app.router.add_get("/oauth/authorize", self._authorize)
        app.router.add_route("*", "/v2/{tail:.*}", self._api(self._dispatch))
        app.router.add_route("*", "/scim2/{tail:.*}", self._api(self._dispatch))
        app.router.add_get("/rec/download/{fileId}", self._download)
        return app

    @web.middleware
    async def _tracking_middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        api = request.path.startswith("/v2")
        if (api or request.path.startswith("/rec/")) and "access_token" in request.query:
            self.tokens_in_urls += 1
        if api:
            self.requests_received += 1
            self.requests_by_origin[self._arrival_origin(request)] += 1
        response = await handler(request)
        response.headers["x-zm-trackingid"] = f"fake_{next(self._tracking):08d}"
        if api and not request.get(_ABORTED):
            self.api_requests[(request.method, request.path, response.status)] += 1
        return response

    def _arrival_origin(self, request: web.Request) -> str:
        """The origin of the port a request arrived on (its ``Host`` header if that is unknown)."""
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        if isinstance(sockname, tuple) and len(sockname) >= 2:
            return f"http://{_url_host(str(sockname[0]))}:{sockname[1]}"
        return f"http://{request.host}"

    def _api(self, handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def wrapped(request: web.Request) -> web.StreamResponse:
            try:
                account = self._authenticate(request)
            except ApiFailure as failure:
                return web.json_response(failure.body(), status=failure.status)
            fault = self._take_fault(request)
            if fault is not None:
                return await self._answer_fault(request, fault, handler, account)
            return await self._limited(request, handler, account)

        return wrapped

    # -- faults and rate limits ---------------------------------------------------------------

    def _take_fault(self, request: web.Request) -> Fault | None:
        """The injected fault this request gets, if any (every matching rule counts it)."""
        if not self._fault_rules:
            return None
        relative = request.path[len("/v2") :]
        raw = request.raw_path.split("?", 1)[0][len("/v2") :]
        paths = (relative,) if raw == relative else (relative, raw)
        chosen: Fault | None = None
        for rule in self._fault_rules:
            if rule.offer(request.method, paths, taken=chosen is not None):
                chosen = rule.fault
        self._fault_rules = [rule for rule in self._fault_rules if not rule.exhausted]
        return chosen

    async def _answer_fault(
        self, request: web.Request, fault: Fault, handler: Handler, account: Account
    ) -> web.StreamResponse:
        if fault.kind == "delay":
            await asyncio.sleep(fault.seconds)
            return await self._limited(request, handler, account)
        if fault.kind == "after_commit":
            await self._limited(request, handler, account)  # the write happens; its answer is lost
            return _raw_response(fault.status_code, fault.answer_body(), "application/json")
        if fault.kind in ("status", "malformed"):
            return _raw_response(
                fault.status_code, fault.answer_body(), fault.content_type, fault.headers
            )
        if fault.kind == "hang":
            release = self._release_hung  # clear_faults() swaps in a new event after setting it
            async with self._in_flight_changed:
                self.requests_held += 1
                self._in_flight_changed.notify_all()
            try:
                await release.wait()
            finally:
                self.requests_held -= 1
        # a reset, or a hang released by clear_faults()/close(): drop the connection unanswered
        request[_ABORTED] = True
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=204)  # never sent: aiohttp finds the connection gone

    async def _limited(
        self, request: web.Request, handler: Handler, account: Account
    ) -> web.StreamResponse:
        """Run ``handler`` if the rate limits admit the request; Zoom's 429 if not."""
        limits = self._rate_limits
        admitted: Admitted | None = None
        if limits is not None:
            category, operation_id = classify(request.method, request.raw_path)
            host = self._meeting_host(request, account, operation_id)
            decision = limits.admit(account.account_id, category, self.clock(), meeting_host=host)
            if isinstance(decision, RateLimited):
                self.rate_limited[(decision.category, decision.limit_type)] += 1
                headers = decision.headers() if self._rate_limit_headers else None
                return web.json_response(decision.body(), status=429, headers=headers)
            admitted = decision
        try:
            response = await handler(request, account)
        except ApiFailure as failure:
            response = web.json_response(failure.body(), status=failure.status)
        if admitted is not None and admitted.daily is not None and self._rate_limit_headers:
            response.headers.update(admitted.daily.headers())
        return response

    def _meeting_host(
        self, request: web.Request, account: Account, operation_id: str | None
    ) -> str | None:
        """The host user a meeting create/update counts against (``None``: not one, or no such
        user or meeting -- the handler answers that request with its 404)."""
        if operation_id not in ("meetingCreate", "meetingUpdate"):
            return None
        operation = find_operation(request.method, request.raw_path)
        if operation is None:
            return None
        params = path_parameters(operation.path, request.raw_path)
        try:
            if operation_id == "meetingCreate" and "userId" in params:
                user = params["userId"]
                if user == "me":
                    user = _token_user.get() or user
                return str(self.state.find_user(account, user)["id"])
            if operation_id == "meetingUpdate" and "meetingId" in params:
                return str(self.state.find_meeting(account, params["meetingId"])["host_id"])
        except ApiFailure:
            return None
        return None

    def _authenticate(self, request: web.Request) -> Account:
        if "access_token" in request.query:
            raise ApiFailure(401, 124, _INVALID_TOKEN)
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise ApiFailure(401, 124, _INVALID_TOKEN)
        issued = self.state.tokens.get(token)
        now = self.clock()
        if issued is not None:
            if issued.expires_at <= now:
                raise ApiFailure(401, 124, "Access token is expired.")
            _token_user.set(issued.user_id)  # a user-OAuth token: "me" is that user
            return self.state.accounts[issued.account_id]
        if token.count(".") == 2:
            return self._authenticate_jwt(token, now)
        raise ApiFailure(401, 124, _INVALID_TOKEN)

    def _authenticate_jwt(self, token: str, now: float) -> Account:
        try:
            payload = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
            account = self.state.by_jwt_key.get(payload.get("iss"))
            if account is None:
                raise ApiFailure(401, 124, _INVALID_TOKEN)
            key = OctKey.import_key(account.jwt_api_secret.encode("ascii"))
            decoded = jwt.decode(token, key, algorithms=["HS256"])
        except (ValueError, binascii.Error, JoseError, AttributeError):
            raise ApiFailure(401, 124, _INVALID_TOKEN) from None
        exp = decoded.claims.get("exp")
        if token in self.state.revoked_jwts or not isinstance(exp, int | float):
            raise ApiFailure(401, 124, _INVALID_TOKEN)
        if exp <= now:
            raise ApiFailure(401, 124, "Access token is expired.")
        self.state.seen_jwts.add(token)
        return account

    # -- OAuth --------------------------------------------------------------------------------

    async def _token(self, request: web.Request) -> web.StreamResponse:
        self.token_requests += 1
        async with self._in_flight_changed:
            self.token_requests_in_flight += 1
            self.max_token_requests_in_flight = max(
                self.max_token_requests_in_flight, self.token_requests_in_flight
            )
            self._in_flight_changed.notify_all()
        try:
            if self.token_gate is not None:
                await self.token_gate.wait()
            answer = await self._answer_token(request)
            if self.token_answer_gate is not None:
                async with self._in_flight_changed:
                    self.token_answers_held += 1
                    self._in_flight_changed.notify_all()
                await self.token_answer_gate.wait()
            return answer
        finally:
            async with self._in_flight_changed:
                self.token_requests_in_flight -= 1
                self._in_flight_changed.notify_all()

    async def _answer_token(self, request: web.Request) -> web.StreamResponse:
        params = dict(request.query)
        if request.can_read_body:
            params.update(parse_qsl((await request.read()).decode("utf-8", "replace")))
        grant = params.get("grant_type", "")
        self.token_requests_by_grant[grant] += 1
        if self._faults:
            fault = self._faults.popleft()
            return web.Response(
                status=fault.status, text=fault.body, content_type=fault.content_type
            )
        account = self._client_account(request)
        if account is None:
            return _oauth_error(401, "invalid_client", "Invalid client_id or client_secret")
        if grant == "account_credentials":
            if params.get("account_id") != account.account_id:
                return _oauth_error(400, "invalid_request", "Invalid account_id")
            return web.json_response(
                self.state.issue_token(account, grant, api_url=self.token_api_url)
            )
        if grant == "refresh_token":
            owner = self.state.refresh_tokens.pop(params.get("refresh_token", ""), None)
            if owner is None or owner[0] != account.account_id:
                return _oauth_error(400, "invalid_request", "Invalid Token!")
            return web.json_response(
                self.state.issue_token(account, grant, user_id=owner[1], api_url=self.token_api_url)
            )
        if grant == "authorization_code":
            return self._exchange_code(account, params)
        return _oauth_error(400, "unsupported_grant_type", "Unsupported grant type")

    def _client_account(self, request: web.Request) -> Account | None:
        scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            client_id, _, secret = base64.b64decode(encoded).decode().partition(":")
        except (ValueError, binascii.Error):
            return None
        account = self.state.by_client_id.get(client_id)
        if account is None or account.client_secret != secret:
            return None
        return account

    def _exchange_code(self, account: Account, params: dict[str, str]) -> web.StreamResponse:
        grant = self.state.auth_codes.pop(params.get("code", ""), None)
        if (
            grant is None
            or grant["account_id"] != account.account_id
            or grant["expires_at"] <= self.clock()
            or grant["redirect_uri"] != params.get("redirect_uri")
        ):
            return _oauth_error(400, "invalid_request", "Invalid authorization code")
        if grant["challenge"] is not None:
            verifier = params.get("code_verifier", "")
            digest = hashlib.sha256(verifier.encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
                return _oauth_error(400, "invalid_request", "Invalid code_verifier")
        return web.json_response(
            self.state.issue_token(
                account,
                "authorization_code",
                user_id=grant["user_id"],
                api_url=self.token_api_url,
            )
        )

    async def _authorize(self, request: web.Request) -> web.StreamResponse:
        """Approve at once (as the account owner) and redirect back with a code."""
        query = request.query
        account = self.state.by_client_id.get(query.get("client_id", ""))
        redirect_uri = query.get("redirect_uri")
        if account is None or not redirect_uri or query.get("response_type") != "code":
            return _oauth_error(400, "invalid_request", "Invalid client_id or redirect_uri")
        challenge = query.get("code_challenge")
        if challenge is not None and query.get("code_challenge_method") != "S256":
            return _oauth_error(400, "invalid_request", "Only S256 code challenges")
        code = self.state.new_auth_code(account, redirect_uri, challenge, account.owner_id)
        location = f"{redirect_uri}?code={code}"
        if "state" in query:
            location += f"&state={query['state']}"
        raise web.HTTPFound(location)

    # -- API ----------------------------------------------------------------------------------

    async def _download(self, request: web.Request) -> web.StreamResponse:
        """``GET {origin}/rec/download/{fileId}``: Zoom's web host. A bearer token (an API
        access token of the file's account, or a ``download_access_token`` or webhook
        ``download_token`` of its recording) gets a 302 to a signed file-host URL; a token in
        the query string, none, or a bad one gets 401 code 124; an unknown, trashed or deleted
        file 404 code 3301."""
        try:
            if "access_token" in request.query:
                raise ApiFailure(401, 124, _INVALID_TOKEN)
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not token:
                raise ApiFailure(401, 124, _INVALID_TOKEN)
            grant = self.recordings.download_tokens.get(token)
            if grant is not None:
                if grant.expires_at <= self.clock():
                    raise ApiFailure(401, 124, "Access token is expired.")
                account_id, scope = grant.account_id, grant.meeting_uuid
            else:
                account_id, scope = self._authenticate(request).account_id, None
            found = self.recordings.downloadable(request.match_info["fileId"])
            if found is None or found[1].account_id != account_id:
                raise ApiFailure(404, 3301, NO_FILE)
            if scope is not None and scope != found[1].uuid:
                raise ApiFailure(401, 124, _INVALID_TOKEN)  # a token of another recording
        except ApiFailure as failure:
            return web.json_response(failure.body(), status=failure.status)
        return web.Response(
            status=302, headers={"Location": self.file_host.signed_url(found[0].id)}
        )

    async def _dispatch(self, request: web.Request, account: Account) -> web.StreamResponse:
        return await dispatch(self, request, account, _token_user.get())


def _url_host(host: str) -> str:
    """``host`` as it goes in a URL (an IPv6 address in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _raw_response(
    status: int, body: bytes, content_type: str, headers: tuple[tuple[str, str], ...] = ()
) -> web.Response:
    """An answer with ``body`` as it is (``content_type`` may carry a charset)."""
    response = web.Response(status=status, body=body)
    response.headers["Content-Type"] = content_type
    for name, value in headers:
        response.headers[name] = value
    return response


def _oauth_error(status: int, error: str, reason: str) -> web.Response:
    return web.json_response({"reason": reason, "error": error}, status=status)

"""Retries, rate limits, timeouts and regional hosts, through the real stack against the fake Zoom.

The fake injects each fault on loopback (real sockets); the client's retry policy gets the fake's
hand-moved clock and a ``sleep`` that moves it, so waits are exact and the tests take no time
waiting. Every case counts what the server saw.
"""

from __future__ import annotations

import asyncio
import io
import logging
import socket
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from aiohttp import web

from aiozoom import (
    InvalidResponseError,
    NotFoundError,
    RateLimiter,
    RateLimitExceeded,
    RetryEvent,
    RetryPolicy,
    ServerToServerOAuth,
    StaticToken,
    TokenRequestError,
    ZoomAPIError,
    ZoomClient,
    ZoomConnectionError,
    ZoomTimeoutError,
)
from aiozoom.testing import FakeClock, FakeZoom, TokenFault
from aiozoom.testing.faults import Fault
from tests.conftest import s2s_for

HTML_502 = "<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"


@attrs.define
class Sleeper:
    """The policy's ``sleep``: moves the shared clock instead of waiting, and records the waits."""

    clock: FakeClock
    waits: list[float] = attrs.Factory(list)

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.clock.advance(seconds)


def policy_for(clock: FakeClock, sleeper: Sleeper, **options: Any) -> RetryPolicy:
    return RetryPolicy(clock=clock, wall_clock=clock, sleep=sleeper, **options)


def limiter_for(clock: FakeClock, sleeper: Sleeper, **options: Any) -> RateLimiter:
    return RateLimiter(clock=clock, wall_clock=clock, sleep=sleeper, **options)


@pytest.fixture
def sleeper(clock: FakeClock) -> Sleeper:
    return Sleeper(clock)


@pytest.fixture
async def client(
    fake: FakeZoom, s2s: ServerToServerOAuth, clock: FakeClock, sleeper: Sleeper
) -> Any:
    async with ZoomClient(
        s2s,
        base_url=fake.base_url,
        retry=policy_for(clock, sleeper),
        rate_limiter=limiter_for(clock, sleeper),
        timeout=0.5,
    ) as zoom:
        yield zoom


async def _get(zoom: ZoomClient, fake: FakeZoom) -> Any:
    return await zoom.users.get(fake.account.owner_id)


async def _post(zoom: ZoomClient, fake: FakeZoom) -> Any:
    return await zoom.meetings.create("me", topic="standup")


def _meetings(fake: FakeZoom) -> int:
    return len(fake.account.meetings)


# Each row: the fault (and how many requests get it), then for GET and for POST the outcome --
# None for success, else the error class -- and how many requests the server saw, and how many
# meetings the POST created.
FAULTS: list[tuple[str, Fault, int | None, Any, int, Any, int, int]] = [
    ("500 once", Fault.status(500), 1, None, 2, ZoomAPIError, 1, 0),
    ("503 twice", Fault.status(503), 2, None, 3, ZoomAPIError, 1, 0),
    ("502 always", Fault.status(502), None, ZoomAPIError, 3, ZoomAPIError, 1, 0),
    ("501 once", Fault.status(501), 1, ZoomAPIError, 1, ZoomAPIError, 1, 0),
    ("HTML 502 once", Fault.status(502, HTML_502, "text/html"), 1, None, 2, ZoomAPIError, 1, 0),
    ("write then 500", Fault.after_commit(500), 1, None, 2, ZoomAPIError, 1, 1),
    ("write then 503 always", Fault.after_commit(503), None, ZoomAPIError, 3, ZoomAPIError, 1, 1),
    ("reset once", Fault.reset(), 1, None, 2, ZoomConnectionError, 1, 0),
    ("reset always", Fault.reset(), None, ZoomConnectionError, 3, ZoomConnectionError, 1, 0),
    ("hang once", Fault.hang(), 1, None, 2, ZoomTimeoutError, 1, 0),
    ("slow, in time", Fault.delay(0.05), 1, None, 1, None, 1, 1),
    ("truncated JSON", Fault.malformed(b'{"id": "abc", "first'), 1, InvalidResponseError, 1,
     InvalidResponseError, 1, 0),
    ("HTML 200", Fault.malformed(HTML_502.encode(), 200, "text/html"), 1, InvalidResponseError, 1,
     InvalidResponseError, 1, 0),
    ("empty JSON 200", Fault.malformed(b""), 1, InvalidResponseError, 1, InvalidResponseError, 1,
     0),
    ("error object in a 200", Fault.malformed(b'{"code": 1001, "message": "User does not exist"}'),
     1, NotFoundError, 1, NotFoundError, 1, 0),
    ("429 per second once", Fault.status(429, headers={"Retry-After": "1"}), 1, None, 2, None, 2,
     1),
    ("429 per second, no headers", Fault.status(429), 1, None, 2, None, 2, 1),
    ("429 daily", Fault.status(429, headers={"X-RateLimit-Type": "Daily-limit"}), 1,
     RateLimitExceeded, 1, RateLimitExceeded, 1, 0),
]  # fmt: skip


@pytest.mark.parametrize(
    ("fault", "times", "get_error", "get_seen", "post_error", "post_seen", "post_created"),
    [pytest.param(*row[1:], id=row[0]) for row in FAULTS],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_fault_matrix(
    fake: FakeZoom,
    client: ZoomClient,
    method: str,
    fault: Fault,
    times: int | None,
    get_error: type[Exception] | None,
    get_seen: int,
    post_error: type[Exception] | None,
    post_seen: int,
    post_created: int,
) -> None:
    await client.users.get("me")  # a token first: the token request is not what is tested
    call = _get if method == "GET" else _post
    error, seen = (get_error, get_seen) if method == "GET" else (post_error, post_seen)
    path = f"/users/{fake.account.owner_id}" if method == "GET" else "/users/me/meetings"
    before_meetings = _meetings(fake)
    before = fake.requests_received
    fake.inject_fault(fault, method=method, path=path, times=times)
    try:
        if error is None:
            await call(client, fake)
        else:
            with pytest.raises(error):
                await call(client, fake)
    finally:
        fake.clear_faults()
    assert fake.requests_received - before == seen
    assert _meetings(fake) - before_meetings == (post_created if method == "POST" else 0)


async def test_a_post_whose_write_committed_before_a_500_creates_one_meeting(
    fake: FakeZoom, client: ZoomClient
) -> None:
    fake.inject_fault(Fault.after_commit(500), method="POST", path="/users/me/meetings")
    with pytest.raises(ZoomAPIError) as caught:
        await client.meetings.create("me", topic="board")
    assert caught.value.status == 500
    assert fake.api_count("POST") == 1
    assert [m["topic"] for m in fake.account.meetings.values()] == ["board"]


async def test_a_post_is_retried_when_the_caller_opts_in(
    fake: FakeZoom, client: ZoomClient
) -> None:
    assert client.retry is not None
    fake.inject_fault(Fault.status(503), method="POST", path="/users/me/meetings")
    writes = client.with_options(retry=client.retry.replace(retry_writes=True))
    meeting = await writes.meetings.create("me", topic="retried")
    assert meeting.topic == "retried"
    assert fake.api_count("POST") == 2
    assert _meetings(fake) == 1


async def test_a_post_is_retried_when_it_never_reached_zoom(clock: FakeClock) -> None:
    """Connection refused: the request provably never arrived, so even a POST goes again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fake = FakeZoom(clock=clock, port=port)  # not listening yet: the first attempt is refused
    token = fake.state.issue_token(fake.account, "account_credentials")["access_token"]
    started: list[float] = []

    async def sleep(seconds: float) -> None:
        started.append(seconds)
        clock.advance(seconds)
        if fake._runner is None:
            await fake.start()

    policy = RetryPolicy(clock=clock, wall_clock=clock, sleep=sleep)
    try:
        async with ZoomClient(
            StaticToken(token), base_url=f"http://127.0.0.1:{port}/v2", retry=policy
        ) as zoom:
            meeting = await zoom.meetings.create("me", topic="once")
    finally:
        await fake.close()
    assert len(started) == 1
    assert meeting.topic == "once"
    assert fake.requests_received == 1
    assert _meetings(fake) == 1


async def test_retries_stop_at_the_deadline(
    fake: FakeZoom, s2s: ServerToServerOAuth, clock: FakeClock, sleeper: Sleeper
) -> None:
    policy = policy_for(clock, sleeper, attempts=10, backoff=4.0, max_backoff=4.0, deadline=10.0)
    async with ZoomClient(s2s, base_url=fake.base_url, retry=policy) as zoom:
        await zoom.users.get("me")
        start = clock()
        fake.inject_fault(Fault.status(503), method="GET", times=None)
        with pytest.raises(ZoomAPIError):
            await zoom.users.get("me")
    assert clock() - start <= 10.0
    assert sum(sleeper.waits) <= 10.0
    assert len(sleeper.waits) < 9  # the deadline, not the 10 attempts, ended it


async def test_retry_none_turns_retries_off(fake: FakeZoom, s2s: ServerToServerOAuth) -> None:
    async with ZoomClient(s2s, base_url=fake.base_url, retry=None) as zoom:
        assert zoom.retry is None
        await zoom.users.get("me")
        before = fake.requests_received
        fake.inject_fault(Fault.status(503), method="GET")
        with pytest.raises(ZoomAPIError):
            await zoom.users.get("me")
        assert fake.requests_received - before == 1
        fake.inject_fault(Fault.status(503), method="GET")
        other = zoom.with_options(retry=RetryPolicy(sleep=Sleeper(FakeClock())))
        await other.users.get("me")  # one call with retries on
        assert fake.requests_received - before == 3


async def test_a_token_endpoint_hiccup_is_retried_even_for_a_post(
    fake: FakeZoom, client: ZoomClient, sleeper: Sleeper
) -> None:
    fake.inject_token_fault(TokenFault(503, "<html>busy</html>", "text/html"))
    meeting = await client.meetings.create("me", topic="after a hiccup")  # needs a first token
    assert meeting.topic == "after a hiccup"
    assert fake.token_requests == 2
    assert fake.api_count("POST") == 1  # the first attempt never reached the API
    assert len(sleeper.waits) == 1


async def test_refused_credentials_are_not_retried(
    fake: FakeZoom, client: ZoomClient, sleeper: Sleeper
) -> None:
    fake.inject_token_fault(
        TokenFault(
            401, '{"reason": "Invalid client_id or client_secret", "error": "invalid_client"}'
        )
    )
    with pytest.raises(TokenRequestError) as caught:
        await client.users.get("me")
    assert caught.value.transient is False
    assert fake.token_requests == 1
    assert sleeper.waits == []


# -- Retry-After in its three forms -----------------------------------------------------------


def _formats(moment: datetime, now: datetime) -> dict[str, str]:
    return {
        "iso": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "http-date": moment.strftime("%a, %d %b %Y %H:%M:%S GMT"),
        "seconds": str(int((moment - now).total_seconds())),
    }


@pytest.mark.parametrize("limiter", [False, True], ids=["policy", "policy and limiter"])
@pytest.mark.parametrize("form", ["iso", "http-date", "seconds"])
async def test_retry_after_is_honoured(
    form: str, limiter: bool, clock: FakeClock, sleeper: Sleeper
) -> None:
    arrivals: list[float] = []
    retry_at: list[datetime] = []

    async def handler(request: web.Request) -> web.Response:
        arrivals.append(clock())
        if len(arrivals) == 1:
            now = datetime.fromtimestamp(clock(), UTC)
            moment = now.replace(microsecond=0) + timedelta(seconds=3)
            value = _formats(moment, now)[form]
            retry_at.append(now + timedelta(seconds=int(value)) if form == "seconds" else moment)
            return web.json_response(
                {"code": 429, "message": "You have reached the maximum per-second rate limit"},
                status=429,
                headers={"Retry-After": value},
            )
        return web.json_response({"ok": True})

    clock.advance(0.4)  # not on a whole second: the forms round differently
    app = web.Application()
    app.router.add_get("/v2/thing", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with ZoomClient(
            StaticToken("t"),
            base_url=f"http://127.0.0.1:{port}/v2",
            retry=policy_for(clock, sleeper),
            rate_limiter=limiter_for(clock, sleeper) if limiter else None,
        ) as zoom:
            assert await zoom.request("GET", "/thing") == {"ok": True}
    finally:
        await runner.cleanup()
    assert len(arrivals) == 2
    earliest = retry_at[0].timestamp()  # "2" (seconds) counts from the answer: 2.0 s after it
    assert arrivals[1] >= earliest
    assert arrivals[1] - earliest < 0.3  # and not much later: a little jitter only


# -- daily limits -----------------------------------------------------------------------------


async def test_per_user_daily_limit_raises_at_once_with_midnight(
    fake: FakeZoom, client: ZoomClient, clock: FakeClock, sleeper: Sleeper
) -> None:
    fake.enforce_rate_limits("pro", per_user_daily=2)
    await client.meetings.create("me", topic="one")
    await client.meetings.create("me", topic="two")
    started = time.monotonic()
    with pytest.raises(RateLimitExceeded) as caught:
        await client.meetings.create("me", topic="three")
    assert time.monotonic() - started < 1.0
    err = caught.value
    assert (err.limit_type, err.scope, err.sent) == ("Daily-limit", "user", True)
    today = datetime.fromtimestamp(clock(), UTC).date()
    assert err.retry_at == datetime(today.year, today.month, today.day, tzinfo=UTC) + timedelta(
        days=1
    )
    assert sleeper.waits == []
    assert fake.api_count("POST") == 3
    await client.users.get("me")  # another user, another rule: the account is not blocked


async def test_per_user_daily_limit_without_headers_is_read_from_the_message(
    fake: FakeZoom, client: ZoomClient, clock: FakeClock
) -> None:
    fake.enforce_rate_limits("pro", per_user_daily=1, headers=False)
    await client.meetings.create("me", topic="one")
    with pytest.raises(RateLimitExceeded) as caught:
        await client.meetings.create("me", topic="two")
    assert (caught.value.limit_type, caught.value.scope) == ("Daily-limit", "user")
    assert caught.value.retry_at is not None
    assert caught.value.retry_at.time().hour == 0
    assert caught.value.retry_at > datetime.fromtimestamp(clock(), UTC)


async def test_account_daily_limit_blocks_the_category_until_midnight(
    fake: FakeZoom, client: ZoomClient, clock: FakeClock
) -> None:
    fake.enforce_rate_limits("pro", daily=2)
    heavy = "/report/daily"  # Heavy in Zoom's description
    for _ in range(2):
        await client.request("GET", heavy)
    with pytest.raises(RateLimitExceeded) as caught:
        await client.request("GET", heavy)
    assert (caught.value.category, caught.value.limit_type, caught.value.sent) == (
        "Heavy",
        "Daily-limit",
        True,
    )
    seen = fake.requests_received
    with pytest.raises(RateLimitExceeded) as again:
        await client.request("GET", heavy)
    assert again.value.sent is False  # known to be spent: not sent at all
    assert fake.requests_received == seen
    await client.users.get("me")  # Light calls go on


# -- an outage --------------------------------------------------------------------------------


async def test_an_outage_adds_at_most_a_tenth_to_traffic(
    fake: FakeZoom, client: ZoomClient, clock: FakeClock
) -> None:
    await client.users.get("me")
    fake.inject_fault(Fault.status(503), times=None)
    asked = 0
    failed = 0
    before = fake.requests_received
    # the fixture's 0.5 s per attempt is for tests that wait out a hang; here every answer is a
    # 503, and a busy machine must not turn one into a timeout
    patient = client.with_options(timeout=30)
    for _ in range(100):  # 10 s of 100% 5xx: 20 calls every 0.1 s
        results = await asyncio.gather(
            *(patient.users.get("me") for _ in range(20)), return_exceptions=True
        )
        asked += len(results)
        failed += sum(isinstance(r, ZoomAPIError) and r.status == 503 for r in results)
        clock.advance(0.1)
    sent = fake.requests_received - before
    fake.clear_faults()
    assert asked >= 1000
    assert failed == asked
    assert sent <= 1.1 * asked
    for _ in range(3):
        await client.users.get("me")  # and the client recovers when Zoom does


# -- regional hosts ---------------------------------------------------------------------------


async def test_calls_follow_the_tokens_api_url(fake: FakeZoom, clock: FakeClock) -> None:
    fake.use_region()
    async with ZoomClient(s2s_for(fake, clock)) as zoom:  # no base_url: Zoom's, or the region's
        me = await zoom.users.get("me")
        await zoom.meetings.create("me", topic="eu")
        listed = [m async for m in zoom.meetings.list("me")]
        assert zoom.base_url == fake.regional_base_url
    assert me.id == fake.account.owner_id
    assert [m.topic for m in listed] == ["eu"]
    assert fake.requests_by_origin[fake.regional_origin] == 3
    assert fake.requests_by_origin[fake.origin] == 0


async def test_a_pinned_base_url_ignores_api_url(fake: FakeZoom, s2s: ServerToServerOAuth) -> None:
    fake.use_region()
    async with ZoomClient(s2s, base_url=fake.base_url) as zoom:
        await zoom.users.get("me")
        assert zoom.base_url == fake.base_url
    assert fake.requests_by_origin[fake.origin] == 1
    assert fake.requests_by_origin[fake.regional_origin] == 0


async def test_an_api_url_that_is_not_safe_is_not_followed(
    fake: FakeZoom, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    fake.token_api_url = "http://api-eu.zoom.example"  # plain HTTP off loopback: refused
    async with ZoomClient(s2s_for(fake, clock)) as zoom:
        with pytest.raises(ZoomConnectionError):
            await zoom.with_options(retry=None).users.get("me")  # to Zoom's own default host
        assert zoom.base_url == "https://api.zoom.us/v2"
    assert "does not send tokens to" in caplog.text
    assert fake.requests_received == 0


# -- observability ----------------------------------------------------------------------------


async def test_each_retry_is_logged_and_hooked(
    fake: FakeZoom,
    s2s: ServerToServerOAuth,
    clock: FakeClock,
    sleeper: Sleeper,
    caplog: pytest.LogCaptureFixture,
) -> None:
    events: list[RetryEvent] = []

    async def on_retry(event: RetryEvent) -> None:
        events.append(event)

    policy = policy_for(clock, sleeper, on_retry=on_retry)
    async with ZoomClient(s2s, base_url=fake.base_url, retry=policy) as zoom:
        await zoom.users.get("me")
        fake.inject_fault(Fault.status(502), method="GET", times=1)
        fake.inject_fault(Fault.status(429, headers={"Retry-After": "2"}), method="GET", nth=2)
        caplog.set_level(logging.INFO, logger="aiozoom.retry")
        await zoom.users.get("me")
    assert [(e.reason, e.attempt) for e in events] == [("server_error", 1), ("rate_limited", 2)]
    assert [e.wait for e in events] == sleeper.waits
    assert events[1].wait >= 2.0
    assert isinstance(events[0].error, ZoomAPIError)
    assert events[0].error.status == 502
    lines = [r.getMessage() for r in caplog.records if r.name == "aiozoom.retry"]
    assert len(lines) == 2
    assert "attempt 1 failed (server_error" in lines[0]
    assert "retrying in" in lines[1]


async def test_a_sync_hook_works_too(
    fake: FakeZoom, s2s: ServerToServerOAuth, clock: FakeClock, sleeper: Sleeper
) -> None:
    events: list[RetryEvent] = []
    policy = policy_for(clock, sleeper, on_retry=events.append)
    async with ZoomClient(s2s, base_url=fake.base_url, retry=policy) as zoom:
        fake.inject_fault(Fault.reset(), method="GET")
        await zoom.users.get("me")
    assert [e.reason for e in events] == ["connection_error"]


async def test_rate_limit_headers_are_readable_per_category(
    fake: FakeZoom, client: ZoomClient
) -> None:
    fake.enforce_rate_limits("pro", daily=100)
    assert client.rate_limits == {}
    await client.request("GET", "/report/daily")
    await client.request("GET", "/report/daily")
    heavy = client.rate_limits[("Heavy", "Daily-limit")]
    assert (heavy.limit_type, heavy.limit, heavy.remaining) == ("Daily-limit", 100, 98)


# -- timeouts and per-call options ------------------------------------------------------------


async def test_timeouts_are_per_call(fake: FakeZoom, client: ZoomClient) -> None:
    await client.users.get("me")
    fake.inject_fault(Fault.delay(0.3), method="POST", times=None)
    hurried = client.with_options(timeout=0.1)
    with pytest.raises(ZoomTimeoutError) as caught:
        await hurried.meetings.create("me", topic="late")
    assert caught.value.sent is True
    assert "did not answer in time" in str(caught.value)
    meeting = await client.meetings.create("me", topic="in time")  # the client's own 0.5 s
    assert meeting.topic == "in time"
    fake.clear_faults()


async def test_with_options_adds_headers_and_shares_the_rest(
    fake: FakeZoom, client: ZoomClient
) -> None:
    seen: list[str | None] = []

    async def echo(request: web.Request) -> web.Response:
        seen.append(request.headers.get("X-Request-Source"))
        return web.json_response({})

    fake.fallback = echo
    tagged = client.with_options(headers={"X-Request-Source": "nightly-sync"})
    await tagged.request("GET", "/anything")
    await client.request("GET", "/anything")
    assert seen == ["nightly-sync", None]
    assert tagged.session is client.session
    await tagged.close()
    assert client.closed


# -- the rate limiter in front of an enforcing fake -------------------------------------------


async def test_a_429_engages_the_limiter_and_callers_see_none(fake: FakeZoom) -> None:
    """Real time: 4 clients sharing one limiter, 50 Medium calls at once, a fake enforcing Pro."""
    real = FakeZoom()  # the fake's windows and the limiter both follow real time here
    async with real:
        real.enforce_rate_limits("pro")
        limiter = RateLimiter()  # plan unknown: learns from the first 429
        auth = ServerToServerOAuth(
            real.account.account_id,
            real.account.client_id,
            real.account.client_secret,
            token_url=real.token_url,
        )
        clients = [ZoomClient(auth, base_url=real.base_url, rate_limiter=limiter) for _ in range(4)]
        try:
            await clients[0].users.get("me")
            assert not limiter.engaged

            async def burst(n: int) -> list[Any]:
                return await asyncio.gather(
                    *(
                        clients[i % 4].request("GET", "/users", params={"page_size": 1})
                        for i in range(n)
                    )
                )

            first = await burst(30)  # twice the limit reaches Zoom before anyone knows it
            refused_first = sum(real.rate_limited.values())
            second = await burst(40)  # now paced
            refused_second = sum(real.rate_limited.values()) - refused_first
        finally:
            for zoom in clients:
                await zoom.close()
    assert len(first) == 30
    assert len(second) == 40  # every call succeeded: no 429 reached a caller
    assert refused_first >= 1
    assert limiter.engaged
    assert limiter.status("Medium").count is not None
    assert refused_second <= 2


# -- arguments --------------------------------------------------------------------------------


async def test_bad_options_name_the_argument(fake: FakeZoom, s2s: ServerToServerOAuth) -> None:
    with pytest.raises(ValueError, match="retry must be a RetryPolicy"):
        ZoomClient(s2s, retry=3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="rate_limiter must be a RateLimiter"):
        ZoomClient(s2s, rate_limiter="pro")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timeout must be a positive number"):
        ZoomClient(s2s, timeout=-1)
    with pytest.raises(ValueError, match="timeout must be a positive number"):
        ZoomClient(s2s, timeout=float("inf"))
    with pytest.raises(ValueError, match="headers must map header names to str values"):
        ZoomClient(s2s, headers={"X-Id": 5})  # type: ignore[dict-item]
    async with ZoomClient(s2s, base_url=fake.base_url) as zoom:
        with pytest.raises(ValueError, match="timeout must be a positive number"):
            zoom.with_options(timeout=0)
        with pytest.raises(ValueError, match="retry must be a RetryPolicy"):
            zoom.with_options(retry="never")  # type: ignore[arg-type]


async def test_a_timeout_given_with_your_own_session_applies(
    fake: FakeZoom, s2s: ServerToServerOAuth
) -> None:
    import aiohttp

    fake.inject_fault(Fault.delay(0.3), method="GET", path="/users/me", times=None)
    async with aiohttp.ClientSession() as session:  # its own timeout: aiohttp's 5 minutes
        mine = ZoomClient(s2s, base_url=fake.base_url, session=session, retry=None)
        assert await mine.users.get("me")  # the session's timeout: in time
        hurried = ZoomClient(s2s, base_url=fake.base_url, session=session, timeout=0.1, retry=None)
        with pytest.raises(ZoomTimeoutError):
            await hurried.users.get("me")
        await mine.close()
        await hurried.close()
        assert not session.closed  # a session of yours is never closed by the client
    fake.clear_faults()


# -- bounds, bodies and other people's sessions -----------------------------------------------


async def test_no_attempt_starts_after_the_deadline(
    fake: FakeZoom, s2s: ServerToServerOAuth, clock: FakeClock, sleeper: Sleeper
) -> None:
    """A hook (or a late wake-up) that runs past the deadline: the last error, not a new send."""

    async def slow_hook(event: RetryEvent) -> None:
        clock.advance(30)

    policy = policy_for(clock, sleeper, deadline=10.0, on_retry=slow_hook)
    async with ZoomClient(s2s, base_url=fake.base_url, retry=policy) as zoom:
        await zoom.users.get("me")
        before = fake.requests_received
        fake.inject_fault(Fault.status(503), method="GET")
        with pytest.raises(ZoomAPIError) as caught:
            await zoom.users.get("me")
    assert caught.value.status == 503
    assert fake.requests_received - before == 1


async def test_the_deadline_bounds_the_first_attempt_too(
    fake: FakeZoom, s2s: ServerToServerOAuth
) -> None:
    async with ZoomClient(
        s2s, base_url=fake.base_url, timeout=30, retry=RetryPolicy(deadline=0.3)
    ) as zoom:
        await zoom.users.get("me")
        fake.inject_fault(Fault.hang(), method="GET", times=None)
        started = time.monotonic()
        with pytest.raises(ZoomTimeoutError):
            await asyncio.wait_for(zoom.users.get("me"), 10)
        assert time.monotonic() - started < 2.0
        fake.clear_faults()


@pytest.mark.parametrize("body", [io.BytesIO(b"x"), "text", [1, 2]], ids=type)
async def test_a_body_that_cannot_be_sent_twice_is_refused(
    client: ZoomClient, body: object
) -> None:
    with pytest.raises(ValueError, match="data must be bytes"):
        await client.request("PUT", "/users/me/picture", data=body)  # type: ignore[arg-type]


async def test_a_retried_put_sends_the_same_bytes(fake: FakeZoom, client: ZoomClient) -> None:
    received: list[bytes] = []

    async def record(request: web.Request) -> web.Response:
        received.append(await request.read())
        return web.Response(status=204)

    fake.fallback = record
    fake.inject_fault(Fault.status(503), method="PUT")
    await client.request("PUT", "/anything", data=bytearray(b"payload"), content_type="text/plain")
    assert received == [b"payload"]  # the 503 answered the first; the retry reached the handler
    assert fake.api_count("PUT") == 2


async def test_a_session_that_raises_for_status_still_gets_zooms_errors(
    fake: FakeZoom, s2s: ServerToServerOAuth
) -> None:
    import aiohttp

    async with aiohttp.ClientSession(raise_for_status=True) as session:
        zoom = ZoomClient(s2s, base_url=fake.base_url, session=session)
        with pytest.raises(NotFoundError):
            await zoom.users.get("nobody-at-all")
        fake.enforce_rate_limits("pro", per_user_daily=0)
        with pytest.raises(RateLimitExceeded) as caught:
            await zoom.meetings.create("me", topic="x")
        assert caught.value.scope == "user"
        await zoom.close()
    assert fake.api_count("GET") == 1  # a 404 is not retried
    assert fake.api_count("POST") == 1


async def test_a_long_retry_after_is_not_slept_by_the_limiter_either(
    fake: FakeZoom, client: ZoomClient, sleeper: Sleeper
) -> None:
    fake.inject_fault(Fault.status(429, headers={"Retry-After": "100"}), method="GET")
    with pytest.raises(RateLimitExceeded) as first:
        await client.users.get("me")
    assert first.value.sent is True  # Zoom's answer: more than max_rate_limit_wait away
    with pytest.raises(RateLimitExceeded) as second:
        await client.users.get("me")
    assert second.value.sent is False  # the limiter knows the category is paused
    assert second.value.path == "/users/{userId}" or second.value.path.startswith("/users/")
    assert sleeper.waits == []
    assert fake.api_count("GET") == 1


async def test_the_first_token_wait_of_an_unpinned_client_is_bounded(
    fake: FakeZoom, clock: FakeClock
) -> None:
    fake.token_gate = asyncio.Event()  # the token endpoint never answers
    try:
        async with ZoomClient(
            s2s_for(fake, clock, timeout=30), timeout=0.2, retry=RetryPolicy(deadline=0.5)
        ) as zoom:
            started = time.monotonic()
            with pytest.raises(TokenRequestError, match="the API was not called"):
                await asyncio.wait_for(zoom.users.get("me"), 10)
            assert time.monotonic() - started < 2.0
            fake.token_gate.set()  # or closing waits (bounded) for the refresh still in flight
    finally:
        fake.token_gate.set()
    assert fake.requests_received == 0


async def test_a_delete_that_may_have_happened_says_so(fake: FakeZoom, client: ZoomClient) -> None:
    meeting = await client.meetings.create("me", topic="doomed")
    fake.inject_fault(Fault.after_commit(500), method="DELETE")
    with pytest.raises(NotFoundError, match="may have deleted it then"):
        await client.meetings.delete(meeting.id)
    assert _meetings(fake) == 0


async def test_cancelling_a_call_in_backoff_gives_its_retry_back(
    fake: FakeZoom, s2s: ServerToServerOAuth
) -> None:
    gate = asyncio.Event()
    backing_off = asyncio.Event()

    async def held(seconds: float) -> None:
        backing_off.set()
        await gate.wait()

    policy = RetryPolicy(sleep=held, budget=2)
    async with ZoomClient(s2s, base_url=fake.base_url, retry=policy) as zoom:
        await zoom.users.get("me")
        fake.inject_fault(Fault.status(503), method="GET", times=None)
        for _ in range(5):  # each takes the budget's unit for its retry, then is cancelled
            task = asyncio.create_task(zoom.users.get("me"))
            await asyncio.wait_for(backing_off.wait(), 5)  # it is retrying: a unit was taken
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            backing_off.clear()
        fake.clear_faults()
        fake.inject_fault(Fault.status(503), method="GET")
        gate.set()
        assert await zoom.users.get("me")  # the budget is whole again: this one is retried


async def test_a_sync_hook_may_return_anything(
    fake: FakeZoom, s2s: ServerToServerOAuth, clock: FakeClock, sleeper: Sleeper
) -> None:
    seen: list[int] = []
    policy = policy_for(clock, sleeper, on_retry=lambda e: seen.append(e.attempt) or e.attempt)
    async with ZoomClient(s2s, base_url=fake.base_url, retry=policy) as zoom:
        fake.inject_fault(Fault.status(502), method="GET")
        await zoom.users.get("me")
    assert seen == [1]


async def test_the_per_user_rule_is_not_the_accounts_state(
    fake: FakeZoom, client: ZoomClient
) -> None:
    fake.enforce_rate_limits("pro", per_user_daily=1)
    await client.meetings.create("me", topic="one")
    with pytest.raises(RateLimitExceeded):
        await client.meetings.create("me", topic="two")
    assert client.rate_limits == {}  # only the per-user 429 carried X-RateLimit-* headers

"""RedisRateLimiter against a real redis-server: one budget for several limiters (as for several
processes), a 429 seen by one slowing the others, the daily cap, and an outage's fallback.

Limits are small so that the few tests that wait for a window wait about one second; the rest
ask with ``timeout=0`` (refused at once rather than waiting)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import pytest
import redis.asyncio as redis

from aiozoom import ServerToServerOAuth, ZoomClient
from aiozoom.errors import RateLimitExceeded
from aiozoom.http.rate_limits import RateLimitHit
from aiozoom.rate_limiter import RateLimiter, RateLimits
from aiozoom.redis import RedisRateLimiter
from aiozoom.testing import FakeZoom

from .redis_server import RedisServer

LIMITS = RateLimits(light=5, medium=4, heavy=3, resource_intensive=2, daily=4)
LOCAL = RateLimits(light=2, medium=2, heavy=1, resource_intensive=1)


@pytest.fixture
async def make(redis_url: str) -> AsyncIterator[Callable[..., RedisRateLimiter]]:
    made: list[RedisRateLimiter] = []

    def factory(**options: object) -> RedisRateLimiter:
        options.setdefault("account_id", "acct")
        options.setdefault("limits", LIMITS)
        limiter = RedisRateLimiter(redis_url, **options)  # type: ignore[arg-type]
        made.append(limiter)
        return limiter

    yield factory
    for limiter in made:
        await limiter.aclose()


async def admitted(limiter: RateLimiter, category: str, tries: int) -> int:
    """How many of ``tries`` immediate acquires the limiter lets through."""
    n = 0
    refusals: list[RateLimitExceeded] = []
    for _ in range(tries):
        try:
            await limiter.acquire(category, timeout=0)
        except RateLimitExceeded as exc:
            refusals.append(exc)
            continue
        n += 1
    assert all(exc.sent is False for exc in refusals)
    return n


def now_utc() -> datetime:
    return datetime.now(UTC)


async def test_it_is_a_rate_limiter_a_client_takes(make: Callable[..., RedisRateLimiter]) -> None:
    limiter = make()
    assert isinstance(limiter, RateLimiter)
    assert limiter.engaged and limiter.shared
    assert limiter.limits == LIMITS
    async with ZoomClient(
        ServerToServerOAuth("a", "b", "c"), rate_limiter=limiter
    ) as zoom:  # accepted as is
        assert zoom.rate_limiter is limiter


def test_the_plan_must_be_known() -> None:
    with pytest.raises(ValueError, match="limits"):
        RedisRateLimiter("redis://127.0.0.1:1/0", account_id="a", limits=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="account_id"):
        RedisRateLimiter("redis://127.0.0.1:1/0", account_id="")
    with pytest.raises(ValueError, match=r"^local_limits must be 'free', 'pro' or 'business'"):
        RedisRateLimiter("redis://127.0.0.1:1/0", account_id="a", local_limits="gold")
    with pytest.raises(ValueError, match=r"^local_limits must be RateLimits, a plan name or None"):
        RedisRateLimiter("redis://127.0.0.1:1/0", account_id="a", local_limits=20)  # type: ignore[arg-type]


async def test_two_limiters_together_admit_the_limit_once(
    make: Callable[..., RedisRateLimiter],
) -> None:
    a, b = make(), make()
    got = [await admitted(a if i % 2 else b, "Medium", 1) for i in range(10)]
    assert sum(got) == LIMITS.medium
    assert await admitted(a, "Medium", 1) == await admitted(b, "Medium", 1) == 0
    # other categories and other accounts have their own budgets
    assert await admitted(a, "Light", 10) == LIMITS.light
    assert await admitted(make(account_id="other"), "Medium", 10) == LIMITS.medium


async def test_waiting_callers_of_two_limiters_keep_to_the_window(
    make: Callable[..., RedisRateLimiter],
) -> None:
    a, b = make(), make()
    start = time.monotonic()
    times: list[float] = []

    async def call(limiter: RedisRateLimiter) -> None:
        await limiter.acquire("Medium", timeout=10)
        times.append(time.monotonic() - start)

    await asyncio.gather(*(call(a if i % 2 else b) for i in range(2 * LIMITS.medium + 1)))
    times.sort()
    # at most `medium` in any span of one window plus the margin
    for i in range(len(times) - LIMITS.medium):
        assert times[i + LIMITS.medium] - times[i] >= 1.05 - 0.01, times
    # and no slower than that: the third window's first slot is two spans in
    assert times[-1] < 2 * 1.05 + 0.5, times


async def test_a_429_seen_by_one_pauses_the_other(make: Callable[..., RedisRateLimiter]) -> None:
    a, b = make(), make()
    pause = RateLimitHit("QPS", retry_at=now_utc() + timedelta(seconds=30))
    await a.report_rate_limited("Medium", pause)
    with pytest.raises(RateLimitExceeded) as caught:
        await b.acquire("Medium", timeout=0)
    assert caught.value.limit_type == "QPS"
    assert caught.value.retry_at is not None
    assert caught.value.retry_at > now_utc() + timedelta(seconds=25)
    assert await admitted(b, "Light", 1) == 1  # only that category


async def test_a_429_seen_by_one_slows_the_other(
    make: Callable[..., RedisRateLimiter], redis_url: str
) -> None:
    limits = RateLimits(light=5, medium=8, heavy=3, resource_intensive=2)
    a, b = make(limits=limits), make(limits=limits)
    # a 429 whose pause is already over: what remains is the slower pace, 75 % of 8
    await a.report_rate_limited("Medium", RateLimitHit("QPS", retry_at=now_utc()))
    assert await admitted(b, "Medium", 10) == 6
    # a second 429 within the same window is the same signal: no further cut
    await b.report_rate_limited("Medium", RateLimitHit("QPS", retry_at=now_utc()))
    assert await admitted(a, "Medium", 10) == 0  # the window is spent (6 sent)
    client = redis.from_url(redis_url)
    try:
        reduced = float(await client.hget("aiozoom:ratelimit:{acct}:Medium", "reduced"))
    finally:
        await client.aclose()
    assert 6.0 <= reduced < 6.5


async def test_a_429_another_saw_requeues_this_ones_waiter(
    make: Callable[..., RedisRateLimiter],
) -> None:
    sleeping = asyncio.Event()

    async def sleep(seconds: float) -> None:
        sleeping.set()  # the waiter holds its reservation
        await asyncio.sleep(seconds)

    a, b = make(), make(sleep=sleep)
    assert await admitted(b, "Medium", LIMITS.medium) == LIMITS.medium
    start = time.monotonic()
    waiter = asyncio.create_task(b.acquire("Medium", timeout=10))  # slot about 1.05 s away
    await sleeping.wait()
    await a.report_rate_limited(
        "Medium", RateLimitHit("QPS", retry_at=now_utc() + timedelta(seconds=1.6))
    )
    await waiter
    assert time.monotonic() - start >= 1.6 - 0.05


async def test_on_rate_limited_reaches_redis_before_the_next_acquire(
    make: Callable[..., RedisRateLimiter],
) -> None:
    a, b = make(), make()
    a.on_rate_limited("Heavy", RateLimitHit("QPS", retry_at=now_utc() + timedelta(seconds=30)))
    assert await admitted(a, "Heavy", 1) == 0  # written first, then refused
    assert await admitted(b, "Heavy", 1) == 0
    a.on_rate_limited("Light", RateLimitHit("QPS", scope="user"))  # the per-user rule: nothing
    assert await admitted(b, "Light", 1) == 1


async def test_the_daily_cap_is_shared_by_heavy_and_resource_intensive_of_all(
    make: Callable[..., RedisRateLimiter],
) -> None:
    a, b = make(), make()
    assert await admitted(a, "Heavy", 2) == 2
    assert await admitted(b, "Resource-intensive", 1) == 1
    assert await admitted(b, "Heavy", 1) == 1
    with pytest.raises(RateLimitExceeded) as caught:
        await a.acquire("Resource-intensive", timeout=0)
    assert caught.value.limit_type == "Daily-limit"
    assert caught.value.limit == LIMITS.daily


async def test_a_daily_429_seen_by_one_blocks_the_other(
    make: Callable[..., RedisRateLimiter],
) -> None:
    a, b = make(), make()
    await a.report_rate_limited("Heavy", RateLimitHit("Daily-limit", category="Heavy"))
    for category in ("Heavy", "Resource-intensive"):
        with pytest.raises(RateLimitExceeded) as caught:
            await b.acquire(category, timeout=0)
        assert caught.value.limit_type == "Daily-limit"
        assert caught.value.retry_at is not None
        assert caught.value.retry_at > now_utc()
    assert await admitted(b, "Medium", 1) == 1


async def test_a_cancelled_waiter_gives_its_slot_back(
    make: Callable[..., RedisRateLimiter], redis_url: str
) -> None:
    a, b = make(), make()
    assert await admitted(a, "Medium", LIMITS.medium) == LIMITS.medium
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.1):
            await b.acquire("Medium", timeout=10)
    await b.aclose()  # waits for the give-back
    client = redis.from_url(redis_url)
    try:
        assert await client.zcard("aiozoom:ratelimit:{acct}:Medium:log") == LIMITS.medium
    finally:
        await client.aclose()


async def test_an_outage_falls_back_to_local_pacing_and_comes_back(
    make: Callable[..., RedisRateLimiter],
    redis_process: RedisServer,
    redis_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="aiozoom.redis")
    limiter = make(local_limits=LOCAL, retry_interval=0.0)
    assert await admitted(limiter, "Medium", 1) == 1
    redis_process.kill()
    try:
        # this process's own budget: LOCAL's 2 Medium a second
        assert await admitted(limiter, "Medium", 5) == LOCAL.medium
        assert not limiter.shared
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1
        assert "unreachable" in warnings[0].getMessage()
        await limiter.report_rate_limited("Light", RateLimitHit("QPS"))  # kept locally
        assert limiter.status("Light").paused
    finally:
        redis_process.start()
    # Redis (empty after its restart) answers again: the shared budget is back
    assert await admitted(limiter, "Medium", 10) == LIMITS.medium
    assert limiter.shared
    assert any("answers again" in r.getMessage() for r in caplog.records)
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    client = redis.from_url(redis_url)
    try:
        assert await client.zcard("aiozoom:ratelimit:{acct}:Medium:log") == LIMITS.medium
    finally:
        await client.aclose()


async def test_during_an_outage_redis_is_tried_again_only_now_and_then(
    make: Callable[..., RedisRateLimiter], redis_process: RedisServer
) -> None:
    limiter = make(local_limits=LOCAL, retry_interval=60.0)
    redis_process.kill()
    try:
        assert await admitted(limiter, "Light", 1) == 1  # finds Redis gone
    finally:
        redis_process.start()
    # Redis is back, but the next attempt is a minute away: still local
    assert await admitted(limiter, "Light", 5) == LOCAL.light - 1
    assert not limiter.shared


async def test_two_clients_on_shared_limiters_draw_no_429_from_zoom(
    make: Callable[..., RedisRateLimiter],
) -> None:
    async with FakeZoom() as fake:
        fake.enforce_rate_limits("pro", medium=3)
        limits = RateLimits(light=30, medium=3, heavy=10, resource_intensive=10)
        account = fake.account
        clients = [
            ZoomClient(
                ServerToServerOAuth(
                    account.account_id,
                    account.client_id,
                    account.client_secret,
                    token_url=fake.token_url,
                ),
                base_url=fake.base_url,
                rate_limiter=make(limits=limits, account_id=account.account_id),
            )
            for _ in range(2)
        ]
        try:
            await asyncio.gather(
                *(
                    zoom.request("GET", "/users", params={"page_size": 1})
                    for zoom in clients
                    for _ in range(4)
                )
            )
        finally:
            for zoom in clients:
                await zoom.close()
        assert sum(fake.rate_limited.values()) == 0

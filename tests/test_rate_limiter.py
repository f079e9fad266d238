"""The client-side rate limiter, on virtual time: exact, and without real sleeping."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from aiozoom.errors import RateLimitExceeded
from aiozoom.http.rate_limits import RateLimitHit
from aiozoom.rate_limiter import CategoryStatus, RateLimiter, RateLimits

# 2026-05-30T23:00:00Z: an hour before a UTC midnight.
WALL0 = datetime(2026, 5, 30, 23, 0, tzinfo=UTC).timestamp()
MIDNIGHT = datetime(2026, 5, 31, tzinfo=UTC)
W = 1.05  # one second plus the default 5 % margin


class VirtualTime:
    """A monotonic clock and a wall clock that move only when :meth:`run` advances them.

    ``sleep`` parks the caller until the clock reaches its wake-up time; ``run`` lets tasks run
    until all are parked, then jumps to the earliest wake-up, and so on until the given tasks
    are done.
    """

    def __init__(self, start: float = 1000.0, wall: float = WALL0) -> None:
        self.now = start
        self.wall_offset = wall - start
        self.sleeps: list[float] = []
        self._parked: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        try:
            self._test_task = asyncio.current_task()
        except RuntimeError:
            self._test_task = None

    def clock(self) -> float:
        return self.now

    def wall(self) -> float:
        return self.now + self.wall_offset

    async def sleep(self, delay: float) -> None:
        assert delay > 0, "the limiter must not sleep for nothing"
        if self._test_task is not None and asyncio.current_task() is self._test_task:
            raise AssertionError(f"the test itself was made to wait {delay} s")
        self.sleeps.append(delay)
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._parked, (self.now + delay, next(self._order), future))
        await future

    def advance(self, seconds: float) -> None:
        """Move both clocks with nobody waiting (between calls, not during :meth:`run`)."""
        self.now += seconds

    @staticmethod
    async def settle() -> None:
        for _ in range(20):
            await asyncio.sleep(0)

    async def run(self, *tasks: asyncio.Task[object]) -> None:
        while True:
            await self.settle()
            if all(task.done() for task in tasks):
                return
            while self._parked and self._parked[0][2].done():
                heapq.heappop(self._parked)  # cancelled
            assert self._parked, "tasks are stuck without a wake-up time"
            when = self._parked[0][0]
            self.now = max(self.now, when)
            while self._parked and self._parked[0][0] <= self.now:
                _, _, future = heapq.heappop(self._parked)
                if not future.done():
                    future.set_result(None)


def make(
    limits: RateLimits | str | None = None, vt: VirtualTime | None = None, **kw: Any
) -> tuple[RateLimiter, VirtualTime]:
    vt = vt or VirtualTime()
    limiter = RateLimiter(limits, clock=vt.clock, wall_clock=vt.wall, sleep=vt.sleep, **kw)
    return limiter, vt


def limits(count: int = 3, *, ri: int = 2, daily: int | None = None) -> RateLimits:
    return RateLimits(light=count, medium=count, heavy=count, resource_intensive=ri, daily=daily)


async def send_all(
    limiter: RateLimiter,
    vt: VirtualTime,
    categories: list[str],
    *,
    arrivals: list[float] | None = None,
) -> list[float]:
    """Each caller (arriving at ``arrivals[i]`` after the start) acquires; returns send times
    relative to the start, in caller order."""
    start = vt.now
    sent: list[float] = [math.nan] * len(categories)

    async def caller(i: int, category: str) -> None:
        if arrivals is not None and arrivals[i] > 0:
            await vt.sleep(arrivals[i])
        await limiter.acquire(category)
        sent[i] = vt.now - start

    tasks = [asyncio.create_task(caller(i, c)) for i, c in enumerate(categories)]
    await vt.run(*tasks)
    for task in tasks:
        task.result()
    return sent


def assert_sliding(times: list[float], count: int, span: float) -> None:
    """No window of ``span`` seconds holds more than ``count`` of ``times``."""
    ordered = sorted(times)
    for first, last in zip(ordered, ordered[count:], strict=False):
        assert last - first >= span - 1e-9, (first, last, ordered)


def hit(
    limit_type: str = "QPS",
    *,
    category: str | None = None,
    scope: str = "account",
    limit: int | None = None,
    retry_at: datetime | None = None,
) -> RateLimitHit:
    return RateLimitHit(
        limit_type=limit_type,  # type: ignore[arg-type]
        category=category,  # type: ignore[arg-type]
        scope=scope,  # type: ignore[arg-type]
        limit=limit,
        retry_at=retry_at,
    )


def wall_at(vt: VirtualTime, seconds_from_now: float) -> datetime:
    return datetime.fromtimestamp(vt.wall() + seconds_from_now, UTC)


# -- RateLimits ----------------------------------------------------------------------------


def test_presets_carry_zooms_figures() -> None:
    assert RateLimits.free() == RateLimits(
        light=4, medium=2, heavy=1, resource_intensive=10, daily=1_000
    )
    assert RateLimits.pro() == RateLimits(
        light=30, medium=20, heavy=10, resource_intensive=10, daily=30_000
    )
    assert RateLimits.business() == RateLimits(
        light=80, medium=60, heavy=40, resource_intensive=20, daily=60_000
    )
    assert RateLimits.for_plan("free") == RateLimits.free()
    assert RateLimits.for_plan("Pro") == RateLimits.pro()
    assert RateLimits.for_plan("business") == RateLimits.business()
    assert RateLimits.for_plan("Business+") == RateLimits.business()


def test_per_window() -> None:
    business = RateLimits.business()
    assert business.per_window("Light") == (80, 1.0)
    assert business.per_window("Medium") == (60, 1.0)
    assert business.per_window("Heavy") == (40, 1.0)
    assert business.per_window("Resource-intensive") == (20, 60.0)
    assert business.per_window("no such category") == (80, 1.0)


@pytest.mark.parametrize("field", ["light", "medium", "heavy", "resource_intensive", "daily"])
@pytest.mark.parametrize("bad", [0, -1, True, 2.5, "3"])
def test_limits_must_be_positive_integers(field: str, bad: object) -> None:
    figures: dict[str, object] = {
        "light": 1,
        "medium": 1,
        "heavy": 1,
        "resource_intensive": 1,
        "daily": 1,
    }
    figures[field] = bad
    with pytest.raises(ValueError, match=rf"^{field} must be a positive integer"):
        RateLimits(**figures)  # type: ignore[arg-type]


def test_daily_may_be_left_uncounted() -> None:
    assert RateLimits(light=1, medium=1, heavy=1, resource_intensive=1).daily is None


def test_unknown_plan_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^plan must be"):
        RateLimits.for_plan("gold")
    with pytest.raises(ValueError, match=r"^limits must be"):
        RateLimiter("gold")
    with pytest.raises(ValueError, match=r"^limits must be"):
        RateLimiter(30)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [-0.01, math.nan, math.inf, True, "0.1"])
def test_margin_must_be_finite_and_not_negative(bad: object) -> None:
    with pytest.raises(ValueError, match=r"^margin must be"):
        RateLimiter(margin=bad)  # type: ignore[arg-type]


async def test_nan_timeout_is_refused() -> None:
    limiter, _ = make("pro")
    with pytest.raises(ValueError, match=r"^timeout must be"):
        await limiter.acquire("Light", timeout=math.nan)


# -- engaged -------------------------------------------------------------------------------


async def test_plan_unknown_limiter_is_not_engaged_and_costs_nothing() -> None:
    def untouchable() -> float:
        raise AssertionError("a disengaged limiter must not read the clock")

    async def no_sleep(delay: float) -> None:
        raise AssertionError("a disengaged limiter must not sleep")

    limiter = RateLimiter(clock=untouchable, wall_clock=untouchable, sleep=no_sleep)
    assert limiter.engaged is False
    for _ in range(1000):
        await limiter.acquire("Heavy")
    assert limiter.engaged is False


def test_a_plan_engages() -> None:
    assert RateLimiter("free").engaged is True
    assert RateLimiter(RateLimits.pro()).engaged is True


@pytest.mark.parametrize("limit_type", ["QPS", "Daily-limit"])
def test_an_account_429_engages(limit_type: str) -> None:
    limiter, vt = make()
    limiter.on_rate_limited("Light", hit(limit_type, retry_at=wall_at(vt, 1)))
    assert limiter.engaged is True


# -- pacing --------------------------------------------------------------------------------


async def test_count_plus_k_concurrent_callers_are_paced_in_order() -> None:
    limiter, vt = make(limits(3))
    sent = await send_all(limiter, vt, ["Light"] * 8)
    assert sent == pytest.approx([0, 0, 0, W, W, W, 2 * W, 2 * W])
    assert_sliding(sent, 3, W)
    # Each waiter slept once, straight to its slot: no herd waking up to poll.
    assert vt.sleeps == pytest.approx([W, W, W, 2 * W, 2 * W])


async def test_pro_light_fourth_window_starts_after_one_window_and_margin() -> None:
    limiter, vt = make("pro")
    sent = await send_all(limiter, vt, ["Light"] * 65)
    assert sent[:30] == [0.0] * 30
    assert sent[30] == pytest.approx(W)
    assert sent[60] == pytest.approx(2 * W)
    assert_sliding(sent, 30, W)


async def test_staggered_arrivals_never_put_more_than_count_in_a_window() -> None:
    limiter, vt = make(limits(4), margin=0.1)
    arrivals = [(i * 0.37) % 2.9 for i in range(40)]
    sent = await send_all(limiter, vt, ["Medium"] * 40, arrivals=arrivals)
    assert_sliding(sent, 4, 1.1)
    for arrived, at in zip(arrivals, sent, strict=True):
        assert at >= arrived - 1e-9
    # Nobody waits longer than the queue ahead of it requires: in order of arrival, each send
    # is at its arrival, the previous send, or 1.1 s after the 4th-last send, whichever is last.
    expected: list[float] = []
    for arrived in sorted(arrivals):
        slot = max([arrived, *expected[-1:]] + [t + 1.1 for t in expected[-4:-3]])
        expected.append(slot)
    assert sorted(sent) == pytest.approx(expected)
    assert max(sent) > 9  # the queue was really backed up


async def test_margin_zero_paces_to_the_exact_window() -> None:
    limiter, vt = make(limits(2), margin=0)
    sent = await send_all(limiter, vt, ["Heavy"] * 5)
    assert sent == pytest.approx([0, 0, 1.0, 1.0, 2.0])


async def test_categories_are_paced_separately() -> None:
    limiter, vt = make(limits(1))
    sent = await send_all(limiter, vt, ["Light", "Medium", "Heavy", "Light", "Medium"])
    assert sent == pytest.approx([0, 0, 0, W, W])


async def test_unknown_category_counts_as_light() -> None:
    limiter, vt = make(limits(1))
    sent = await send_all(limiter, vt, ["Light", "Mystery", "light"])
    assert sent == pytest.approx([0, W, 2 * W])


async def test_resource_intensive_is_paced_per_minute() -> None:
    limiter, vt = make("pro")
    sent = await send_all(limiter, vt, ["Resource-intensive"] * 21)
    assert sent[:10] == [0.0] * 10
    assert sent[10:20] == pytest.approx([60 * 1.05] * 10)
    assert sent[20] == pytest.approx(2 * 60 * 1.05)
    assert limiter.status("Resource-intensive").window == 60.0


async def test_reservations_stay_bounded_by_the_count() -> None:
    limiter, vt = make(limits(3))
    await send_all(limiter, vt, ["Light"] * 200)
    assert len(limiter._buckets["Light"].reservations) <= 3
    vt.advance(10)
    await limiter.acquire("Light")
    assert len(limiter._buckets["Light"].reservations) == 1


# -- timeouts and cancellation -------------------------------------------------------------


async def test_timeout_refuses_at_once_without_taking_the_slot() -> None:
    limiter, vt = make(limits(2))
    await limiter.acquire("Light")
    await limiter.acquire("Light")
    with pytest.raises(RateLimitExceeded) as caught:
        await limiter.acquire("Light", timeout=1.0)
    err = caught.value
    assert err.sent is False
    assert err.category == "Light"
    assert err.limit_type == "QPS"
    assert err.retry_at == wall_at(vt, W)
    assert vt.sleeps == []
    # The refused caller kept nothing: the next one gets the same slot, not the one after.
    sent = await send_all(limiter, vt, ["Light"])
    assert sent == pytest.approx([W])


async def test_timeout_equal_to_the_wait_is_enough() -> None:
    limiter, vt = make(limits(1))
    await limiter.acquire("Light")
    task = asyncio.create_task(limiter.acquire("Light", timeout=W))
    await vt.run(task)
    task.result()
    assert vt.now == pytest.approx(1000 + W)


async def test_zero_or_negative_timeout_means_do_not_wait() -> None:
    limiter, _ = make(limits(1))
    await limiter.acquire("Light", timeout=0)  # a free slot needs no waiting
    for timeout in (0, -5):
        with pytest.raises(RateLimitExceeded):
            await limiter.acquire("Light", timeout=timeout)


async def test_a_cancelled_last_waiter_gives_its_slot_back() -> None:
    limiter, vt = make(limits(1))
    await limiter.acquire("Light")
    waiter = asyncio.create_task(limiter.acquire("Light"))
    await vt.settle()
    assert limiter.status("Light").queued == 1
    waiter.cancel()
    await vt.settle()
    assert waiter.cancelled()
    assert limiter.status("Light").queued == 0
    sent = await send_all(limiter, vt, ["Light"])
    assert sent == pytest.approx([W])


async def test_a_cancelled_middle_waiter_leaves_the_others_in_place() -> None:
    limiter, vt = make(limits(1))
    await limiter.acquire("Light")
    start = vt.now
    second = asyncio.create_task(limiter.acquire("Light"))
    await vt.settle()
    third = asyncio.create_task(limiter.acquire("Light"))
    await vt.settle()
    second.cancel()
    await vt.settle()
    assert limiter.status("Light").queued == 1
    await vt.run(third)
    assert vt.now - start == pytest.approx(2 * W)


# -- daily cap -----------------------------------------------------------------------------


async def test_daily_cap_is_shared_by_heavy_and_resource_intensive_and_resets_at_midnight() -> None:
    limiter, vt = make(RateLimits(light=5, medium=5, heavy=5, resource_intensive=5, daily=3))
    await limiter.acquire("Heavy")
    await limiter.acquire("Resource-intensive")
    await limiter.acquire("Heavy")
    assert limiter.status("Heavy").daily_used == 3
    for category in ("Heavy", "Resource-intensive"):
        with pytest.raises(RateLimitExceeded) as caught:
            await limiter.acquire(category)
        err = caught.value
        assert (err.sent, err.limit_type, err.category) == (False, "Daily-limit", category)
        assert err.retry_at == MIDNIGHT
    await limiter.acquire("Light")  # not part of the daily budget
    await limiter.acquire("Medium")
    vt.advance((MIDNIGHT.timestamp() - vt.wall()) - 1)
    with pytest.raises(RateLimitExceeded):
        await limiter.acquire("Heavy")
    vt.advance(1)
    assert limiter.status("Heavy").daily_used == 0
    await limiter.acquire("Heavy")
    assert limiter.status("Resource-intensive").daily_used == 1


async def test_refused_and_cancelled_calls_do_not_spend_the_daily_budget() -> None:
    limiter, vt = make(RateLimits(light=1, medium=1, heavy=1, resource_intensive=1, daily=2))
    await limiter.acquire("Heavy")
    with pytest.raises(RateLimitExceeded):
        await limiter.acquire("Heavy", timeout=0.5)
    waiter = asyncio.create_task(limiter.acquire("Heavy"))
    await vt.settle()
    assert limiter.status("Heavy").daily_used == 2
    waiter.cancel()
    await vt.settle()
    assert limiter.status("Heavy").daily_used == 1
    await send_all(limiter, vt, ["Heavy"])
    assert limiter.status("Heavy").daily_used == 2


async def test_a_send_scheduled_after_midnight_counts_for_the_new_day() -> None:
    vt = VirtualTime(wall=MIDNIGHT.timestamp() - 0.5)
    limiter, _ = make(RateLimits(light=1, medium=1, heavy=1, resource_intensive=1, daily=1), vt)
    await limiter.acquire("Heavy")
    sent = await send_all(limiter, vt, ["Heavy"])  # its slot, 1.05 s on, is tomorrow
    assert sent == pytest.approx([W])
    with pytest.raises(RateLimitExceeded) as caught:
        await limiter.acquire("Heavy")
    assert caught.value.retry_at == MIDNIGHT + timedelta(days=1)


# -- Zoom's 429s: QPS ----------------------------------------------------------------------


async def test_qps_429_pauses_the_category_until_retry_at() -> None:
    limiter, vt = make("business")
    start = vt.now
    limiter.on_rate_limited("Light", hit(category="Light", retry_at=wall_at(vt, 2.5)))
    status = limiter.status("Light")
    assert status.paused and status.paused_until == wall_at(vt, 2.5)
    sent = await send_all(limiter, vt, ["Light", "Medium"])
    assert sent == pytest.approx([2.5, 0])
    assert vt.now - start == pytest.approx(2.5)
    assert limiter.status("Light").paused is False


async def test_qps_429_without_retry_at_pauses_one_second() -> None:
    limiter, vt = make("pro")
    limiter.on_rate_limited("Heavy", hit())
    sent = await send_all(limiter, vt, ["Heavy"])
    assert sent == pytest.approx([1.0])


async def test_zoom_named_category_wins_over_the_callers() -> None:
    limiter, vt = make("pro")
    limiter.on_rate_limited("Light", hit(category="Medium", retry_at=wall_at(vt, 2)))
    assert limiter.status("Medium").paused
    assert not limiter.status("Light").paused


async def test_waiters_requeue_behind_a_pause_that_arrives_while_they_wait() -> None:
    limiter, vt = make(limits(1), adaptive=False)
    start = vt.now
    await limiter.acquire("Light")
    waiter = asyncio.create_task(limiter.acquire("Light"))  # slot at 1.05
    await vt.settle()
    limiter.on_rate_limited("Light", hit(retry_at=wall_at(vt, 3)))
    await vt.run(waiter)
    waiter.result()
    assert vt.now - start == pytest.approx(3.0)


async def test_a_pause_beyond_the_timeout_refuses_with_the_pause_end() -> None:
    limiter, vt = make("pro")
    limiter.on_rate_limited("Light", hit(retry_at=wall_at(vt, 4)))
    with pytest.raises(RateLimitExceeded) as caught:
        await limiter.acquire("Light", timeout=3)
    assert caught.value.retry_at == wall_at(vt, 4)
    assert caught.value.sent is False


async def test_a_waiter_requeued_by_a_pause_keeps_its_deadline() -> None:
    limiter, vt = make(limits(1), adaptive=False)
    await limiter.acquire("Light")
    waiter = asyncio.create_task(limiter.acquire("Light", timeout=2))
    await vt.settle()
    limiter.on_rate_limited("Light", hit(retry_at=wall_at(vt, 3)))
    await vt.run(waiter)
    with pytest.raises(RateLimitExceeded) as caught:
        waiter.result()
    assert caught.value.limit_type == "QPS"
    assert vt.now - 1000 == pytest.approx(W)  # refused on waking, not after another wait


async def test_plan_unknown_starts_pacing_at_zooms_stated_limit() -> None:
    limiter, vt = make()
    limiter.on_rate_limited("Light", hit(category="Light", limit=2, retry_at=wall_at(vt, 1)))
    assert limiter.engaged
    status = limiter.status("Light")
    assert (status.count, status.limit) == (2, 2)
    assert limiter.status("Medium").count is None  # still unpaced
    sent = await send_all(limiter, vt, ["Light"] * 5 + ["Medium"] * 3)
    assert sent == pytest.approx([1, 1, 1 + W, 1 + W, 1 + 2 * W, 0, 0, 0])


@pytest.mark.parametrize(
    ("category", "count", "window"),
    [("Light", 30, 1.0), ("Heavy", 10, 1.0), ("Resource-intensive", 10, 60.0)],
)
def test_plan_unknown_starts_at_the_pro_figure_when_zoom_states_none(
    category: str, count: int, window: float
) -> None:
    limiter, _ = make()
    limiter.on_rate_limited(category, hit())
    status = limiter.status(category)
    assert (status.count, status.limit, status.window) == (count, count, window)


def test_without_adaptation_a_429_only_pauses() -> None:
    limiter, _ = make("pro", adaptive=False)
    limiter.on_rate_limited("Light", hit(limit=5))
    status = limiter.status("Light")
    assert status.paused and status.count == 30
    unknown, _ = make(adaptive=False)
    unknown.on_rate_limited("Light", hit())
    assert unknown.engaged and unknown.status("Light").count is None


def test_repeated_429s_cut_multiplicatively_once_per_window() -> None:
    limiter, vt = make("pro")
    limiter.on_rate_limited("Light", hit())
    assert limiter.status("Light").count == 22  # 30 * 0.75 = 22.5
    limiter.on_rate_limited("Light", hit())  # same burst: not cut again
    assert limiter.status("Light").count == 22
    vt.advance(1.0)  # 22.5 + 10 % of 30 = 25.5
    assert limiter.status("Light").count == 25
    limiter.on_rate_limited("Light", hit())  # 25.5 * 0.75 = 19.125
    assert limiter.status("Light").count == 19
    assert limiter.status("Light").limit == 30


def test_cut_never_exceeds_zooms_limit_nor_goes_below_one() -> None:
    limiter, vt = make("pro")
    limiter.on_rate_limited("Heavy", hit(limit=4))  # 10 * 0.75 = 7.5, but Zoom says 4
    assert limiter.status("Heavy").count == 4
    vt.advance(1.0)
    limiter.on_rate_limited("Heavy", hit(limit=1))
    assert limiter.status("Heavy").count == 1
    vt.advance(1.0)  # 1 + 10 % of 10 = 2, cut to 1.5
    limiter.on_rate_limited("Heavy", hit())
    assert limiter.status("Heavy").count == 1
    free, _ = make("free")
    free.on_rate_limited("Heavy", hit())  # 1 * 0.75 -> still 1
    assert free.status("Heavy").count == 1
    free.on_rate_limited("Heavy", hit())
    assert free.status("Heavy").count == 1


def test_repeated_429s_settle_where_cuts_and_recovery_balance() -> None:
    limiter, vt = make("pro")
    for _ in range(40):
        vt.advance(1.0)
        limiter.on_rate_limited("Heavy", hit())
    # Each window regains 1 (10 % of 10) and loses a quarter: x = 0.75 * (x + 1) -> 3.
    assert limiter.status("Heavy").count == 3


def test_count_recovers_additively_up_to_the_configured_limit() -> None:
    limiter, vt = make("pro")
    limiter.on_rate_limited("Light", hit())  # 22.5
    seen = []
    for _ in range(4):
        vt.advance(0.5)
        seen.append(limiter.status("Light").count)
    # +1.5 per half window: 24, 25.5, 27, 28.5 -> then capped at 30
    assert seen == [24, 25, 27, 28]
    vt.advance(0.5)
    assert limiter.status("Light").count == 30
    vt.advance(100)
    assert limiter.status("Light").count == 30


def test_plan_unknown_learns_a_higher_limit_from_zoom() -> None:
    limiter, vt = make()
    limiter.on_rate_limited("Light", hit())  # no header: Pro's 30
    vt.advance(2)
    limiter.on_rate_limited("Light", hit(limit=80))
    status = limiter.status("Light")
    assert (status.count, status.limit) == (22, 80)
    vt.advance(10)
    assert limiter.status("Light").count == 80


async def test_callers_stay_in_order_when_the_count_grows_back() -> None:
    limiter, vt = make(limits(10))
    limiter.on_rate_limited("Light", hit(limit=2, retry_at=wall_at(vt, 0)))  # 2, +1 per window
    start = vt.now
    queued = [asyncio.create_task(limiter.acquire("Light")) for _ in range(20)]
    await vt.settle()  # slots: two at each of 0, W, ..., 9 W
    vt.advance(3.0)  # the count is back to 5 meanwhile
    assert limiter.status("Light").count == 5
    late = asyncio.create_task(limiter.acquire("Light"))
    await vt.run(*queued)
    assert vt.now - start == pytest.approx(9 * W)
    # With 5 allowed, a slot at 8 W would be free; the late caller still goes after the queue.
    await vt.run(late)
    assert vt.now - start == pytest.approx(9 * W)
    assert vt.sleeps[-1] == pytest.approx(9 * W - 3.0)


async def test_a_cut_slows_the_actual_pacing() -> None:
    limiter, vt = make(limits(4))
    limiter.on_rate_limited("Light", hit(retry_at=wall_at(vt, 0)))  # 4 * 0.75 = 3
    sent = await send_all(limiter, vt, ["Light"] * 4)
    assert sent == pytest.approx([0, 0, 0, W])


# -- Zoom's 429s: daily --------------------------------------------------------------------


@pytest.mark.parametrize("category", ["Heavy", "Resource-intensive"])
async def test_account_daily_429_blocks_heavy_and_resource_intensive_only(category: str) -> None:
    limiter, vt = make()
    limiter.on_rate_limited(category, hit("Daily-limit", category=category, retry_at=MIDNIGHT))
    assert limiter.engaged
    for blocked in ("Heavy", "Resource-intensive"):
        assert limiter.status(blocked).blocked_until == MIDNIGHT
        with pytest.raises(RateLimitExceeded) as caught:
            await limiter.acquire(blocked, timeout=None)
        err = caught.value
        assert (err.sent, err.limit_type, err.category) == (False, "Daily-limit", blocked)
        assert err.retry_at == MIDNIGHT
    await limiter.acquire("Light")
    await limiter.acquire("Medium")
    assert not limiter.status("Light").blocked
    vt.advance(MIDNIGHT.timestamp() - vt.wall())
    await limiter.acquire("Heavy")
    await limiter.acquire("Resource-intensive")
    assert not limiter.status("Heavy").blocked


async def test_daily_429_without_retry_at_blocks_until_next_midnight() -> None:
    limiter, _ = make("pro")
    limiter.on_rate_limited("Heavy", RateLimitHit(limit_type="Daily-limit"))
    assert limiter.status("Resource-intensive").blocked_until == MIDNIGHT


async def test_a_daily_block_fails_callers_already_waiting() -> None:
    limiter, vt = make(limits(1))
    await limiter.acquire("Heavy")
    waiter = asyncio.create_task(limiter.acquire("Heavy"))
    await vt.settle()
    limiter.on_rate_limited("Resource-intensive", hit("Daily-limit", retry_at=MIDNIGHT))
    await vt.run(waiter)
    with pytest.raises(RateLimitExceeded) as caught:
        waiter.result()
    assert caught.value.limit_type == "Daily-limit"


async def test_per_user_daily_429_changes_nothing() -> None:
    limiter, vt = make()
    limiter.on_rate_limited("Heavy", hit("Daily-limit", scope="user", retry_at=MIDNIGHT))
    assert limiter.engaged is False
    paced, _ = make("pro", vt)
    paced.on_rate_limited("Heavy", hit("Daily-limit", scope="user", retry_at=MIDNIGHT))
    before = paced.status("Heavy")
    assert not before.blocked and not before.paused and before.count == 10
    await paced.acquire("Heavy", timeout=0)


# -- status and repr -----------------------------------------------------------------------


def test_snapshot_and_repr() -> None:
    limiter, vt = make("pro")
    limiter.on_rate_limited("Medium", hit(retry_at=wall_at(vt, 2)))
    snap = limiter.snapshot()
    assert list(snap) == ["Light", "Medium", "Heavy", "Resource-intensive"]
    assert snap["Light"] == CategoryStatus(
        category="Light",
        count=30,
        limit=30,
        window=1.0,
        paused_until=None,
        blocked_until=None,
        queued=0,
        daily_used=None,
        daily_limit=None,
    )
    assert snap["Medium"].paused_until == wall_at(vt, 2)
    assert snap["Heavy"].daily_limit == 30_000
    text = repr(limiter)
    assert text.startswith("RateLimiter(limits=RateLimits(light=30")
    assert "Medium=15/1s paused" in text
    assert "engaged=True" in text
    fresh, _ = make()
    assert repr(fresh).endswith("engaged=False, categories=[])")

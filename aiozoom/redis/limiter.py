"""Zoom's per-account rate budget enforced across processes, through Redis.

:class:`RedisRateLimiter` is a :class:`~aiozoom.RateLimiter` (give it to
``ZoomClient(rate_limiter=...)``) whose budget lives in Redis, so every worker of an account --
in any process, on any host -- draws from the same one.

Algorithm
---------
The same *sliding window with reservations* as the local limiter (see
:mod:`aiozoom.rate_limiter`), moved into Redis: per account and category, a sorted set holds the
send times handed out (scored by time, one member per caller), and one Lua script, run
atomically, trims what no longer matters and reserves the earliest free slot --
``max(now, pause end, the latest reservation, the count-th most recent reservation + window *
(1 + margin))``. At most ``count`` sends are let out in any span of ``window * (1 + margin)``
seconds (5 % margin by default), so Zoom's fixed one-second windows never see more than
``count`` even with a few tens of milliseconds of jitter between processes. The caller then
sleeps until its slot in its own process and, on waking, checks in one more round trip that no
429 re-queued it meanwhile.

Why not GCRA or a token bucket (one number per key instead of a set of up to ``count`` plus
waiters)? A token bucket of capacity ``count`` that refills ``count`` per window lets out close to
``2 * count`` in one of Zoom's fixed windows (a full bucket, then a window's refill); GCRA avoids
that only with almost no burst tolerance, i.e. strict pacing at one send every ``window *
(1 + margin) / count``, which delays every burst. The log keeps the local limiter's guarantee and
its bursts, for a few dozen sorted-set entries per category (Zoom's counts are at most 80) and
``O(log n)`` work per call.

*Shared slow-down*: a 429 seen by any worker (:meth:`RedisRateLimiter.on_rate_limited`) is
written to Redis: the category pauses until Zoom's ``Retry-After`` for every worker, reservations
not yet sent are dropped (their callers re-queue behind the pause when they wake), and with
``adaptive=True`` the category's count is cut to 75 % -- at most once per window for the whole
account, so the burst of 429s that several workers' in-flight requests draw counts as one signal
-- and grows back by 10 % of the configured count per window, as locally.

*Daily cap*: Heavy and Resource-intensive share the account's daily budget (``limits.daily``); it
is counted in Redis too, per UTC day, and a ``Daily-limit`` 429 blocks the categories for every
worker until ``Retry-After``.

Clocks
------
Every time that is shared is on **Redis's clock**: the script reads ``TIME`` and stores pause
ends, slots and the day from it; nothing compares two processes' clocks. A caller learns its slot
as a distance from Redis's ``now`` and sleeps that long on its own monotonic clock, so a worker
whose clock is off by minutes is paced exactly like the others (it sends at most one Redis round
trip late, which only errs on the safe side). A 429's ``Retry-After`` -- an absolute time from
Zoom -- is turned into a duration with the reporting process's wall clock, just as the local
limiter does, and added to Redis's ``now``. The UTC day of the daily cap is Redis's.

Outages
-------
Every Redis call is bounded (:class:`~aiozoom.redis._outage.Outage`). When Redis cannot be
reached, the limiter logs one warning and paces *this process* with the local
:class:`~aiozoom.RateLimiter` behaviour (``local_limits``, by default the same limits: N
processes may then together send up to N times the budget, and the 429s that follow slow each
down adaptively; give a per-process share to avoid that). Every ``retry_interval`` seconds one
call tries Redis again; once it answers, shared pacing is back (and one line says so). Reserved
slots whose owners are cancelled are given back; if Redis is unreachable at that moment the slot
simply expires.

One limiter serves one event loop (the ``redis`` asyncio client's rule); share it between the
clients of that loop, and give each process its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import math
import os
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import redis.asyncio as redis

from aiozoom.errors import RateLimitExceeded
from aiozoom.http.rate_limits import Category, RateLimitHit, next_utc_midnight
from aiozoom.rate_limiter import RateLimiter, RateLimits, _category, _limits_arg
from aiozoom.redis._outage import Outage, Unreachable

__all__ = ["RedisRateLimiter"]

_SHARED_DAILY: tuple[Category, ...] = ("Heavy", "Resource-intensive")
_DEFAULT_PAUSE = 1.0
_US = 1_000_000

# KEYS: 1 the category's state hash, 2 its reservation log (sorted set, scores in microseconds
# of Redis time), 3 the account's daily hash (daily counts "d<day>", "blocked" for Heavy and
# Resource-intensive together).
# ARGV: 1 op, 2 configured count, 3 window (us), 4 span = window * (1 + margin) (us),
# 5 daily cap (0: not counted for this category), 6.. by op.
_SCRIPT = """
local op = ARGV[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local state, log, daily = KEYS[1], KEYS[2], KEYS[3]
local configured = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local span = tonumber(ARGV[4])
local cap = tonumber(ARGV[5])
local day_us = 86400000000

local function fmt(x) return string.format('%.17g', x) end
local function num(key, field)
  local v = redis.call('HGET', key, field)
  if v then return tonumber(v) end
  return nil
end

local function count()
  local reduced = num(state, 'reduced')
  if not reduced then return configured end
  local grown = reduced + 0.1 * configured * (now - (num(state, 'since') or now)) / window
  if grown >= configured then return configured end
  return grown
end

local function trim()
  redis.call('ZREMRANGEBYSCORE', log, '-inf', fmt(now - span))
  local past = redis.call('ZCOUNT', log, '-inf', fmt(now))
  if past > configured then
    redis.call('ZREMRANGEBYRANK', log, 0, past - configured - 1)
  end
end

local function blocked_until()
  local key = state
  if cap > 0 then key = daily end
  local till = num(key, 'blocked')
  if till and till > now then return till end
  return nil
end

local function give_back_daily(score)
  if cap > 0 then
    local field = 'd' .. fmt(math.floor(score / day_us))
    local used = num(daily, field)
    if used and used > 0 then redis.call('HINCRBY', daily, field, -1) end
  end
end

local function release(member)
  local score = redis.call('ZSCORE', log, member)
  if score then
    redis.call('ZREM', log, member)
    give_back_daily(tonumber(score))
  end
end

local function keep(extra)
  local ttl = 11 * span
  local paused = num(state, 'paused')
  if paused and paused - now > ttl then ttl = paused - now end
  local last = redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')
  if last[2] and tonumber(last[2]) - now + span > ttl then ttl = tonumber(last[2]) - now + span end
  if extra and extra > ttl then ttl = extra end
  local ms = math.ceil(ttl / 1000) + 1000
  redis.call('PEXPIRE', state, ms)
  redis.call('PEXPIRE', log, ms)
end

if op == 'acquire' then
  local timeout = tonumber(ARGV[6])
  local member = ARGV[7]
  local blocked = blocked_until()
  if blocked then return {'blocked', fmt(blocked), fmt(now)} end
  local slot = now
  local paused = num(state, 'paused')
  if paused and paused > slot then slot = paused end
  trim()
  local size = redis.call('ZCARD', log)
  if size > 0 then
    local last = redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')
    if tonumber(last[2]) > slot then slot = tonumber(last[2]) end
    local n = math.max(1, math.floor(count()))
    if size >= n then
      local nth = redis.call('ZRANGE', log, -n, -n, 'WITHSCORES')
      if tonumber(nth[2]) + span > slot then slot = tonumber(nth[2]) + span end
    end
  end
  local field = nil
  if cap > 0 then
    field = 'd' .. fmt(math.floor(slot / day_us))
    if (num(daily, field) or 0) >= cap then
      return {'daily', fmt(slot), fmt(now), fmt(cap)}
    end
  end
  if timeout >= 0 and slot > now + timeout then return {'late', fmt(slot), fmt(now)} end
  redis.call('ZADD', log, fmt(slot), member)
  trim()
  if field then
    redis.call('HINCRBY', daily, field, 1)
    local day = math.floor(slot / day_us)
    redis.call('HDEL', daily, 'd' .. fmt(day - 2))
    local left = (day + 2) * day_us - now
    local blocked_at = num(daily, 'blocked')
    if blocked_at and blocked_at - now > left then left = blocked_at - now end
    redis.call('PEXPIRE', daily, math.ceil(left / 1000))
  end
  keep(nil)
  return {'ok', fmt(slot), fmt(now), redis.call('HGET', state, 'gen') or '0'}
end

if op == 'confirm' then
  local member, gen = ARGV[6], ARGV[7]
  if (redis.call('HGET', state, 'gen') or '0') ~= gen or blocked_until() then
    release(member)
    return {'requeue', '0', fmt(now)}
  end
  return {'ok', '0', fmt(now)}
end

if op == 'release' then
  release(ARGV[6])
  return {'ok', '0', fmt(now)}
end

if op == 'qps' then
  local pause = tonumber(ARGV[6])
  local adaptive = ARGV[7] == '1'
  local limit = tonumber(ARGV[8])
  local till = now + pause
  local paused = num(state, 'paused')
  if not paused or paused < till then redis.call('HSET', state, 'paused', fmt(till)) end
  if adaptive then
    local current = count()
    local cut_at = num(state, 'cut_at')
    if not cut_at or now - cut_at >= window then
      current = math.max(1, current * 0.75)
      redis.call('HSET', state, 'cut_at', fmt(now))
    end
    if limit > 0 and limit < current then current = limit end
    if current < configured then
      redis.call('HSET', state, 'reduced', fmt(current))
    else
      redis.call('HDEL', state, 'reduced')
    end
    redis.call('HSET', state, 'since', fmt(now))
  end
  local future = redis.call('ZRANGEBYSCORE', log, '(' .. fmt(now), '+inf', 'WITHSCORES')
  for i = 2, #future, 2 do give_back_daily(tonumber(future[i])) end
  redis.call('ZREMRANGEBYSCORE', log, '(' .. fmt(now), '+inf')
  redis.call('HINCRBY', state, 'gen', 1)
  keep(nil)
  return {'ok', fmt(till), fmt(now)}
end

if op == 'daily' then
  local till = now + tonumber(ARGV[6])
  local key = state
  if cap > 0 then key = daily end
  local blocked = num(key, 'blocked')
  if not blocked or blocked < till then redis.call('HSET', key, 'blocked', fmt(till)) end
  local ms = math.ceil((till - now) / 1000) + 1000
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
  if key == state then keep(till - now) end
  return {'ok', fmt(till), fmt(now)}
end

return redis.error_reply('unknown op ' .. op)
"""

_members = itertools.count()


class RedisRateLimiter(RateLimiter):
    """One Zoom account's rate budget (``account_id``), shared by every process through Redis.

    ``client_or_url``: a ``redis.asyncio.Redis`` (left open by :meth:`aclose`) or a URL
    (``redis://host:6379/0``; the client made from it is closed by :meth:`aclose`). ``limits``:
    :class:`~aiozoom.RateLimits` or a plan name (the plan must be known: a shared budget needs
    its figures). Keys are ``{prefix}ratelimit:{{account_id}}:...`` (one hash slot per account,
    for Redis Cluster). ``local_limits``: what this process paces to on its own while Redis is
    unreachable (default: ``limits``). ``retry_interval``: seconds between attempts to reach
    Redis again during an outage. ``call_timeout``: bound on each Redis call. ``adaptive``,
    ``margin``, ``clock``, ``wall_clock`` and ``sleep`` are as for :class:`~aiozoom.RateLimiter`.

    :meth:`status` and :meth:`snapshot` describe this process's fallback state, not Redis's.
    """

    def __init__(
        self,
        client_or_url: redis.Redis | str,
        *,
        account_id: str,
        limits: RateLimits | str = "pro",
        prefix: str = "aiozoom:",
        local_limits: RateLimits | str | None = None,
        adaptive: bool = True,
        margin: float = 0.05,
        retry_interval: float = 1.0,
        call_timeout: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        shared = _limits_arg(limits, "limits")
        local = _limits_arg(local_limits, "local_limits", optional=True)
        if not isinstance(account_id, str) or not account_id:
            raise ValueError("account_id must be a non-empty string")
        super().__init__(
            local or shared,
            adaptive=adaptive,
            margin=margin,
            clock=clock,
            wall_clock=wall_clock,
            sleep=sleep,
        )
        self._shared_limits = shared
        if isinstance(client_or_url, str):
            self._redis: redis.Redis = redis.Redis.from_url(client_or_url)
            self._owns_redis = True
        else:
            self._redis = client_or_url
            self._owns_redis = False
        self._account_id = account_id
        self._base = f"{prefix}ratelimit:{{{account_id}}}:"
        self._script = self._redis.register_script(_SCRIPT)
        self._outage = Outage(f"RedisRateLimiter({account_id})", timeout=call_timeout)
        self._retry_interval = max(0.0, float(retry_interval))
        self._retry_at = -math.inf
        self._member_prefix = f"{os.getpid()}:{uuid.uuid4().hex[:12]}:"
        self._reports: set[asyncio.Task[None]] = set()
        self._background: set[asyncio.Task[Any]] = set()

    @property
    def limits(self) -> RateLimits:
        """The account's limits, as shared through Redis."""
        return self._shared_limits

    @property
    def shared(self) -> bool:
        """``False`` while Redis is unreachable and this process paces on its own."""
        return not self._outage.down

    async def acquire(self, category: str, *, timeout: float | None = None) -> None:
        """As :meth:`RateLimiter.acquire`, against the budget every process shares."""
        if timeout is not None and math.isnan(timeout):
            raise ValueError("timeout must be a number of seconds or None, got nan")
        name = _category(category)
        if self._reports:  # 429s this process saw: in Redis before this caller takes a slot
            await asyncio.wait(set(self._reports))
        deadline = None if timeout is None else self._clock() + max(0.0, timeout)
        while True:
            left = None if deadline is None else max(0.0, deadline - self._clock())
            if self._outage.down and self._clock() < self._retry_at:
                await super().acquire(name, timeout=left)
                return
            member = f"{self._member_prefix}{next(_members)}"
            extra = [-1 if left is None else round(left * _US), member]
            try:
                reply = await self._run("acquire", name, extra)
            except Unreachable:
                await super().acquire(name, timeout=left)
                return
            except BaseException:
                self._release_later(name, member)  # the script may have run
                raise
            outcome, slot, now = reply[0], float(reply[1]), float(reply[2])
            if outcome != "ok":
                raise self._refusal(name, outcome, slot, now, reply)
            wait = (slot - now) / _US
            if wait <= 0:
                return
            try:
                await self._sleep(wait)
            except BaseException:
                self._release_later(name, member)
                raise
            try:
                check = await self._run("confirm", name, [member, reply[3]])
            except Unreachable:
                return  # the slot was ours; Redis went away while we waited
            except BaseException:
                self._release_later(name, member)
                raise
            if check[0] == "ok":
                return
            # A 429 paused the category (or a daily block came) while waiting: queue again.

    def on_rate_limited(self, category: str, hit: RateLimitHit) -> None:
        """As :meth:`RateLimiter.on_rate_limited`; the pause, the slow-down or the daily block
        is also written to Redis (in the background: this is called synchronously) for every
        worker. Callers of :meth:`acquire` in this process wait for that write first."""
        super().on_rate_limited(category, hit)
        if hit.scope == "user":
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop: nothing to write with; this process's state has it
        task = loop.create_task(self._report(category, hit, self._wall_clock()))
        self._reports.add(task)
        task.add_done_callback(self._reports.discard)

    async def report_rate_limited(self, category: str, hit: RateLimitHit) -> None:
        """:meth:`on_rate_limited`, returning once Redis has it (or is found unreachable)."""
        super().on_rate_limited(category, hit)
        if hit.scope != "user":
            await self._report(category, hit, self._wall_clock())

    async def aclose(self) -> None:
        """Wait for pending writes, and close the Redis client if this limiter made it."""
        pending = self._reports | self._background
        if pending:
            await asyncio.wait(pending)
        if self._owns_redis:
            await self._redis.aclose()

    def __repr__(self) -> str:
        return (
            f"RedisRateLimiter(account_id={self._account_id!r}, limits={self._shared_limits!r}, "
            f"adaptive={self.adaptive}, margin={self.margin!r}, shared={self.shared})"
        )

    # -- internals -------------------------------------------------------------------------

    async def _run(self, op: str, category: Category, extra: list[Any]) -> list[str]:
        """Run the script for ``category``; :class:`Unreachable` when Redis is not there."""
        count, window = self._shared_limits.per_window(category)
        daily = self._shared_limits.daily if category in _SHARED_DAILY else None
        key = self._base + category
        args = [
            op,
            count,
            round(window * _US),
            round(window * (1.0 + self.margin) * _US),
            daily or 0,
            *extra,
        ]
        if self._outage.down:
            self._retry_at = self._clock() + self._retry_interval  # one caller probes at a time
        try:
            reply = await self._outage.call(
                self._script(keys=[key, key + ":log", self._base + "daily"], args=args)
            )
        except Unreachable:
            self._retry_at = self._clock() + self._retry_interval
            raise
        return [part.decode() if isinstance(part, bytes) else str(part) for part in reply]

    async def _report(self, category: str, hit: RateLimitHit, wall: float) -> None:
        name = _category(hit.category or category)
        if self._outage.down and self._clock() < self._retry_at:
            return
        try:
            if hit.limit_type == "Daily-limit":
                until = hit.retry_at or next_utc_midnight(wall)
                if until.tzinfo is None:
                    until = until.replace(tzinfo=UTC)
                seconds = max(0.0, until.timestamp() - wall)
                await self._run("daily", name, [round(seconds * _US)])
            else:
                if hit.retry_at is None:
                    seconds = _DEFAULT_PAUSE
                else:
                    retry_at = hit.retry_at
                    if retry_at.tzinfo is None:
                        retry_at = retry_at.replace(tzinfo=UTC)
                    seconds = max(0.0, retry_at.timestamp() - wall)
                limit = hit.limit if hit.limit is not None and hit.limit > 0 else 0
                await self._run(
                    "qps", name, [round(seconds * _US), "1" if self.adaptive else "0", limit]
                )
        except Unreachable:
            pass  # this process's own state has it

    def _release_later(self, category: Category, member: str) -> None:
        """Give a reservation back without waiting (the caller is being cancelled)."""

        async def release() -> None:
            with contextlib.suppress(Unreachable):  # if so, it expires on its own
                await self._run("release", category, [member])

        try:
            task = asyncio.get_running_loop().create_task(release())
        except RuntimeError:
            return
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _refusal(
        self, category: Category, outcome: str, at: float, now: float, reply: list[str]
    ) -> RateLimitExceeded:
        at_wall = self._wall_clock() + (at - now) / _US
        if outcome == "blocked":
            return RateLimitExceeded(
                sent=False,
                category=category,
                limit_type="Daily-limit",
                retry_at=datetime.fromtimestamp(at_wall, UTC),
                message="Zoom reported the account's daily limit reached",
            )
        if outcome == "daily":
            cap = int(float(reply[3]))
            return RateLimitExceeded(
                sent=False,
                category=category,
                limit_type="Daily-limit",
                limit=cap,
                remaining=0,
                retry_at=next_utc_midnight(at_wall),
                message=(
                    f"the daily budget of {cap} Heavy and Resource-intensive requests is spent"
                ),
            )
        return RateLimitExceeded(
            sent=False,
            category=category,
            limit_type="QPS",
            retry_at=datetime.fromtimestamp(at_wall, UTC),
            message=f"the next {category} slot is {(at - now) / _US:.3f} s away, beyond the "
            "timeout",
        )

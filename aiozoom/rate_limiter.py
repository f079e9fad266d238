"""Client-side pacing of requests to Zoom's per-account rate limits.

Zoom limits each *account* -- every app and every token of it together -- per category of
operation: Light, Medium and Heavy operations per second, Resource-intensive ones per minute, and
Heavy plus Resource-intensive together per UTC day (reset at 00:00 UTC). The figures depend on the
account's plan (:class:`RateLimits` has the presets). A :class:`RateLimiter` holds one account's
budget; several :class:`~aiozoom.ZoomClient` objects of the same account in one process may share
one instance (it is safe to share between threads too: its state changes under a short lock that
is never held across an ``await``).

Design
------
*Pacing* is a sliding window with reservations. With ``count`` sends allowed per ``window``
seconds, at most ``count`` sends are let out in any span of ``window * (1 + margin)`` seconds. The
margin (5 % by default) absorbs network jitter and timer granularity: Zoom counts in fixed windows
on its side, and requests sent exactly one window apart could otherwise land ``count + 1`` to one
of them. A caller reserves the earliest free slot -- ``max(now, the count-th most recent
reservation + window * (1 + margin))``, and never before the latest reservation, so callers are
served in the order they asked -- and sleeps until it. Concurrent callers therefore wake one
window's worth at a time instead of all at once (no thundering herd). A category remembers at most
its latest ``count`` sends (older ones no longer matter) plus one reservation per caller still
waiting. One sleep per caller, straight to its slot; an early wake-up by the event loop's timer
granularity is covered by the margin. There is no background task: everything is computed when
:meth:`RateLimiter.acquire` or :meth:`RateLimiter.on_rate_limited` is called.

*Cancellation*: a caller cancelled while it waits (e.g. by ``asyncio.timeout``) gives its
reservation and its unit of the daily budget back. Callers that already hold later reservations
keep them (they are not moved earlier); a caller arriving later may take the freed slot only if it
was the latest reservation, because slots are handed out in order. Nothing of a cancelled caller
stays behind that a normal send would not leave.

*Timeouts*: ``acquire(category, timeout=...)`` raises :class:`~aiozoom.errors.RateLimitExceeded`
(``sent=False``) at once, without keeping a reservation, when its slot is further away than
``timeout``; a caller that was waiting and has to wait again (a 429 paused the category meanwhile)
is held to the same deadline.

*Zoom's 429s* are reported with :meth:`RateLimiter.on_rate_limited` -- they happen even with exact
pacing, since other apps spend the same budget. A per-second (``QPS``) 429 pauses the category
until Zoom's ``Retry-After`` (1 s if it gave none): callers already waiting re-queue behind the
pause. With ``adaptive=True`` it also paces the category more slowly -- additive increase,
multiplicative decrease, like TCP: the allowed count is cut to 75 % (at most once per window, so a
burst of 429s from requests that were in flight together counts as one signal; never below 1,
never above the limit Zoom states in ``X-RateLimit-Limit``), and grows back by 10 % of the
configured count per window without a 429, up to the configured count. A ``Daily-limit`` 429 for
the account blocks the category until ``Retry-After`` (the next 00:00 UTC) -- Heavy and
Resource-intensive share the daily budget, so both are blocked; the per-user daily rule (100
meeting creates/updates a day per user) concerns one user only and changes nothing here.

Why the default is "plan unknown, adaptive"
-------------------------------------------
The client cannot know the account's plan, and every guess hurts someone: assuming Pro would cap
Business+ accounts at 30 of their 80 Light requests a second (3/8 of their budget); assuming
Business+ would not prevent 429s on Pro accounts; turning pacing off entirely would let every
concurrent task hammer Zoom again as soon as the first 429's pause ends. So a limiter without
limits (``RateLimiter()``) costs nothing -- :attr:`RateLimiter.engaged` is ``False`` and the
client does not call it -- until Zoom answers 429; from then on that category is paced, starting
at the limit Zoom states (or the Pro figure when it states none) and adapting as above. Give the
plan (``RateLimiter("business")`` or ``RateLimiter(RateLimits(...))``) to pace from the first
request, and to count the daily budget.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Literal, overload

import attrs

from aiozoom.errors import RateLimitExceeded
from aiozoom.http.rate_limits import CATEGORIES, Category, RateLimitHit, next_utc_midnight

__all__ = ["CategoryStatus", "RateLimiter", "RateLimits"]

_DAY = 86_400.0
_DECREASE = 0.75
"""A QPS 429 multiplies the allowed count by this."""
_RECOVERY = 0.10
"""Share of the configured count regained per window without a 429."""
_DEFAULT_PAUSE = 1.0
"""Seconds a QPS 429 without ``Retry-After`` pauses its category."""
_SHARED_DAILY: tuple[Category, ...] = ("Heavy", "Resource-intensive")
_FIELDS: dict[Category, str] = {
    "Light": "light",
    "Medium": "medium",
    "Heavy": "heavy",
    "Resource-intensive": "resource_intensive",
}
_CATEGORY_NAMES: dict[str, Category] = {c.lower(): c for c in CATEGORIES} | {
    "resource intensive": "Resource-intensive",
    "resource_intensive": "Resource-intensive",
}
_PLAN_NAMES = {"free": "free", "pro": "pro", "business": "business", "business+": "business"}


def _category(name: str) -> Category:
    """The category ``name`` stands for; anything unknown counts as Light."""
    if name in _FIELDS:
        return name
    if isinstance(name, str):
        return _CATEGORY_NAMES.get(name.strip().lower(), "Light")
    return "Light"


def _positive_int(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{attribute.name} must be a positive integer, got {value!r}")


def _positive_int_or_none(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _positive_int(instance, attribute, value)


def _wall_datetime(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _plan(plan: object, argument: str) -> str:
    key = plan.strip().lower() if isinstance(plan, str) else None
    if key is None or key not in _PLAN_NAMES:
        raise ValueError(f"{argument} must be 'free', 'pro' or 'business', got {plan!r}")
    return _PLAN_NAMES[key]


@overload
def _limits_arg(
    value: object, argument: str, *, optional: Literal[False] = False
) -> RateLimits: ...
@overload
def _limits_arg(value: object, argument: str, *, optional: bool) -> RateLimits | None: ...
def _limits_arg(value: object, argument: str, *, optional: bool = False) -> RateLimits | None:
    """``value`` as :class:`RateLimits`: given as such, or as a plan name (``None`` too when
    ``optional``); anything else raises ``ValueError`` naming ``argument``."""
    if isinstance(value, RateLimits) or (value is None and optional):
        return value
    if isinstance(value, str):
        return RateLimits.for_plan(_plan(value, argument))
    accepted = "RateLimits, a plan name or None" if optional else "RateLimits or a plan name"
    raise ValueError(f"{argument} must be {accepted}, got {type(value).__name__}")


@attrs.frozen
class RateLimits:
    """An account's rate limits: requests per second by category, per minute for
    Resource-intensive, and the daily cap Heavy and Resource-intensive share.

    Use a preset (:meth:`free`, :meth:`pro`, :meth:`business`, :meth:`for_plan`) or give the
    figures Zoom agreed for the account. Every figure is a positive integer (``ValueError``
    otherwise); ``daily=None`` means the daily budget is not counted.
    """

    light: int = attrs.field(validator=_positive_int)
    """Light requests per second."""
    medium: int = attrs.field(validator=_positive_int)
    """Medium requests per second."""
    heavy: int = attrs.field(validator=_positive_int)
    """Heavy requests per second."""
    resource_intensive: int = attrs.field(validator=_positive_int)
    """Resource-intensive requests per minute."""
    daily: int | None = attrs.field(default=None, validator=_positive_int_or_none)
    """Heavy plus Resource-intensive requests per UTC day (``None``: not counted)."""

    @classmethod
    def free(cls) -> RateLimits:
        """Zoom's limits for Free accounts."""
        return cls(light=4, medium=2, heavy=1, resource_intensive=10, daily=1_000)

    @classmethod
    def pro(cls) -> RateLimits:
        """Zoom's limits for Pro accounts."""
        return cls(light=30, medium=20, heavy=10, resource_intensive=10, daily=30_000)

    @classmethod
    def business(cls) -> RateLimits:
        """Zoom's limits for Business, Business+ and higher accounts."""
        return cls(light=80, medium=60, heavy=40, resource_intensive=20, daily=60_000)

    @classmethod
    def for_plan(cls, plan: str) -> RateLimits:
        """The preset for ``plan``: ``"free"``, ``"pro"`` or ``"business"`` (or ``"business+"``;
        any case). ``ValueError`` for anything else."""
        name = _plan(plan, "plan")
        if name == "free":
            return cls.free()
        return cls.pro() if name == "pro" else cls.business()

    def per_window(self, category: str) -> tuple[int, float]:
        """``(count, window seconds)`` for ``category``: per 1.0 s, or 60.0 s for
        Resource-intensive. An unknown category counts as Light."""
        name = _category(category)
        window = 60.0 if name == "Resource-intensive" else 1.0
        count: int = getattr(self, _FIELDS[name])
        return count, window


_PRO = RateLimits.pro()


@attrs.frozen
class CategoryStatus:
    """What a :class:`RateLimiter` currently allows for one category (for docs and debugging)."""

    category: Category
    count: int | None
    """Sends allowed per window right now (after adaptation); ``None``: not paced."""
    limit: int | None
    """The count pacing recovers toward: the configured one, or the one learned from a 429."""
    window: float
    """The window in seconds (1.0, or 60.0 for Resource-intensive), without the margin."""
    paused_until: datetime | None
    """End of the pause a per-second 429 imposed (aware UTC), if it is still on."""
    blocked_until: datetime | None
    """End of the block a daily 429 imposed (aware UTC), if it is still on."""
    queued: int
    """Reservations waiting for their slot."""
    daily_used: int | None
    """Sends counted against the daily cap today (Heavy and Resource-intensive together)."""
    daily_limit: int | None
    """The daily cap, if counted."""

    @property
    def paused(self) -> bool:
        return self.paused_until is not None

    @property
    def blocked(self) -> bool:
        return self.blocked_until is not None


class _Reservation:
    """One reserved send time; compared by identity so a cancelled caller removes its own."""

    __slots__ = ("at",)

    def __init__(self, at: float) -> None:
        self.at = at


class _Daily:
    """The daily budget Heavy and Resource-intensive share, counted per UTC day."""

    __slots__ = ("cap", "day", "used")

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.day = -1
        self.used = 0

    def spent(self, day: int) -> bool:
        if day > self.day:
            self.day = day
            self.used = 0
        return self.used >= self.cap

    def take(self, day: int) -> None:
        if not self.spent(day):
            self.used += 1

    def give_back(self, day: int) -> None:
        if day == self.day and self.used > 0:
            self.used -= 1


class _Bucket:
    """One category's pacing state, on the ``clock`` timeline."""

    __slots__ = (
        "blocked_until",
        "category",
        "ceiling",
        "configured",
        "cut_at",
        "daily",
        "generation",
        "paused_until",
        "reduced",
        "reservations",
        "since",
        "span",
        "window",
    )

    def __init__(
        self, category: Category, configured: int | None, window: float, margin: float
    ) -> None:
        self.category = category
        self.configured = configured
        self.ceiling = configured
        """What the count recovers toward; ``None`` while the category is not paced."""
        self.window = window
        self.span = window * (1.0 + margin)
        self.reduced: float | None = None
        """The count at ``since`` (it grows from there), or ``None`` when fully recovered."""
        self.since = -math.inf
        self.cut_at = -math.inf
        """When the count was last cut (at most one cut per window)."""
        self.reservations: deque[_Reservation] = deque()
        self.paused_until = -math.inf
        self.blocked_until: datetime | None = None
        self.generation = 0
        self.daily: _Daily | None = None

    def count(self, now: float) -> float | None:
        ceiling = self.ceiling
        if ceiling is None:
            return None
        if self.reduced is None:
            return float(ceiling)
        grown = self.reduced + _RECOVERY * ceiling * (now - self.since) / self.window
        if grown >= ceiling:
            self.reduced = None
            return float(ceiling)
        return grown

    def trim(self, now: float) -> None:
        """Forget sends that can no longer matter, keeping those still to come."""
        reservations = self.reservations
        horizon = now - self.span
        while reservations and reservations[0].at <= horizon:
            reservations.popleft()  # no window holding a send from now on can hold this one
        # The count never exceeds the ceiling, so only the latest `ceiling` sends matter. Those
        # still to come are kept whatever their number: their callers may give them back.
        ceiling = self.ceiling or 0
        while len(reservations) > ceiling and reservations[ceiling].at <= now:
            reservations.popleft()

    def next_slot(self, now: float) -> float:
        slot = max(now, self.paused_until)
        reservations = self.reservations
        self.trim(now)
        if reservations:
            slot = max(slot, reservations[-1].at)
            count = self.count(now)
            if count is not None:
                n = max(1, int(count))
                if len(reservations) >= n:
                    slot = max(slot, reservations[-n].at + self.span)
        return slot

    def reserve(self, slot: float, now: float) -> _Reservation | None:
        if self.ceiling is None:
            return None
        reservation = _Reservation(slot)
        self.reservations.append(reservation)
        self.trim(now)
        return reservation

    def release(self, reservation: _Reservation | None) -> None:
        if reservation is None:
            return
        with contextlib.suppress(ValueError):  # already dropped by a 429
            self.reservations.remove(reservation)

    def drop_future(self, now: float) -> None:
        """Forget reservations not yet sent; their callers re-queue when they wake."""
        self.generation += 1
        while self.reservations and self.reservations[-1].at > now:
            self.reservations.pop()

    def slow_down(self, now: float, limit: int | None) -> None:
        if self.ceiling is None:
            self.ceiling = limit if limit is not None else _PRO.per_window(self.category)[0]
            self.reduced = None
            self.cut_at = now
            return
        current = self.count(now)
        assert current is not None
        if limit is not None and self.configured is None:
            self.ceiling = limit  # learned from Zoom: trust its latest word
        if now - self.cut_at >= self.window:
            current = max(1.0, current * _DECREASE)
            self.cut_at = now
        if limit is not None:
            current = min(current, float(limit))
        current = min(current, float(self.ceiling))
        self.reduced = current if current < self.ceiling else None
        self.since = now


class RateLimiter:
    """One Zoom account's rate-limit budget: paces requests and refuses what is known spent.

    ``limits`` is a :class:`RateLimits`, a plan name (``"free"``, ``"pro"``, ``"business"``) or
    ``None`` -- the plan is unknown: nothing is paced until Zoom answers 429, and then only the
    category it named (see the module documentation). ``adaptive`` slows a category down after
    a per-second 429 and lets it recover; ``margin`` widens each window (0.05: at most ``count``
    sends in any 1.05 s, or 63 s for Resource-intensive). ``clock`` (monotonic seconds),
    ``wall_clock`` (Unix time) and ``sleep`` are injectable for tests.
    """

    def __init__(
        self,
        limits: RateLimits | str | None = None,
        *,
        adaptive: bool = True,
        margin: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        limits = _limits_arg(limits, "limits", optional=True)
        if (
            isinstance(margin, bool)
            or not isinstance(margin, int | float)
            or not math.isfinite(margin)
            or margin < 0
        ):
            raise ValueError(f"margin must be a finite number >= 0, got {margin!r}")
        self._limits = limits
        self._adaptive = bool(adaptive)
        self._margin = float(margin)
        self._clock = clock
        self._wall_clock = wall_clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._engaged = limits is not None
        self._buckets: dict[Category, _Bucket] = {}
        for category in CATEGORIES:
            count, window = (limits or _PRO).per_window(category)
            self._buckets[category] = _Bucket(
                category, count if limits is not None else None, window, self._margin
            )
        if limits is not None and limits.daily is not None:
            shared = _Daily(limits.daily)
            for category in _SHARED_DAILY:
                self._buckets[category].daily = shared

    @property
    def engaged(self) -> bool:
        """``True`` once :meth:`acquire` may wait or refuse: a plan is set, or a 429 paused,
        paced or blocked a category. While ``False`` the client does not call the limiter."""
        return self._engaged

    @property
    def limits(self) -> RateLimits | None:
        """The configured limits (``None``: plan unknown)."""
        return self._limits

    @property
    def adaptive(self) -> bool:
        return self._adaptive

    @property
    def margin(self) -> float:
        return self._margin

    async def acquire(self, category: str, *, timeout: float | None = None) -> None:
        """Wait for ``category``'s next free slot, then return: the request may be sent.

        ``category`` is ``"Light"``, ``"Medium"``, ``"Heavy"`` or ``"Resource-intensive"``
        (anything else counts as Light). Raises :class:`~aiozoom.errors.RateLimitExceeded`
        (``sent=False``) at once, keeping nothing reserved, if the slot is more than ``timeout``
        seconds away (``limit_type="QPS"``, ``retry_at`` the slot; a timeout of 0 or less means
        "do not wait"), or if the daily budget is known to be spent or blocked
        (``limit_type="Daily-limit"``, ``retry_at`` when it resets). ``ValueError`` if
        ``timeout`` is NaN.
        """
        if not self._engaged:
            return
        if timeout is not None and math.isnan(timeout):
            raise ValueError("timeout must be a number of seconds or None, got nan")
        bucket = self._buckets[_category(category)]
        deadline: float | None = None
        while True:
            with self._lock:
                now = self._clock()
                if deadline is None and timeout is not None:
                    deadline = now + max(0.0, timeout)
                wall = self._wall_clock()
                self._refuse_if_blocked(bucket, wall)
                slot = bucket.next_slot(now)
                slot_wall = wall + (slot - now)
                daily = bucket.daily
                day = int(slot_wall // _DAY)
                if daily is not None and daily.spent(day):
                    raise RateLimitExceeded(
                        sent=False,
                        category=bucket.category,
                        limit_type="Daily-limit",
                        limit=daily.cap,
                        remaining=0,
                        retry_at=next_utc_midnight(slot_wall),
                        message=(
                            f"the daily budget of {daily.cap} Heavy and Resource-intensive "
                            "requests is spent"
                        ),
                    )
                if deadline is not None and slot > deadline:
                    raise RateLimitExceeded(
                        sent=False,
                        category=bucket.category,
                        limit_type="QPS",
                        retry_at=_wall_datetime(slot_wall),
                        message=(
                            f"the next {bucket.category} slot is {slot - now:.3f} s away, "
                            f"beyond the timeout of {max(0.0, deadline - now):.3f} s"
                        ),
                    )
                reservation = bucket.reserve(slot, now)
                if daily is not None:
                    daily.take(day)
                generation = bucket.generation
            if slot <= now:
                return
            try:
                await self._sleep(slot - now)
            except BaseException:
                with self._lock:
                    self._give_back(bucket, reservation, day)
                raise
            with self._lock:
                if bucket.generation == generation:
                    bucket.trim(self._clock())
                    return
                # A 429 arrived while waiting: queue again behind its pause or block.
                self._give_back(bucket, reservation, day)

    def on_rate_limited(self, category: str, hit: RateLimitHit) -> None:
        """Take in a 429 Zoom answered for a request of ``category``.

        The category Zoom names in the answer (``hit.category``) wins over ``category``. A
        per-second limit pauses the category until ``hit.retry_at`` (1 s if ``None``) and, when
        adaptive, paces it more slowly; an account's daily limit blocks the category -- Heavy and
        Resource-intensive together -- until ``hit.retry_at`` (the next 00:00 UTC if ``None``).
        The per-user daily rule changes nothing.
        """
        if hit.scope == "user":
            return
        with self._lock:
            now = self._clock()
            wall = self._wall_clock()
            bucket = self._buckets[_category(hit.category or category)]
            if hit.limit_type == "Daily-limit":
                until = hit.retry_at or next_utc_midnight(wall)
                if until.tzinfo is None:
                    until = until.replace(tzinfo=UTC)
                shared = bucket.category in _SHARED_DAILY
                for target in _SHARED_DAILY if shared else (bucket.category,):
                    blocked = self._buckets[target]
                    if blocked.blocked_until is None or blocked.blocked_until < until:
                        blocked.blocked_until = until
                    blocked.drop_future(now)
            else:
                if hit.retry_at is None:
                    until_clock = now + _DEFAULT_PAUSE
                else:
                    retry_at = hit.retry_at
                    if retry_at.tzinfo is None:
                        retry_at = retry_at.replace(tzinfo=UTC)
                    until_clock = now + (retry_at.timestamp() - wall)
                bucket.paused_until = max(bucket.paused_until, until_clock)
                if self._adaptive:
                    limit = hit.limit if hit.limit is not None and hit.limit > 0 else None
                    bucket.slow_down(now, limit)
                bucket.drop_future(now)
            self._engaged = True

    def status(self, category: str) -> CategoryStatus:
        """What the limiter currently allows for ``category`` (unknown names count as Light)."""
        with self._lock:
            return self._status(self._buckets[_category(category)])

    def snapshot(self) -> dict[Category, CategoryStatus]:
        """:meth:`status` of every category."""
        with self._lock:
            return {category: self._status(self._buckets[category]) for category in CATEGORIES}

    def __repr__(self) -> str:
        with self._lock:
            now = self._clock()
            parts = []
            for category in CATEGORIES:
                bucket = self._buckets[category]
                count = bucket.count(now)
                if count is None and bucket.paused_until <= now and bucket.blocked_until is None:
                    continue
                text = f"{category}="
                text += "unpaced" if count is None else f"{int(count)}/{bucket.window:g}s"
                if bucket.paused_until > now:
                    text += " paused"
                if bucket.blocked_until is not None:
                    text += " blocked"
                parts.append(text)
        return (
            f"RateLimiter(limits={self._limits!r}, adaptive={self._adaptive}, "
            f"margin={self._margin!r}, engaged={self._engaged}, "
            f"categories=[{', '.join(parts)}])"
        )

    # -- internals (called with the lock held) ---------------------------------------------

    def _refuse_if_blocked(self, bucket: _Bucket, wall: float) -> None:
        until = bucket.blocked_until
        if until is None:
            return
        if wall >= until.timestamp():
            bucket.blocked_until = None
            return
        raise RateLimitExceeded(
            sent=False,
            category=bucket.category,
            limit_type="Daily-limit",
            retry_at=until,
            message="Zoom reported the account's daily limit reached",
        )

    def _give_back(self, bucket: _Bucket, reservation: _Reservation | None, day: int) -> None:
        bucket.release(reservation)
        if bucket.daily is not None:
            bucket.daily.give_back(day)

    def _status(self, bucket: _Bucket) -> CategoryStatus:
        now = self._clock()
        wall = self._wall_clock()
        count = bucket.count(now)
        blocked = bucket.blocked_until
        if blocked is not None and wall >= blocked.timestamp():
            blocked = None
        daily = bucket.daily
        daily_used: int | None = None
        if daily is not None:
            daily_used = daily.used if daily.day == int(wall // _DAY) else 0
        return CategoryStatus(
            category=bucket.category,
            count=None if count is None else max(1, int(count)),
            limit=bucket.ceiling,
            window=bucket.window,
            paused_until=(
                _wall_datetime(wall + (bucket.paused_until - now))
                if bucket.paused_until > now
                else None
            ),
            blocked_until=blocked,
            queued=sum(1 for r in bucket.reservations if r.at > now),
            daily_used=daily_used,
            daily_limit=None if daily is None else daily.cap,
        )

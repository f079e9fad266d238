"""When a failed call is sent again, and how long to wait first: :class:`RetryPolicy`.

The rules (each a pure function of the failure, the attempt and the clock):

- **429, per-second limit**: wait until ``Retry-After`` (plus a little jitter), or 1 s plus jitter
  when Zoom gave none, and send again -- any method, since Zoom did not act on the request. A wait
  longer than ``max_rate_limit_wait`` or than the call's deadline is not slept: the
  :class:`~aiozoom.RateLimitExceeded` is raised at once.
- **429, daily limit** (the account's, or the per-user meeting create/update rule): raised at once
  as :class:`~aiozoom.RateLimitExceeded` with ``retry_at``; nobody wants a call that sleeps for
  hours.
- **5xx, timeouts, dropped connections**: idempotent methods (GET, HEAD, PUT, DELETE) are sent
  again with exponential backoff and full jitter, up to ``attempts`` in all. POST and PATCH are
  sent again only when the request provably never reached Zoom (the connection could not be
  made), or when the caller opted in with ``retry_writes=True`` for that call: Zoom has no
  idempotency keys, so a POST that timed out may have created the meeting.
- **No token** because the token endpoint could not be reached, timed out or answered 5xx or 429:
  the API was not called, so any method is sent again, with the same backoff.
- Every wait fits in the call's ``deadline``; a retry that would not is not made.
- A :class:`RetryBudget` shared by a client's calls caps retries of failures (not of 429s, whose
  waits already slow the caller) at ``budget_ratio`` of successful calls plus a reserve of
  ``budget`` retries, so a sustained outage adds about a tenth to the traffic instead of
  multiplying it.

Each retry is logged on the ``aiozoom.retry`` logger and passed to ``on_retry`` as a
:class:`RetryEvent`. The client runs the loop with a fresh tenacity ``AsyncRetrying`` per call,
built only when the first attempt failed, outside the auth middleware, so every attempt gets the
current token.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Literal

import attrs

from aiozoom.errors import (
    RateLimitExceeded,
    TokenRequestError,
    ZoomAPIError,
    ZoomConnectionError,
    ZoomTimeoutError,
)

__all__ = [
    "IDEMPOTENT_METHODS",
    "RetryBudget",
    "RetryDecision",
    "RetryEvent",
    "RetryPolicy",
    "RetryReason",
    "decide_retry",
]

RetryReason = Literal["rate_limited", "server_error", "timeout", "connection_error", "not_sent"]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
"""Methods sent again after a failure that may have reached Zoom."""

_NO_RETRY_STATUSES = frozenset({501, 505})  # "not implemented" does not change on a retry


def _positive(name: str) -> Callable[[object, attrs.Attribute[float], float], None]:
    def check(_: object, __: attrs.Attribute[float], value: float) -> None:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not value > 0
        ):
            raise ValueError(f"{name} must be a positive, finite number, not {value!r}")

    return check


def _at_least(name: str, low: int) -> Callable[[object, attrs.Attribute[int], int], None]:
    def check(_: object, __: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, not {value!r}")

    return check


def _non_negative(name: str) -> Callable[[object, attrs.Attribute[float], float], None]:
    def check(_: object, __: attrs.Attribute[float], value: float) -> None:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value < 0
        ):
            raise ValueError(f"{name} must be a finite number >= 0, not {value!r}")

    return check


@attrs.frozen
class RetryEvent:
    """One retry about to happen: what failed, which attempt it was, and how long the wait is."""

    method: str
    path: str
    attempt: int
    """The attempt that failed (1 for the first send)."""
    reason: RetryReason
    wait: float
    """Seconds until the next attempt."""
    error: Exception = attrs.field(repr=False)
    """The failure, as it would have been raised."""


RetryHook = Callable[[RetryEvent], Awaitable[None] | None]


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How a client retries: ``ZoomClient(auth, retry=RetryPolicy(...))``; ``retry=None`` is off.

    All numbers are seconds unless named otherwise. ``clock`` (monotonic seconds), ``wall_clock``
    (Unix time, for ``Retry-After``), ``sleep`` and ``rng`` can be injected so tests are exact.
    """

    attempts: int = attrs.field(default=3, validator=_at_least("attempts", 1))
    """Attempts in all for 5xx answers, timeouts and connection failures (1: no retries)."""
    rate_limit_attempts: int = attrs.field(default=5, validator=_at_least("rate_limit_attempts", 1))
    """Attempts in all for per-second 429s."""
    deadline: float = attrs.field(default=120.0, validator=_positive("deadline"))
    """The whole call, attempts and waits together; no retry starts that could not finish."""
    backoff: float = attrs.field(default=0.5, validator=_positive("backoff"))
    """The first backoff's upper bound; it doubles with each attempt (full jitter below it)."""
    max_backoff: float = attrs.field(default=8.0, validator=_positive("max_backoff"))
    max_rate_limit_wait: float = attrs.field(
        default=60.0, validator=_positive("max_rate_limit_wait")
    )
    """The longest ``Retry-After`` slept through; a longer one raises ``RateLimitExceeded``."""
    retry_writes: bool = False
    """Also retry POST and PATCH after 5xx answers and timeouts (they may have taken effect)."""
    budget: float = attrs.field(default=10.0, validator=_non_negative("budget"))
    """Retries of failures a client may make beyond ``budget_ratio`` of its successes."""
    budget_ratio: float = attrs.field(default=0.1, validator=_non_negative("budget_ratio"))
    on_retry: RetryHook | None = attrs.field(default=None, eq=False)
    """Called before each retry's wait with a :class:`RetryEvent` (may be a coroutine function)."""
    clock: Callable[[], float] = attrs.field(default=time.monotonic, eq=False, repr=False)
    wall_clock: Callable[[], float] = attrs.field(default=time.time, eq=False, repr=False)
    sleep: Callable[[float], Awaitable[None]] = attrs.field(
        default=asyncio.sleep, eq=False, repr=False
    )
    rng: random.Random = attrs.field(factory=random.Random, eq=False, repr=False)

    def backoff_wait(self, attempt: int, rnd: float) -> float:
        """The wait after the ``attempt``-th failure: uniform below ``backoff * 2**(attempt-1)``
        (at most ``max_backoff``), ``rnd`` in [0, 1) choosing where ("full jitter")."""
        return rnd * min(self.max_backoff, self.backoff * 2.0 ** min(attempt - 1, 30))

    def replace(self, **changes: Any) -> RetryPolicy:
        """A copy with ``changes``: ``zoom.retry.replace(retry_writes=True)``."""
        return attrs.evolve(self, **changes)


class RetryBudget:
    """A token bucket of retries shared by one client's calls (like botocore's retry quota).

    Starts full at ``capacity`` retries; each retry of a failure takes one; each successful call
    puts back ``ratio`` (never above ``capacity``). Under a sustained outage no call succeeds, so
    at most ``capacity`` retries are made in all; in normal running, retries may be up to
    ``ratio`` of the calls that succeed.
    """

    __slots__ = ("_balance", "_capacity", "_earn")

    _UNIT = 1000  # a retry, in thousandths: exact sums, where 10 x 0.1 in floats is not 1

    def __init__(self, capacity: float = 10.0, ratio: float = 0.1) -> None:
        if capacity < 0 or ratio < 0:
            raise ValueError("capacity and ratio must be >= 0")
        self._capacity = round(capacity * self._UNIT)
        self._earn = round(ratio * self._UNIT)
        self._balance = self._capacity

    def __repr__(self) -> str:
        return f"RetryBudget(balance={self.balance:g}, capacity={self.capacity:g})"

    @property
    def balance(self) -> float:
        """Retries that may be made now."""
        return self._balance / self._UNIT

    @property
    def capacity(self) -> float:
        return self._capacity / self._UNIT

    def succeeded(self) -> None:
        """A call succeeded: earn back part of a retry."""
        balance = self._balance + self._earn
        self._balance = balance if balance < self._capacity else self._capacity

    def refund(self) -> None:
        """Give back a retry that was taken but not made (the call was cancelled first)."""
        balance = self._balance + self._UNIT
        self._balance = balance if balance < self._capacity else self._capacity

    def take(self) -> bool:
        """Spend one retry; ``False`` (and nothing spent) when the budget is empty."""
        if self._balance >= self._UNIT:
            self._balance -= self._UNIT
            return True
        return False


@attrs.frozen
class RetryDecision:
    """Send again after ``wait`` seconds, for ``reason``."""

    reason: RetryReason
    wait: float


def _until(moment: datetime | None, now: float) -> float | None:
    if moment is None:
        return None
    return max(0.0, (moment - datetime.fromtimestamp(now, UTC)).total_seconds())


def decide_retry(
    policy: RetryPolicy,
    error: Exception,
    *,
    method: str,
    failures: int,
    rate_limited: int,
    remaining: float,
    now: float,
    rnd: float,
) -> RetryDecision | None:
    """Whether to send a failed call again, and after how long; ``None`` to raise ``error``.

    ``failures`` counts the attempts so far that failed with a 5xx, a timeout or a connection
    error, ``rate_limited`` those answered with a per-second 429 (this failure included in its
    count). ``remaining`` is what is left of the deadline, ``now`` the Unix time (for
    ``Retry-After``) and ``rnd`` a number in [0, 1) for jitter.
    """
    if isinstance(error, RateLimitExceeded):
        if (
            error.limit_type != "QPS"
            or not error.sent  # aiozoom's own limiter could not fit it in the deadline
            or rate_limited >= policy.rate_limit_attempts
        ):
            return None
        until = _until(error.retry_at, now)
        wait = 1.0 + 0.5 * rnd if until is None else until + 0.1 + 0.15 * rnd
        if wait > policy.max_rate_limit_wait or wait > remaining:
            return None
        return RetryDecision("rate_limited", wait)
    if failures >= policy.attempts:
        return None
    reason: RetryReason
    writes_ok = method in IDEMPOTENT_METHODS or policy.retry_writes
    if isinstance(error, TokenRequestError):
        if not error.transient:
            return None
        reason = "not_sent"  # no token, so the API was not called: safe for any method
    elif isinstance(error, ZoomConnectionError):
        if not error.sent:
            reason = "not_sent"
        elif not writes_ok:
            return None
        else:
            reason = "timeout" if isinstance(error, ZoomTimeoutError) else "connection_error"
    elif isinstance(error, ZoomAPIError) and error.status >= 500:
        if error.status in _NO_RETRY_STATUSES or not writes_ok:
            return None
        reason = "server_error"
    else:
        return None
    wait = policy.backoff_wait(failures, rnd)
    return RetryDecision(reason, wait) if wait < remaining else None

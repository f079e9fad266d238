"""Zoom's rate limits for the fake Zoom: plans, fixed windows on the fake's clock, 429 answers.

Plain data and rules, no HTTP: :class:`RateLimits` decides whether a request is admitted and
counts it; the server module turns a :class:`RateLimited` into a 429 and a :class:`DailyQuota`
into the ``X-RateLimit-*`` headers of a successful Heavy or Resource-intensive answer.

Windows are fixed and counted by the fake's clock (Unix seconds): a per-second category counts
within ``floor(now)``, Resource-intensive within ``floor(now / 60)``, the daily caps within the UTC
date. All counters are per account (every token of an account shares them), except the per-user
cap on meeting create/update, which counts per host user. Only admitted requests count.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from aiozoom.api import find_operation
from aiozoom.testing._state import iso

__all__ = [
    "MEETING_WRITES",
    "PLANS",
    "Admitted",
    "Category",
    "DailyQuota",
    "LimitType",
    "RateLimitPlan",
    "RateLimited",
    "RateLimits",
    "classify",
]

Category = Literal["Light", "Medium", "Heavy", "Resource-intensive"]
LimitType = Literal["QPS", "Daily-limit"]
PlanName = Literal["pro", "business", "free"]

DAY = 24 * 60 * 60
MINUTE = 60

# The operations Zoom caps per user and day: create (POST /users/{userId}/meetings) and update
# (PATCH /meetings/{meetingId}).
MEETING_WRITES = frozenset({"meetingCreate", "meetingUpdate"})
_DAILY_CATEGORIES = frozenset({"Heavy", "Resource-intensive"})

PER_SECOND_MESSAGE = (
    "You have reached the maximum per-second rate limit for this API. Try again later."
)
DAILY_MESSAGE = (
    "You have reached the maximum daily rate limit for this API. "
    "Refer to the response header for details on when you can make another request."
)


def per_user_message(limit: int) -> str:
    """Zoom's message for a user past the daily meeting create/update cap."""
    return (
        f"You have exceeded the daily rate limit ({limit}) of Meeting Create/Update API requests "
        "permitted for this particular user. You may resume these requests at GMT 00:00:00."
    )


@attrs.frozen
class RateLimitPlan:
    """The numbers of one Zoom plan: requests per window for each category, and daily caps."""

    light: int
    """Light requests per second."""
    medium: int
    """Medium requests per second."""
    heavy: int
    """Heavy requests per second."""
    resource_intensive: int
    """Resource-intensive requests per minute."""
    daily: int
    """Heavy and Resource-intensive requests per UTC day, together."""
    per_user_daily: int = 100
    """Meeting create/update requests per host user and UTC day."""

    def window_limit(self, category: Category) -> int:
        """How many ``category`` requests one window admits."""
        return {
            "Light": self.light,
            "Medium": self.medium,
            "Heavy": self.heavy,
            "Resource-intensive": self.resource_intensive,
        }[category]


PLANS: Mapping[PlanName, RateLimitPlan] = {
    "pro": RateLimitPlan(light=30, medium=20, heavy=10, resource_intensive=10, daily=30_000),
    "business": RateLimitPlan(light=80, medium=60, heavy=40, resource_intensive=20, daily=60_000),
    "free": RateLimitPlan(light=4, medium=2, heavy=1, resource_intensive=10, daily=1_000),
}


@attrs.frozen
class RateLimited:
    """Why a request was refused: what the 429's body and ``X-RateLimit-*`` headers say."""

    category: Category
    limit_type: LimitType
    limit: int
    retry_at: int
    """Unix seconds at which the window that refused the request ends."""
    message: str

    def body(self) -> dict[str, Any]:
        return {"code": 429, "message": self.message}

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Category": self.category,
            "X-RateLimit-Type": self.limit_type,
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": "0",
            "Retry-After": iso(self.retry_at),
        }


@attrs.frozen
class DailyQuota:
    """What is left of an account's daily Heavy/Resource-intensive cap after a request."""

    category: Category
    limit: int
    remaining: int

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Category": self.category,
            "X-RateLimit-Type": "Daily-limit",
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
        }


@attrs.frozen
class Admitted:
    """A request the limits let through (and counted); ``daily`` for Heavy/Resource-intensive."""

    daily: DailyQuota | None = None


def classify(method: str, raw_path: str) -> tuple[Category, str | None]:
    """The rate-limit category and operationId of a request (``/v2/...`` path, as sent).

    A request that is no known operation, or whose operation names no category, is Light.
    """
    operation = find_operation(method, raw_path)
    if operation is None:
        return "Light", None
    return operation.category or "Light", operation.operation_id


def _next_midnight(now: float) -> int:
    return (math.floor(now) // DAY + 1) * DAY


class RateLimits:
    """Per-account (and per-user) request counters under one plan, with Zoom's rules.

    :meth:`admit` answers whether a request may run now, and counts it if so. When several
    limits are used up at once, the one that lasts longest is named (a daily cap before a
    per-second one), so ``Retry-After`` never invites a retry that is bound to fail.
    """

    def __init__(self, plan: RateLimitPlan) -> None:
        self.plan = plan
        # (account id, category) -> (window index, requests admitted in it)
        self._windows: dict[tuple[str, Category], tuple[int, int]] = {}
        # account id -> (UTC day index, Heavy + Resource-intensive requests admitted that day)
        self._daily: dict[str, tuple[int, int]] = {}
        # (account id, host user id) -> (UTC day index, meeting creates/updates that day)
        self._per_user: dict[tuple[str, str], tuple[int, int]] = {}

    def admit(
        self,
        account_id: str,
        category: Category,
        now: float,
        *,
        meeting_host: str | None = None,
    ) -> Admitted | RateLimited:
        """Admit and count one ``category`` request of ``account_id`` at ``now``, or refuse it.

        ``meeting_host`` is the host user id of a meeting create/update (``None`` otherwise):
        such requests also count against that user's daily cap.
        """
        day = math.floor(now) // DAY
        daily_used = 0
        if category in _DAILY_CATEGORIES:
            daily_used = _count_in(self._daily.get(account_id), day)
            if daily_used >= self.plan.daily:
                return RateLimited(
                    category, "Daily-limit", self.plan.daily, _next_midnight(now), DAILY_MESSAGE
                )
        user_used = 0
        if meeting_host is not None:
            user_used = _count_in(self._per_user.get((account_id, meeting_host)), day)
            limit = self.plan.per_user_daily
            if user_used >= limit:
                return RateLimited(
                    category, "Daily-limit", limit, _next_midnight(now), per_user_message(limit)
                )
        if category == "Resource-intensive":
            window, retry_at = math.floor(now) // MINUTE, (math.floor(now) // MINUTE + 1) * MINUTE
        else:
            window, retry_at = math.floor(now), math.floor(now) + 1
        window_used = _count_in(self._windows.get((account_id, category)), window)
        window_limit = self.plan.window_limit(category)
        if window_used >= window_limit:
            return RateLimited(category, "QPS", window_limit, retry_at, PER_SECOND_MESSAGE)

        self._windows[(account_id, category)] = (window, window_used + 1)
        if meeting_host is not None:
            self._per_user[(account_id, meeting_host)] = (day, user_used + 1)
        if category not in _DAILY_CATEGORIES:
            return Admitted()
        self._daily[account_id] = (day, daily_used + 1)
        remaining = self.plan.daily - daily_used - 1
        return Admitted(DailyQuota(category, self.plan.daily, remaining))


def _count_in(entry: tuple[int, int] | None, window: int) -> int:
    """The count stored in ``entry`` if it belongs to ``window`` (an older window counts 0)."""
    if entry is None or entry[0] != window:
        return 0
    return entry[1]

"""Pure decisions about Zoom's rate-limit answers: ``Retry-After``, 429 kinds, ``X-RateLimit-*``.

Zoom limits each account per category of operation (Light, Medium, Heavy, Resource-intensive) per
second (``QPS``), Heavy and Resource-intensive also per day, and meeting create/update per user per
day. A 429 may carry ``X-RateLimit-Category``, ``X-RateLimit-Type`` (``QPS`` or ``Daily-limit``),
``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and ``Retry-After`` -- an ISO-8601 date-time in
Zoom's answers, though an HTTP-date or a number of seconds is understood too. The headers are
sometimes missing; the message then says which limit was hit. Nothing here does I/O.
"""

from __future__ import annotations

import email.utils
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Literal

import attrs

from aiozoom.http._headers import header_int

__all__ = [
    "CATEGORIES",
    "Category",
    "LimitType",
    "RateLimitHit",
    "RateLimitStatus",
    "classify_rate_limit",
    "next_utc_midnight",
    "parse_retry_after",
    "rate_limit_status",
]

Category = Literal["Light", "Medium", "Heavy", "Resource-intensive"]
LimitType = Literal["QPS", "Daily-limit"]

CATEGORIES: tuple[Category, ...] = ("Light", "Medium", "Heavy", "Resource-intensive")

CATEGORY_HEADER = "X-RateLimit-Category"
TYPE_HEADER = "X-RateLimit-Type"
LIMIT_HEADER = "X-RateLimit-Limit"
REMAINING_HEADER = "X-RateLimit-Remaining"
RETRY_AFTER_HEADER = "Retry-After"

# A Retry-After further away than this is not a wait anyone means (nor a datetime Python can add).
_MAX_RETRY_AFTER = timedelta(days=30)
_SECONDS = re.compile(r"\d{1,10}(?:\.\d+)?")
_PER_USER = re.compile(r"particular user|per user|this user", re.IGNORECASE)
_DAILY = re.compile(r"daily", re.IGNORECASE)
_CATEGORY_NAMES: dict[str, Category] = {c.lower(): c for c in CATEGORIES}
_CATEGORY_NAMES["resource intensive"] = "Resource-intensive"


def _aware_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_retry_after(value: str | None, *, now: float) -> datetime | None:
    """When ``Retry-After`` says to try again, as an aware UTC datetime; ``None`` if unusable.

    Understands Zoom's ISO-8601 date-times (``2026-05-31T00:00:00Z``, with or without an offset;
    a date-time without one is UTC), HTTP-dates (``Sun, 31 May 2026 00:00:00 GMT``) and
    delta-seconds (``"2"``). ``now`` is the Unix time the answer arrived. A value that is none of
    these, or further than 30 days from ``now``, is ``None``; a time in the past is kept (it means
    "now").
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        current = datetime.fromtimestamp(now, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    moment: datetime | None
    if _SECONDS.fullmatch(text):
        seconds = float(text)
        if seconds > _MAX_RETRY_AFTER.total_seconds():
            return None
        return current + timedelta(seconds=seconds)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    try:
        moment = _aware_utc(moment)
        if abs(moment - current) > _MAX_RETRY_AFTER:
            return None
    except (OverflowError, ValueError):  # an offset that moves it past year 1 or 9999
        return None
    return moment


def next_utc_midnight(now: float) -> datetime:
    """The next 00:00 UTC after Unix time ``now`` (when Zoom's daily limits reset)."""
    today = datetime.fromtimestamp(now, UTC).date()
    return datetime(today.year, today.month, today.day, tzinfo=UTC) + timedelta(days=1)


def _category(value: str | None) -> Category | None:
    if not value:
        return None
    return _CATEGORY_NAMES.get(value.strip().lower().replace("_", "-"))


def _message(body: bytes) -> str:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return ""
    message = data.get("message") if isinstance(data, dict) else None
    return message if isinstance(message, str) else ""


@attrs.frozen
class RateLimitHit:
    """What a 429 answer says: which limit was reached and when to try again."""

    limit_type: LimitType
    """``QPS`` (per second, or per minute for Resource-intensive) or ``Daily-limit``."""
    category: Category | None = None
    """Zoom's category, from ``X-RateLimit-Category`` (``None`` when Zoom did not say)."""
    scope: Literal["account", "user"] = "account"
    """``user`` for the per-user rule (100 meeting creates/updates a day per user)."""
    limit: int | None = None
    remaining: int | None = None
    retry_at: datetime | None = None
    """When Zoom allows the next request; for a daily limit at least the next 00:00 UTC if Zoom
    did not say."""
    message: str = ""

    @property
    def daily(self) -> bool:
        return self.limit_type == "Daily-limit"


def classify_rate_limit(
    status: int, headers: Mapping[str, str], body: bytes, *, now: float
) -> RateLimitHit | None:
    """What a 429 answer means (``None`` for any other status).

    ``X-RateLimit-Type`` decides when present; otherwise the message does ("daily rate limit",
    "...permitted for this particular user"), and a 429 that says neither is a per-second limit.
    A daily limit without a usable ``Retry-After`` resets at the next 00:00 UTC.
    """
    if status != 429:
        return None
    message = _message(body)
    kind = (headers.get(TYPE_HEADER) or "").strip().lower()
    per_user = bool(_PER_USER.search(message))
    if kind in ("daily-limit", "daily", "daily_limit"):
        limit_type: LimitType = "Daily-limit"
    elif kind == "qps":
        limit_type = "QPS"
    else:
        limit_type = "Daily-limit" if per_user or _DAILY.search(message) else "QPS"
    retry_at = parse_retry_after(headers.get(RETRY_AFTER_HEADER), now=now)
    if limit_type == "Daily-limit" and retry_at is None:
        retry_at = next_utc_midnight(now)
    return RateLimitHit(
        limit_type=limit_type,
        category=_category(headers.get(CATEGORY_HEADER)),
        scope="user" if per_user and limit_type == "Daily-limit" else "account",
        limit=header_int(headers.get(LIMIT_HEADER)),
        remaining=header_int(headers.get(REMAINING_HEADER)),
        retry_at=retry_at,
        message=message,
    )


@attrs.frozen
class RateLimitStatus:
    """The last ``X-RateLimit-*`` values Zoom sent for one category."""

    category: Category
    limit_type: LimitType | None
    limit: int | None
    remaining: int | None
    retry_at: datetime | None
    seen_at: datetime
    """When the answer carrying them arrived."""


def rate_limit_status(
    headers: Mapping[str, str], *, category: Category | None, now: float
) -> RateLimitStatus | None:
    """The ``X-RateLimit-*`` values of an answer, if it has any.

    ``category`` is the operation's category, used when the answer does not name one.
    """
    limit = headers.get(LIMIT_HEADER)
    remaining = headers.get(REMAINING_HEADER)
    kind = headers.get(TYPE_HEADER)
    if limit is None and remaining is None and kind is None:
        return None
    named = _category(headers.get(CATEGORY_HEADER)) or category
    if named is None:
        return None
    text = (kind or "").strip().lower()
    limit_type: LimitType | None = (
        "QPS" if text == "qps" else "Daily-limit" if text.startswith("daily") else None
    )
    return RateLimitStatus(
        category=named,
        limit_type=limit_type,
        limit=header_int(limit),
        remaining=header_int(remaining),
        retry_at=parse_retry_after(headers.get(RETRY_AFTER_HEADER), now=now),
        seen_at=datetime.fromtimestamp(now, UTC),
    )

"""The pure decisions of the resilience layer, table-driven: no network, no sleeping.

``Retry-After`` in its three forms, what a 429 means, whether and when a failure is retried,
the retry budget, decoding of bodies that are not what they claim, and regional API hosts.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from aiozoom.errors import (
    InvalidResponseError,
    NotFoundError,
    RateLimitExceeded,
    TokenRequestError,
    ZoomAPIError,
    ZoomConnectionError,
    ZoomTimeoutError,
)
from aiozoom.http.rate_limits import (
    classify_rate_limit,
    next_utc_midnight,
    parse_retry_after,
    rate_limit_status,
)
from aiozoom.http.regions import regional_base_url
from aiozoom.http.responses import body_snippet, decode_response
from aiozoom.retry import RetryBudget, RetryPolicy, decide_retry

NOW = datetime(2026, 5, 30, 12, 0, 0, tzinfo=UTC).timestamp()
AT_NOW = datetime.fromtimestamp(NOW, UTC)

PER_SECOND = b'{"code": 429, "message": "You have reached the maximum per-second rate limit for this API. Try again later."}'  # noqa: E501
DAILY = b'{"code": 429, "message": "You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request."}'  # noqa: E501
PER_USER = b'{"code": 429, "message": "You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00."}'  # noqa: E501


# -- Retry-After ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-05-31T00:00:00Z", datetime(2026, 5, 31, tzinfo=UTC)),
        ("2026-05-30T12:00:01Z", AT_NOW + timedelta(seconds=1)),
        ("2026-05-30T14:00:03+02:00", AT_NOW + timedelta(seconds=3)),
        ("2026-05-30T12:00:02", AT_NOW + timedelta(seconds=2)),  # no offset: UTC
        ("2026-05-30T12:00:00.250Z", AT_NOW + timedelta(milliseconds=250)),
        ("Sat, 30 May 2026 12:00:05 GMT", AT_NOW + timedelta(seconds=5)),
        ("7", AT_NOW + timedelta(seconds=7)),
        (" 0 ", AT_NOW),
        ("1.5", AT_NOW + timedelta(seconds=1.5)),
        ("2026-05-30T11:59:00Z", AT_NOW - timedelta(seconds=60)),  # past: kept, means "now"
        ("", None),
        ("soon", None),
        ("-3", None),
        ("99999999999", None),  # absurd
        ("9999-12-31T23:59:59Z", None),  # further than 30 days
        ("9999-12-31T23:59:59-23:59", None),  # past the year 9999 once in UTC
        ("0001-01-01T00:00:00+01:00", None),  # before the year 1 once in UTC
        ("Thu, 01 Jan 1970 00:00:00 GMT", None),
        (None, None),
    ],
)
def test_retry_after_formats(value: str | None, expected: datetime | None) -> None:
    got = parse_retry_after(value, now=NOW)
    assert got == expected
    if got is not None:
        assert got.tzinfo is not None


def test_next_utc_midnight() -> None:
    assert next_utc_midnight(NOW) == datetime(2026, 5, 31, tzinfo=UTC)
    assert next_utc_midnight(datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp()) == (
        datetime(2027, 1, 1, tzinfo=UTC)
    )
    exactly = datetime(2026, 6, 1, tzinfo=UTC).timestamp()
    assert next_utc_midnight(exactly) == datetime(2026, 6, 2, tzinfo=UTC)


# -- what a 429 means -------------------------------------------------------------------------


def _headers(**values: str) -> dict[str, str]:
    names = {
        "category": "X-RateLimit-Category",
        "type": "X-RateLimit-Type",
        "limit": "X-RateLimit-Limit",
        "remaining": "X-RateLimit-Remaining",
        "retry_after": "Retry-After",
    }
    return {names[k]: v for k, v in values.items()}


@pytest.mark.parametrize(
    ("headers", "body", "limit_type", "scope", "category", "retry_at"),
    [
        (
            _headers(category="Medium", type="QPS", limit="20", remaining="0",
                     retry_after="2026-05-30T12:00:01Z"),
            PER_SECOND, "QPS", "account", "Medium", AT_NOW + timedelta(seconds=1),
        ),
        (
            _headers(category="heavy", type="Daily-limit", retry_after="2026-05-31T00:00:00Z"),
            DAILY, "Daily-limit", "account", "Heavy", datetime(2026, 5, 31, tzinfo=UTC),
        ),
        # no headers: the message decides; a daily limit resets at the next 00:00 UTC
        ({}, PER_SECOND, "QPS", "account", None, None),
        ({}, DAILY, "Daily-limit", "account", None, datetime(2026, 5, 31, tzinfo=UTC)),
        ({}, PER_USER, "Daily-limit", "user", None, datetime(2026, 5, 31, tzinfo=UTC)),
        # the header wins over the message; an unusable Retry-After on a daily limit: midnight
        (_headers(type="Daily-limit", retry_after="whenever"), PER_SECOND, "Daily-limit",
         "account", None, datetime(2026, 5, 31, tzinfo=UTC)),
        (_headers(type="QPS", retry_after="3"), DAILY, "QPS", "account", None,
         AT_NOW + timedelta(seconds=3)),
        # a 429 that says nothing: treated as per-second
        ({}, b"<html>Too Many Requests</html>", "QPS", "account", None, None),
        ({}, b"", "QPS", "account", None, None),
        (_headers(category="Resource-intensive", retry_after="Sat, 30 May 2026 12:01:00 GMT"),
         PER_SECOND, "QPS", "account", "Resource-intensive", AT_NOW + timedelta(seconds=60)),
    ],
)  # fmt: skip
def test_classify_429(
    headers: dict[str, str],
    body: bytes,
    limit_type: str,
    scope: str,
    category: str | None,
    retry_at: datetime | None,
) -> None:
    hit = classify_rate_limit(429, headers, body, now=NOW)
    assert hit is not None
    assert (hit.limit_type, hit.scope, hit.category, hit.retry_at) == (
        limit_type,
        scope,
        category,
        retry_at,
    )


def test_classify_reads_numbers_and_refuses_other_statuses() -> None:
    hit = classify_rate_limit(
        429, _headers(limit="30", remaining="0", category="Light"), PER_SECOND, now=NOW
    )
    assert hit is not None
    assert (hit.limit, hit.remaining) == (30, 0)
    assert "per-second" in hit.message
    odd = classify_rate_limit(429, _headers(limit="lots", remaining="-1"), PER_SECOND, now=NOW)
    assert odd is not None
    assert (odd.limit, odd.remaining) == (None, None)
    digits = classify_rate_limit(
        429, _headers(limit="\u00b9\u00b2", remaining="\u00b2"), b"", now=NOW
    )
    assert digits is not None
    assert (digits.limit, digits.remaining) == (None, None)  # not ASCII digits: not a count
    for status in (200, 400, 500, 503):
        assert classify_rate_limit(status, _headers(type="QPS"), PER_SECOND, now=NOW) is None


def test_rate_limit_status_from_headers() -> None:
    status = rate_limit_status(
        _headers(category="Heavy", type="Daily-limit", limit="30000", remaining="29990"),
        category="Light",
        now=NOW,
    )
    assert status is not None
    assert (status.category, status.limit_type, status.limit, status.remaining) == (
        "Heavy",
        "Daily-limit",
        30000,
        29990,
    )
    assert status.seen_at == AT_NOW
    fallback = rate_limit_status(_headers(limit="20", remaining="3"), category="Medium", now=NOW)
    assert fallback is not None
    assert (fallback.category, fallback.limit_type) == ("Medium", None)
    assert rate_limit_status({}, category="Medium", now=NOW) is None
    assert rate_limit_status(_headers(limit="20"), category=None, now=NOW) is None


def test_429_decodes_to_rate_limit_exceeded() -> None:
    with pytest.raises(RateLimitExceeded) as caught:
        decode_response(
            429,
            _headers(category="Heavy", type="Daily-limit", limit="30000", remaining="0"),
            DAILY,
            method="GET",
            path="/report/daily",
            content_type="application/json",
            now=NOW,
        )
    err = caught.value
    assert isinstance(err, ZoomAPIError)
    assert (err.status, err.code, err.category, err.limit_type, err.scope) == (
        429,
        429,
        "Heavy",
        "Daily-limit",
        "account",
    )
    assert err.retry_at == datetime(2026, 5, 31, tzinfo=UTC)
    assert "retry at 2026-05-31T00:00:00+00:00" in str(err)
    assert "GET /report/daily" in str(err)


# -- whether and when to retry ----------------------------------------------------------------

POLICY = RetryPolicy()


def _api(status: int) -> ZoomAPIError:
    return ZoomAPIError(status=status, message="x", method="GET", path="/x")


def _qps(retry_at: datetime | None, *, sent: bool = True) -> RateLimitExceeded:
    return RateLimitExceeded(limit_type="QPS", retry_at=retry_at, sent=sent, message="slow down")


def _conn(*, sent: bool) -> ZoomConnectionError:
    return ZoomConnectionError("reset", sent=sent)


def _timeout(*, sent: bool) -> ZoomTimeoutError:
    return ZoomTimeoutError("slow", sent=sent)


@pytest.mark.parametrize(
    ("method", "error", "failures", "reason"),
    [
        ("GET", _api(500), 1, "server_error"),
        ("GET", _api(502), 1, "server_error"),
        ("PUT", _api(503), 2, "server_error"),
        ("DELETE", _api(504), 1, "server_error"),
        ("GET", _api(500), 3, None),  # the third attempt was the last
        ("GET", _api(501), 1, None),
        ("POST", _api(500), 1, None),  # may have been created: not retried
        ("PATCH", _api(502), 1, None),
        ("GET", _api(404), 1, None),
        ("GET", _api(400), 1, None),
        ("GET", _conn(sent=True), 1, "connection_error"),
        ("POST", _conn(sent=True), 1, None),
        ("POST", _conn(sent=False), 1, "not_sent"),  # never reached Zoom: safe
        ("PATCH", _timeout(sent=False), 2, "not_sent"),
        ("GET", _timeout(sent=True), 1, "timeout"),
        ("POST", _timeout(sent=True), 1, None),
        ("GET", NotFoundError(status=404), 1, None),
        ("POST", TokenRequestError("no answer", transient=True), 1, "not_sent"),
        ("POST", TokenRequestError("busy", status=503), 1, "not_sent"),
        ("GET", TokenRequestError("slow down", status=429), 1, "not_sent"),
        ("GET", TokenRequestError("bad secret", status=401, error="invalid_client"), 1, None),
        ("GET", TokenRequestError("no token in the answer", status=200), 1, None),
        ("GET", InvalidResponseError("not JSON", status=200), 1, None),
    ],
)
def test_failures_retried_only_when_safe(
    method: str, error: Exception, failures: int, reason: str | None
) -> None:
    decision = decide_retry(
        POLICY,
        error,
        method=method,
        failures=failures,
        rate_limited=0,
        remaining=100.0,
        now=NOW,
        rnd=0.5,
    )
    assert (decision.reason if decision else None) == reason


def test_writes_retried_when_the_caller_opts_in() -> None:
    policy = POLICY.replace(retry_writes=True)
    for error in (_api(500), _conn(sent=True), _timeout(sent=True)):
        decision = decide_retry(
            policy, error, method="POST", failures=1, rate_limited=0, remaining=100, now=NOW, rnd=0
        )
        assert decision is not None


@pytest.mark.parametrize("failures", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("rnd", [0.0, 0.5, 0.999])
def test_backoff_is_exponential_with_full_jitter(failures: int, rnd: float) -> None:
    policy = RetryPolicy(attempts=10, backoff=0.5, max_backoff=8.0)
    decision = decide_retry(
        policy, _api(500), method="GET", failures=failures, rate_limited=0, remaining=100,
        now=NOW, rnd=rnd,
    )  # fmt: skip
    assert decision is not None
    ceiling = min(8.0, 0.5 * 2 ** (failures - 1))
    assert decision.wait == pytest.approx(rnd * ceiling)


def test_no_retry_past_the_deadline() -> None:
    policy = RetryPolicy(backoff=4.0)
    decision = decide_retry(
        policy, _api(503), method="GET", failures=1, rate_limited=0, remaining=1.0, now=NOW, rnd=0.9
    )
    assert decision is None


@pytest.mark.parametrize(
    ("retry_at", "low", "high"),
    [
        (AT_NOW + timedelta(seconds=2), 2.1, 2.25),  # Retry-After plus a little jitter
        (AT_NOW - timedelta(seconds=5), 0.1, 0.25),  # already passed: at once, plus jitter
        (None, 1.0, 1.5),  # no Retry-After: 1 s plus jitter
    ],
)
def test_per_second_429_waits_until_retry_after(
    retry_at: datetime | None, low: float, high: float
) -> None:
    for rnd in (0.0, 0.5, 0.999):
        decision = decide_retry(
            POLICY, _qps(retry_at), method="POST", failures=0, rate_limited=1, remaining=100,
            now=NOW, rnd=rnd,
        )  # fmt: skip
        assert decision is not None
        assert decision.reason == "rate_limited"
        assert low <= decision.wait <= high


def test_429_not_slept_when_too_long_daily_or_spent() -> None:
    def decide(error: Exception, *, rate_limited: int = 1, remaining: float = 100) -> object:
        return decide_retry(
            POLICY, error, method="GET", failures=0, rate_limited=rate_limited,
            remaining=remaining, now=NOW, rnd=0.0,
        )  # fmt: skip

    assert decide(_qps(AT_NOW + timedelta(seconds=61))) is None  # past max_rate_limit_wait
    assert decide(_qps(AT_NOW + timedelta(seconds=5)), remaining=4) is None  # past the deadline
    assert decide(_qps(None), rate_limited=POLICY.rate_limit_attempts) is None
    assert decide(_qps(None, sent=False)) is None  # aiozoom's own limiter refused it
    daily = RateLimitExceeded(limit_type="Daily-limit", retry_at=AT_NOW + timedelta(hours=12))
    assert decide(daily) is None


def test_policy_arguments_are_checked() -> None:
    for name, value in [
        ("budget", float("inf")),
        ("budget", float("nan")),
        ("budget_ratio", float("inf")),
        ("deadline", float("inf")),
        ("attempts", 0),
        ("deadline", 0),
        ("backoff", -1),
        ("max_rate_limit_wait", 0),
        ("budget", -1),
        ("rate_limit_attempts", True),
    ]:
        with pytest.raises(ValueError, match=name):
            RetryPolicy(**{name: value})  # type: ignore[arg-type]


# -- the retry budget -------------------------------------------------------------------------


def test_budget_caps_retries_in_an_outage() -> None:
    budget = RetryBudget(capacity=10, ratio=0.1)
    taken = sum(budget.take() for _ in range(1000))  # nothing succeeds
    assert taken == 10


def test_budget_refills_at_the_ratio_of_successes() -> None:
    budget = RetryBudget(capacity=10, ratio=0.1)
    while budget.take():
        pass
    for _ in range(50):
        budget.succeeded()
    assert sum(budget.take() for _ in range(100)) == 5
    for _ in range(10_000):
        budget.succeeded()
    assert budget.balance == 10  # never above its capacity


def test_budget_keeps_retries_near_a_tenth_when_a_fifth_fails() -> None:
    rng = random.Random(7)
    budget = RetryBudget(capacity=10, ratio=0.1)
    sent = retries = 0
    for _ in range(10_000):
        sent += 1
        if rng.random() < 0.2:  # the first attempt fails
            if budget.take():
                sent += 1
                retries += 1
                budget.succeeded()
        else:
            budget.succeeded()
    assert retries <= 0.1 * 10_000 + 10


# -- bodies that are not what they claim ------------------------------------------------------

HTML = (
    b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
)


@pytest.mark.parametrize(
    ("status", "body", "content_type", "error", "snippet"),
    [
        (502, HTML, "text/html", ZoomAPIError, "502 Bad Gateway 502 Bad Gateway"),
        (200, HTML, "text/html", InvalidResponseError, "502 Bad Gateway 502 Bad Gateway"),
        (200, b'{"users": [{"id": "a"', "application/json", InvalidResponseError, '{"users"'),
        (200, b"", "application/json;charset=UTF-8", InvalidResponseError, ""),
        (201, b"\xff\xfe garbage", "application/json", InvalidResponseError, "garbage"),
        (200, b"[" * 100_000, "application/json", InvalidResponseError, "[[["),
        (200, b'{"code": 1001, "message": "User does not exist"}', "application/json",
         NotFoundError, None),
        (500, b"", "", ZoomAPIError, None),
    ],
)  # fmt: skip
def test_bad_bodies_become_errors(
    status: int, body: bytes, content_type: str, error: type[Exception], snippet: str | None
) -> None:
    with pytest.raises(error) as caught:
        decode_response(status, {}, body, method="GET", path="/users/me", content_type=content_type)
    err = caught.value
    assert getattr(err, "status", None) == status
    assert "GET /users/me" in str(err)
    if snippet:
        assert snippet in str(err)
        if isinstance(err, InvalidResponseError):
            assert err.snippet is not None
            assert snippet in err.snippet
    assert len(str(err)) < 600


def test_empty_answers_that_mean_nothing_decode_to_none() -> None:
    assert decode_response(204, {}, b"", method="PATCH", path="/x", content_type="") is None
    assert (
        decode_response(204, {}, b"", method="PATCH", path="/x", content_type="application/json")
        is None
    )
    assert decode_response(200, {}, b"", method="DELETE", path="/x", content_type="") is None


def test_body_snippet_is_short_and_readable() -> None:
    assert body_snippet(b"  <p>Service\n\n  Unavailable</p> ") == "Service Unavailable"
    long = body_snippet(b"x" * 10_000)
    assert len(long) == 200
    assert long.endswith("\u2026")


# -- regional hosts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("api_url", "expected"),
    [
        ("https://api-eu.zoom.us", "https://api-eu.zoom.us/v2"),
        ("https://api.zoom.us/", "https://api.zoom.us/v2"),
        ("https://api-sg.zoom.us/v2", "https://api-sg.zoom.us/v2"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/v2"),
        ("http://localhost:9", "http://localhost:9/v2"),
        ("http://api-eu.zoom.us", None),  # a token never travels in the clear
        ("https://user:pw@api-eu.zoom.us", None),
        ("https://api-eu.zoom.us/other", None),
        ("https://api-eu.zoom.us?x=1", None),
        ("ftp://api-eu.zoom.us", None),
        ("api-eu.zoom.us", None),
        ("", None),
        (None, None),
    ],
)
def test_regional_base_url(api_url: str | None, expected: str | None) -> None:
    assert regional_base_url(api_url) == expected

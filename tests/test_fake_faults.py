"""The fake Zoom's switches: injected faults, Zoom's rate limits, and a regional API host.

Everything goes over real sockets with a plain ``aiohttp.ClientSession``; time-based rules run on
a :class:`FakeClock`, so windows open when a test moves the clock, not when real time passes.
"""

from __future__ import annotations

import asyncio
import base64
import collections
import json
import random
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from aiozoom.api import find_operation
from aiozoom.testing import FakeClock, FakeZoom, Fault
from aiozoom.testing._state import Account

START = 1_800_000_000.0  # FakeClock's default start: 2027-01-15T08:00:00Z, a minute boundary
NEXT_MIDNIGHT = "2027-01-16T00:00:00Z"
PER_SECOND = "You have reached the maximum per-second rate limit for this API. Try again later."
DAILY = (
    "You have reached the maximum daily rate limit for this API. "
    "Refer to the response header for details on when you can make another request."
)
RATE_HEADERS = (
    "X-RateLimit-Category",
    "X-RateLimit-Type",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "Retry-After",
)


def per_user_message(limit: int) -> str:
    return (
        f"You have exceeded the daily rate limit ({limit}) of Meeting Create/Update API requests "
        "permitted for this particular user. You may resume these requests at GMT 00:00:00."
    )


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def get_token(
    http: aiohttp.ClientSession, fake: FakeZoom, account: Account | None = None
) -> dict[str, Any]:
    account = account or fake.account
    basic = base64.b64encode(f"{account.client_id}:{account.client_secret}".encode()).decode()
    async with http.post(
        fake.token_url,
        params={"grant_type": "account_credentials", "account_id": account.account_id},
        headers={"Authorization": f"Basic {basic}"},
    ) as resp:
        assert resp.status == 200
        answer: dict[str, Any] = await resp.json()
        return answer


class Api:
    """A bearer token and a base URL: ``await api.call("GET", "/users/me")``."""

    def __init__(self, http: aiohttp.ClientSession, base_url: str, token: str) -> None:
        self.http = http
        self.base_url = base_url
        self.token = token

    async def call(
        self, method: str, path: str, body: Any = None, **options: Any
    ) -> tuple[int, dict[str, str], bytes]:
        async with self.http.request(
            method,
            self.base_url + path,
            json=body,
            headers={"Authorization": f"Bearer {self.token}"},
            **options,
        ) as resp:
            return resp.status, dict(resp.headers), await resp.read()

    async def status(self, method: str, path: str, body: Any = None) -> int:
        return (await self.call(method, path, body))[0]

    def on(self, base_url: str) -> Api:
        return Api(self.http, base_url, self.token)


@pytest.fixture
async def api(http: aiohttp.ClientSession, fake: FakeZoom) -> Api:
    return Api(http, fake.base_url, (await get_token(http, fake))["access_token"])


async def renew_token(api: Api, fake: FakeZoom) -> None:
    api.token = (await get_token(api.http, fake))["access_token"]


async def create_meeting(api: Api, user: str = "me") -> dict[str, Any]:
    status, _, body = await api.call("POST", f"/users/{user}/meetings", {"topic": "t"})
    assert status == 201
    meeting: dict[str, Any] = json.loads(body)
    return meeting


def rate_headers(headers: dict[str, str]) -> dict[str, str]:
    return {name: headers[name] for name in RATE_HEADERS if name in headers}


# -- fault kinds ------------------------------------------------------------------------------


async def test_status_fault_answers_zoom_shaped_json_once(fake: FakeZoom, api: Api) -> None:
    fake.inject_fault(Fault.status(503))
    status, headers, body = await api.call("GET", "/users/me")
    assert status == 503
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"code": 503, "message": "Service Unavailable"}
    assert await api.status("GET", "/users/me") == 200  # times=1: the next one is served
    assert fake.api_count("GET", "/v2/users/me") == 2


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (500, "Internal Server Error"),
        (502, "Bad Gateway"),
        (504, "Gateway Timeout"),
        (418, "I'm a Teapot"),
    ],
)
async def test_status_fault_messages(fake: FakeZoom, api: Api, status: int, message: str) -> None:
    fake.inject_fault(Fault.status(status))
    got, _, body = await api.call("GET", "/users")
    assert (got, json.loads(body)) == (status, {"code": status, "message": message})


async def test_status_fault_sends_an_html_page_verbatim(fake: FakeZoom, api: Api) -> None:
    page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    fake.inject_fault(
        Fault.status(
            502, body=page, content_type="text/html; charset=utf-8", headers={"Server": "nginx"}
        )
    )
    status, headers, body = await api.call("GET", "/users/me")
    assert (status, body.decode()) == (502, page)
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Server"] == "nginx"


async def test_a_bad_token_gets_its_401_before_any_fault(fake: FakeZoom, api: Api) -> None:
    rule = fake.inject_fault(Fault.status(500), times=None)
    status, _, body = await Api(api.http, fake.base_url, "not-a-token").call("GET", "/users/me")
    assert (status, json.loads(body)["code"]) == (401, 124)
    assert (rule.matched, rule.hits) == (0, 0)
    assert await api.status("GET", "/users/me") == 500
    assert fake.requests_received == 2  # the 401 counted on arrival too


async def test_after_commit_writes_then_answers_an_error(fake: FakeZoom, api: Api) -> None:
    fake.inject_fault(Fault.after_commit(), method="POST", path="/users/{userId}/meetings")
    status, _, body = await api.call("POST", "/users/me/meetings", {"topic": "lost answer"})
    assert (status, json.loads(body)) == (500, {"code": 500, "message": "Internal Server Error"})
    meetings = list(fake.account.meetings.values())
    assert [m["topic"] for m in meetings] == ["lost answer"]
    status, _, body = await api.call("GET", "/users/me/meetings")
    assert (status, json.loads(body)["total_records"]) == (200, 1)


async def test_reset_drops_the_connection_unanswered(fake: FakeZoom, api: Api) -> None:
    fake.inject_fault(Fault.reset(), method="POST")
    with pytest.raises(aiohttp.ClientConnectionError):
        await api.call("POST", "/users/me/meetings", {"topic": "t"})
    assert fake.account.meetings == {}
    assert fake.requests_received == 1
    assert fake.api_count() == 0  # no answer was given, so none is counted as one
    assert await api.status("POST", "/users/me/meetings", {"topic": "t"}) == 201


async def test_aiohttp_retries_an_idempotent_request_once_after_a_reset(
    fake: FakeZoom, api: Api
) -> None:
    fake.inject_fault(Fault.reset(), method="GET", times=2)
    with pytest.raises(aiohttp.ClientConnectionError):
        await api.call("GET", "/users/me")
    assert fake.requests_received == 2  # aiohttp sent the GET again on its own
    fake.inject_fault(Fault.reset(), method="GET")
    assert await api.status("GET", "/users/me") == 200  # the silent retry was served
    assert fake.requests_received == 4


async def test_delay_waits_then_answers_normally(fake: FakeZoom, api: Api) -> None:
    fake.inject_fault(Fault.delay(0.2))
    began = time.monotonic()
    status, _, body = await api.call("GET", "/users/me")
    assert time.monotonic() - began >= 0.2
    assert (status, json.loads(body)["id"]) == (200, fake.account.owner_id)


async def test_hang_times_the_client_out_and_the_fake_still_closes_at_once(
    http: aiohttp.ClientSession,
) -> None:
    fake = FakeZoom(clock=FakeClock())
    await fake.start()
    try:
        api = Api(http, fake.base_url, (await get_token(http, fake))["access_token"])
        fake.inject_fault(Fault.hang())
        with pytest.raises(TimeoutError):
            await api.call("GET", "/users/me", timeout=aiohttp.ClientTimeout(total=0.1))
        assert fake.requests_held == 1
    finally:
        began = time.monotonic()
        await fake.close()
    assert time.monotonic() - began < 0.5  # not the 1 s shutdown timeout
    assert fake.requests_held == 0


async def test_clear_faults_drops_hung_requests(fake: FakeZoom, api: Api) -> None:
    fake.inject_fault(Fault.hang(), times=None)
    task = asyncio.create_task(api.call("POST", "/users/me/meetings", {"topic": "t"}))
    await fake.wait_requests_held(1)
    fake.clear_faults()
    with pytest.raises(aiohttp.ClientConnectionError):
        await task
    assert fake.requests_held == 0
    assert fake.account.meetings == {}
    assert await api.status("POST", "/users/me/meetings", {"topic": "t"}) == 201


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"users": [{"id": "ab', "application/json"),
        (b"", "application/json"),
        (b"<html>", "text/html"),
    ],
)
async def test_malformed_answers_the_body_as_it_is(
    fake: FakeZoom, api: Api, body: bytes, content_type: str
) -> None:
    fake.inject_fault(Fault.malformed(body, content_type=content_type))
    status, headers, got = await api.call("GET", "/users")
    assert (status, got, headers["Content-Type"]) == (200, body, content_type)
    with pytest.raises(json.JSONDecodeError):
        json.loads(got)


# -- which requests a fault hits --------------------------------------------------------------


async def test_times_and_a_path_template(fake: FakeZoom, api: Api) -> None:
    fake.inject_fault(Fault.status(500), method="GET", path="/users/{userId}", times=2)
    assert await api.status("GET", "/users") == 200  # another path
    assert await api.status("PATCH", "/users/me", {"dept": "x"}) == 204  # another method
    assert [await api.status("GET", "/users/me") for _ in range(3)] == [500, 500, 200]
    assert await api.status("GET", f"/users/{fake.account.owner_id}") == 200


async def test_a_literal_path_only_matches_itself(fake: FakeZoom, api: Api) -> None:
    fake.inject_fault(Fault.status(500), path="/users/me", times=None)
    assert await api.status("GET", f"/users/{fake.account.owner_id}") == 200
    assert await api.status("GET", "/users/me") == 500
    assert await api.status("GET", "/users/me/meetings") == 200


async def test_nth_hits_only_the_nth_matching_request(fake: FakeZoom, api: Api) -> None:
    rule = fake.inject_fault(Fault.status(503), method="GET", nth=3)
    got = [await api.status("GET", "/users") for _ in range(5)]
    assert got == [200, 200, 503, 200, 200]
    assert (rule.matched, rule.hits) == (3, 1)


async def test_times_none_hits_until_cleared(fake: FakeZoom, api: Api) -> None:
    fake.inject_fault(Fault.status(502), times=None)
    assert [await api.status("GET", "/users") for _ in range(4)] == [502] * 4
    fake.clear_faults()
    assert await api.status("GET", "/users") == 200


async def test_rate_is_deterministic_from_the_seed(fake: FakeZoom, api: Api) -> None:
    fake.inject_fault(Fault.status(500), times=None, rate=0.3, seed=42)
    rng = random.Random(42)
    expected = [500 if rng.random() < 0.3 else 200 for _ in range(20)]
    assert 200 in expected and 500 in expected
    assert [await api.status("GET", "/users") for _ in range(20)] == expected


async def test_the_earliest_fault_wins_and_both_count_the_request(fake: FakeZoom, api: Api) -> None:
    first = fake.inject_fault(Fault.status(502))
    second = fake.inject_fault(Fault.status(503), nth=2)
    assert [await api.status("GET", "/users") for _ in range(3)] == [502, 503, 200]
    assert (first.hits, second.matched, second.hits) == (1, 2, 1)


@pytest.mark.parametrize("options", [{"times": 0}, {"nth": 0}, {"rate": 0.0}, {"rate": 1.5}])
def test_bad_fault_options_are_refused(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"times|nth|rate"):
        FakeZoom().inject_fault(Fault.reset(), **options)


# -- rate limits ------------------------------------------------------------------------------


@pytest.mark.parametrize(("plan", "medium"), [("pro", 20), ("business", 60), ("free", 2)])
async def test_per_second_limit_of_each_plan(
    fake: FakeZoom, api: Api, clock: FakeClock, plan: Any, medium: int
) -> None:
    fake.enforce_rate_limits(plan)
    clock.set(START + 0.5)
    for _ in range(medium):
        assert await api.status("GET", "/users") == 200  # GET /users is Medium
    status, headers, body = await api.call("GET", "/users")
    assert status == 429
    assert json.loads(body) == {"code": 429, "message": PER_SECOND}
    assert rate_headers(headers) == {
        "X-RateLimit-Category": "Medium",
        "X-RateLimit-Type": "QPS",
        "X-RateLimit-Limit": str(medium),
        "X-RateLimit-Remaining": "0",
        "Retry-After": "2027-01-15T08:00:01Z",
    }
    assert fake.rate_limited == {("Medium", "QPS"): 1}
    assert await api.status("GET", "/users/me") == 200  # Light has its own window
    clock.set(START + 0.999)
    assert await api.status("GET", "/users") == 429
    clock.set(START + 1)
    assert await api.status("GET", "/users") == 200


async def test_overrides_replace_the_plan_numbers(fake: FakeZoom, api: Api) -> None:
    fake.enforce_rate_limits("business", light=2)
    plan = fake.rate_limit_plan
    assert plan is not None
    assert (plan.light, plan.medium, plan.daily) == (2, 60, 60_000)
    assert [await api.status("GET", "/users/me") for _ in range(3)] == [200, 200, 429]
    fake.enforce_rate_limits(None)
    assert fake.rate_limit_plan is None
    assert [await api.status("GET", "/users/me") for _ in range(3)] == [200, 200, 200]


async def test_limits_are_per_account_shared_by_its_tokens(
    http: aiohttp.ClientSession, fake: FakeZoom, api: Api
) -> None:
    fake.enforce_rate_limits("pro", light=1)
    same_account = api.on(fake.base_url)
    same_account.token = (await get_token(http, fake))["access_token"]
    other = fake.add_account()
    other_account = Api(http, fake.base_url, (await get_token(http, fake, other))["access_token"])
    assert await api.status("GET", "/users/me") == 200
    assert await same_account.status("GET", "/users/me") == 429
    assert await other_account.status("GET", "/users/me") == 200


async def test_401s_and_429s_do_not_count(
    http: aiohttp.ClientSession, fake: FakeZoom, api: Api, clock: FakeClock
) -> None:
    fake.enforce_rate_limits("pro", light=1, heavy=1, daily=3)
    assert await Api(http, fake.base_url, "dead").status("GET", "/users/me") == 401
    assert await api.status("GET", "/users/me") == 200  # the 401 took no place
    # GET /report/daily is Heavy: refused by the per-second limit, that 429 costs no daily quota
    assert [await api.status("GET", "/report/daily") for _ in range(2)] == [200, 429]
    clock.advance(1)
    assert await api.status("GET", "/report/daily") == 200
    clock.advance(1)
    assert await api.status("GET", "/report/daily") == 200
    clock.advance(1)
    assert await api.status("GET", "/report/daily") == 429
    assert fake.rate_limited == {("Heavy", "QPS"): 1, ("Heavy", "Daily-limit"): 1}


async def test_faults_come_before_the_limits(fake: FakeZoom, api: Api) -> None:
    fake.enforce_rate_limits("pro", light=1)
    fake.inject_fault(Fault.status(503))
    assert [await api.status("GET", "/users/me") for _ in range(3)] == [503, 200, 429]


async def test_headers_false_leaves_only_the_message(fake: FakeZoom, api: Api) -> None:
    fake.enforce_rate_limits("free", headers=False)
    assert await api.status("GET", "/users") == 200
    assert await api.status("GET", "/users") == 200
    status, headers, body = await api.call("GET", "/users")
    assert (status, json.loads(body)) == (429, {"code": 429, "message": PER_SECOND})
    assert rate_headers(headers) == {}
    status, headers, _ = await api.call("GET", "/report/daily")
    assert status == 200
    assert rate_headers(headers) == {}


METRICS = "/metrics/meetings?from=2027-01-01&to=2027-01-15"  # Resource-intensive


async def test_resource_intensive_counts_per_minute(
    fake: FakeZoom, api: Api, clock: FakeClock
) -> None:
    fake.enforce_rate_limits("pro", resource_intensive=2)
    clock.set(START + 30.5)
    # GET /metrics/meetings is Resource-intensive
    assert [await api.status("GET", METRICS) for _ in range(2)] == [200, 200]
    status, headers, body = await api.call("GET", METRICS)
    assert (status, json.loads(body)["message"]) == (429, PER_SECOND)
    assert rate_headers(headers) == {
        "X-RateLimit-Category": "Resource-intensive",
        "X-RateLimit-Type": "QPS",
        "X-RateLimit-Limit": "2",
        "X-RateLimit-Remaining": "0",
        "Retry-After": "2027-01-15T08:01:00Z",
    }
    clock.set(START + 59.9)
    assert await api.status("GET", METRICS) == 429
    clock.set(START + 60)
    assert await api.status("GET", METRICS) == 200
    assert fake.rate_limited == {("Resource-intensive", "QPS"): 2}


async def test_daily_cap_shared_by_heavy_and_resource_intensive(
    fake: FakeZoom, api: Api, clock: FakeClock
) -> None:
    fake.enforce_rate_limits("pro", daily=3)
    remaining = []
    for path in (
        "/report/daily",
        METRICS,
        "/report/daily",
    ):
        status, headers, _ = await api.call("GET", path)
        assert status == 200
        assert headers["X-RateLimit-Type"] == "Daily-limit"
        assert headers["X-RateLimit-Limit"] == "3"
        remaining.append((headers["X-RateLimit-Category"], headers["X-RateLimit-Remaining"]))
    assert remaining == [("Heavy", "2"), ("Resource-intensive", "1"), ("Heavy", "0")]

    clock.advance(5)
    status, headers, body = await api.call("GET", METRICS)
    assert (status, json.loads(body)) == (429, {"code": 429, "message": DAILY})
    assert rate_headers(headers) == {
        "X-RateLimit-Category": "Resource-intensive",
        "X-RateLimit-Type": "Daily-limit",
        "X-RateLimit-Limit": "3",
        "X-RateLimit-Remaining": "0",
        "Retry-After": NEXT_MIDNIGHT,
    }
    assert await api.status("GET", "/users") == 200  # Medium has no daily cap
    clock.set(1_800_057_599.9)
    await renew_token(api, fake)  # hours later: the first token has expired
    assert await api.status("GET", "/report/daily") == 429
    clock.set(1_800_057_600)  # 00:00 UTC
    status, headers, _ = await api.call("GET", "/report/daily")
    assert (status, headers["X-RateLimit-Remaining"]) == (200, "2")
    assert fake.rate_limited == {
        ("Resource-intensive", "Daily-limit"): 1,
        ("Heavy", "Daily-limit"): 1,
    }


async def test_light_and_medium_successes_carry_no_rate_headers(fake: FakeZoom, api: Api) -> None:
    fake.enforce_rate_limits("pro")
    for path in ("/users/me", "/users"):
        status, headers, _ = await api.call("GET", path)
        assert (status, rate_headers(headers)) == (200, {})


async def test_per_user_meeting_create_update_cap(
    fake: FakeZoom, api: Api, clock: FakeClock
) -> None:
    fake.add_users(1)
    other = fake.account.user_order[1]
    fake.enforce_rate_limits("pro", per_user_daily=2)
    create = find_operation("POST", "/users/me/meetings").category  # type: ignore[union-attr]
    update = find_operation("PATCH", "/meetings/1").category  # type: ignore[union-attr]
    mine = await create_meeting(api)
    assert await api.status("PATCH", f"/meetings/{mine['id']}", {"topic": "u"}) == 204
    status, headers, body = await api.call("POST", "/users/me/meetings", {"topic": "t"})
    assert (status, json.loads(body)) == (429, {"code": 429, "message": per_user_message(2)})
    assert rate_headers(headers) == {
        "X-RateLimit-Category": create,
        "X-RateLimit-Type": "Daily-limit",
        "X-RateLimit-Limit": "2",
        "X-RateLimit-Remaining": "0",
        "Retry-After": NEXT_MIDNIGHT,
    }
    status, headers, _ = await api.call("PATCH", f"/meetings/{mine['id']}", {"topic": "v"})
    assert (status, headers["X-RateLimit-Category"]) == (429, update)  # an update counts too
    assert len(fake.account.meetings) == 1

    # another host has a count of their own; an update of their meeting counts against them
    theirs = await create_meeting(api, other)
    assert await api.status("PATCH", f"/meetings/{theirs['id']}", {"topic": "u"}) == 204
    assert await api.status("POST", f"/users/{other}/meetings", {"topic": "t"}) == 429
    assert await api.status("GET", f"/meetings/{mine['id']}") == 200  # reads are not capped
    counted = collections.Counter({(create, "Daily-limit"): 2})
    counted[(update, "Daily-limit")] += 1
    assert fake.rate_limited == dict(counted)

    clock.set(1_800_057_600)  # 00:00 UTC
    await renew_token(api, fake)
    await create_meeting(api)
    assert len(fake.account.meetings) == 3


async def test_per_user_cap_without_headers(fake: FakeZoom, api: Api) -> None:
    fake.enforce_rate_limits("pro", per_user_daily=1, headers=False)
    await create_meeting(api)
    status, headers, body = await api.call("POST", "/users/me/meetings", {"topic": "t"})
    assert (status, json.loads(body)["message"]) == (429, per_user_message(1))
    assert rate_headers(headers) == {}


# -- the regional host --------------------------------------------------------------------------


async def test_token_answers_name_the_fakes_own_host_by_default(
    http: aiohttp.ClientSession, fake: FakeZoom
) -> None:
    assert (await get_token(http, fake))["api_url"] == fake.origin
    assert fake.regional_origin != fake.origin
    assert fake.regional_base_url == fake.regional_origin + "/v2"


async def test_use_region_sends_clients_to_the_regional_host(
    http: aiohttp.ClientSession, fake: FakeZoom
) -> None:
    fake.use_region()
    token = await get_token(http, fake)
    assert token["api_url"] == fake.regional_origin
    assert fake.issue_user_tokens()["api_url"] == fake.regional_origin
    regional = Api(http, token["api_url"] + "/v2", token["access_token"])
    meeting = await create_meeting(regional)
    assert fake.requests_by_origin == {fake.regional_origin: 1}
    primary = regional.on(fake.base_url)
    status, _, body = await primary.call("GET", f"/meetings/{meeting['id']}")
    assert (status, json.loads(body)["id"]) == (200, meeting["id"])  # one Zoom behind both hosts
    assert fake.requests_by_origin == {fake.regional_origin: 1, fake.origin: 1}
    assert fake.requests_received == 2


async def test_token_api_url_can_be_set(http: aiohttp.ClientSession, fake: FakeZoom) -> None:
    fake.token_api_url = "https://api-eu.zoom.us"
    assert (await get_token(http, fake))["api_url"] == "https://api-eu.zoom.us"


async def test_rate_limits_are_shared_by_both_hosts(fake: FakeZoom, api: Api) -> None:
    fake.enforce_rate_limits("pro", light=1)
    assert await api.status("GET", "/users/me") == 200
    assert await api.on(fake.regional_base_url).status("GET", "/users/me") == 429


def test_use_region_needs_a_started_fake() -> None:
    with pytest.raises(RuntimeError, match="start"):
        FakeZoom().use_region()


async def test_credentials_reach_the_fake_from_anywhere() -> None:
    import json

    from aiozoom import ServerToServerOAuth, ZoomClient

    async with FakeZoom() as fake:
        other = fake.add_account(users=2)
        info = json.loads(
            json.dumps(fake.credentials(other))
        )  # plain strings, as sent to a process
        auth = ServerToServerOAuth(
            info["account_id"],
            info["client_id"],
            info["client_secret"],
            token_url=info["token_url"],
        )
        async with ZoomClient(auth, base_url=info["base_url"]) as zoom:
            me = await zoom.users.get("me")
        assert me.account_id == other.account_id
        assert fake.credentials()["account_id"] == fake.account.account_id

"""The fake Zoom's routing: paths that are no operation, routes of one's own, the fallback, and
the groups it keeps as state (create, read, both paging styles, update, delete)."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web

from aiozoom import NotFoundError, ZoomAPIError
from aiozoom.client import ZoomClient
from aiozoom.testing import ApiFailure, Call, FakeClock, FakeZoom


async def test_a_path_that_is_no_operation_is_zooms_404(fake: FakeZoom, zoom: ZoomClient) -> None:
    with pytest.raises(NotFoundError) as info:
        await zoom.request("GET", "/no/such/thing")
    assert info.value.code == 404
    with pytest.raises(NotFoundError):
        await zoom.request("GET", "/scim2/Users")  # SCIM 2 is at the host's root, not under /v2
    with pytest.raises(NotFoundError):
        await zoom.request("PUT", "/users")  # a path Zoom has, with a method it has not


async def test_a_route_of_ones_own_answers_with_what_was_checked(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    seen: list[Call] = []

    @fake.route("PATCH /users/{userId}/settings")
    async def remember(call: Call) -> None:
        seen.append(call)

    @fake.route("GET /users/{userId}/settings")
    async def settings(call: Call) -> dict[str, Any]:
        if call.param("userId") == "nobody":
            raise ApiFailure(404, 1001, "User does not exist: nobody.")
        return {"feature": {"meeting_capacity": 300}}

    await zoom.request(
        "PATCH",
        "/users/me/settings",
        params={"option": "meeting_authentication"},
        json={"feature": {"meeting_capacity": 500}},
    )
    call = seen[0]
    assert call.path == {"userId": "me"} and call.query == {"option": "meeting_authentication"}
    assert call.body == {"feature": {"meeting_capacity": 500}} and call.account is fake.account
    assert (await zoom.request("GET", "/users/me/settings"))["feature"]["meeting_capacity"] == 300
    with pytest.raises(NotFoundError) as info:
        await zoom.request("GET", "/users/nobody/settings")
    assert info.value.code == 1001
    with pytest.raises(ValueError, match="not an operation"):
        fake.route("GET /users/{userId}/nonsense")


async def test_the_fallback_answers_before_the_description(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    described = await zoom.request("GET", "/tsp")  # the description's answer

    async def fallback(request: web.Request) -> web.StreamResponse | None:
        if request.path in ("/v2/tsp", "/v2/custom/thing"):
            return web.json_response({"mine": request.path})
        return None

    fake.fallback = fallback
    assert await zoom.request("GET", "/tsp") == {"mine": "/v2/tsp"} != described
    assert await zoom.request("GET", "/custom/thing") == {"mine": "/v2/custom/thing"}
    with pytest.raises(NotFoundError):
        await zoom.request("GET", "/custom/other")
    group = await zoom.groups.create(name="State first")  # a route answers before the fallback
    assert group.name == "State first"


async def test_a_body_of_the_wrong_shape_names_the_field(zoom: ZoomClient) -> None:
    with pytest.raises(ZoomAPIError) as info:
        await zoom.request("POST", "/groups", json={"name": 7})
    err = info.value
    assert err.status == 400 and err.code == 300
    assert [e.field for e in err.errors] == ["name"]


# -- groups --------------------------------------------------------------------------------------


async def test_a_group_is_made_read_listed_renamed_and_deleted(
    fake: FakeZoom, zoom: ZoomClient, clock: FakeClock
) -> None:
    made = [await zoom.groups.create(name=f"Team {i}") for i in range(5)]
    first = made[0]
    assert first.id and first.name == "Team 0" and first.total_members == 0
    got = await zoom.groups.get(first.id)
    assert (got.id, got.name) == (first.id, "Team 0")
    walked = [g.id async for g in zoom.groups.list(page_size=2)]
    assert walked == [g.id for g in made]  # three pages by next_page_token
    page = await zoom.request("GET", "/groups", params={"page_size": 2})
    assert page["total_records"] == 5 and len(page["groups"]) == 2 and page["next_page_token"]
    clock.advance(15 * 60 + 1)  # a page token lives 15 minutes of the fake's time
    with pytest.raises(ZoomAPIError) as info:
        await zoom.request(
            "GET", "/groups", params={"page_size": 2, "next_page_token": page["next_page_token"]}
        )
    assert info.value.status == 400 and info.value.code == 300
    with pytest.raises(ZoomAPIError) as info:
        await zoom.groups.create(name="team 1")  # names are unique in the account
    assert info.value.status == 409 and info.value.code == 4132
    await zoom.groups.update(first.id, name="Renamed")
    assert (await zoom.groups.get(first.id)).name == "Renamed"
    await zoom.groups.delete(first.id)
    with pytest.raises(NotFoundError) as missing:
        await zoom.groups.get(first.id)
    assert missing.value.code == 4130 and first.id in missing.value.message
    assert [g.id async for g in zoom.groups.list()] == [g.id for g in made[1:]]


async def test_group_members_page_by_token_and_by_number(fake: FakeZoom, zoom: ZoomClient) -> None:
    fake.add_users(4)
    group = await zoom.groups.create(name="Everyone")
    assert group.id
    users = [u.id async for u in zoom.users.list()]
    added = await zoom.groups.add_members(group.id, members=[{"id": uid} for uid in users])
    assert added.ids and added.ids.split(",") == users
    assert (await zoom.groups.get(group.id)).total_members == len(users)
    walked = [m.id async for m in zoom.groups.list_members(group.id, page_size=3)]
    assert walked == users
    second = await zoom.request(
        "GET", f"/groups/{group.id}/members", params={"page_size": 3, "page_number": 2}
    )
    assert [m["id"] for m in second["members"]] == users[3:6]
    assert second["page_number"] == 2 and second["page_count"] == -(-len(users) // 3)
    await zoom.groups.delete_member(group.id, users[0])
    assert [m.id async for m in zoom.groups.list_members(group.id)] == users[1:]
    with pytest.raises(NotFoundError):
        await zoom.groups.add_members("nope", members=[{"id": users[0]}])


async def test_a_query_parameter_named_path_is_sent_as_given(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    seen: list[Call] = []

    @fake.route("GET /phone/call_logs")
    async def call_logs(call: Call) -> dict[str, Any]:
        seen.append(call)
        return {"call_logs": [], "next_page_token": "", "page_size": 30, "total_records": 0}

    assert [log async for log in zoom.phone.call_logs.list(path="voiceMail")] == []
    assert seen[0].query["path"] == "voiceMail"
    assert seen[0].request.path == "/v2/phone/call_logs"

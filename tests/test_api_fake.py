"""The generated API against the fake Zoom: every GET once, IDs on the wire, request bodies.

One fake Zoom and one client serve the whole module (``loop_scope="module"``). GETs the fake keeps
state for (users, meetings) answer from that state; the others from Zoom's examples through
``aiozoom.testing.spec_fallback``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote

import pytest
import pytest_asyncio
from aiohttp import web

from aiozoom.api import Operation, operations
from aiozoom.client import ZoomClient
from aiozoom.http.paths import path_segment
from aiozoom.models import ZoomModel, structure, unstructure
from aiozoom.models.meetings import Meeting, MeetingCreateRequest, MeetingCreateRequestSettings
from aiozoom.testing import FakeZoom
from aiozoom.testing._router import Call
from aiozoom.testing.resources import meetings as meetings_routes
from aiozoom.testing.resources import past_meetings as past_meetings_routes
from aiozoom.testing.resources import users as users_routes
from aiozoom.testing.spec_fallback import (
    FAKE_FILE,
    example_answer,
    spec_examples,
    spec_fallback,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

GET_OPERATIONS = [op for op in operations() if op.method == "GET" and not op.master_account]


class World:
    def __init__(self, fake: FakeZoom, zoom: ZoomClient, meeting_id: int) -> None:
        self.fake = fake
        self.zoom = zoom
        self.meeting_id = meeting_id
        self.served: list[str] = []  # operationIds the fallback answered
        self.seen: list[web.Request] = []
        self.bodies: list[Any] = []
        self.intercept: dict[tuple[str, str], tuple[int, Any]] = {}
        self.registrant_id = ""  # a registrant of the meeting (approved: a past participant)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world() -> AsyncIterator[World]:
    async with FakeZoom() as fake, fake.client() as zoom:
        # registration on, registrants approved at once: the registrant GETs have one to read
        meeting = await zoom.meetings.create(
            topic="Table", duration=30, settings={"approval_type": 0}
        )
        assert isinstance(meeting.id, int)
        registrant = await zoom.meetings.add_registrant(
            meeting.id, first_name="Reg", email="reg@example.com"
        )
        fake.end_meeting(meeting.id)  # with a cloud recording, for the recording GETs
        state = World(fake, zoom, meeting.id)
        state.registrant_id = str(registrant.registrant_id)
        examples = spec_fallback()

        async def fallback(request: web.Request) -> web.StreamResponse | None:
            state.seen.append(request)
            key = (request.method, request.path)
            if key in state.intercept:
                if request.body_exists:  # (read once already, to check it: aiohttp keeps it)
                    raw = await request.read()
                    ctype = request.headers.get("Content-Type", "")
                    state.bodies.append(json.loads(raw) if "json" in ctype else (ctype, raw))
                status, body = state.intercept[key]
                return (
                    web.json_response(body, status=status)
                    if body is not None
                    else (web.Response(status=status))
                )
            from aiozoom.api import find_operation

            found = find_operation(request.method, request.raw_path)
            if found is not None and f"{found.method} {found.path}" in fake.routes:
                return None  # the fake's state answers
            answer = await examples(request)
            if answer is not None:
                op = find_operation(request.method, request.raw_path)
                assert op is not None
                state.served.append(f"{op.method} {op.path}")
            return answer

        fake.fallback = fallback
        # Zoom's examples for everything but users and meetings (whose state the fixture made):
        # the state of webinars, groups, phone, ... has nothing under the examples' IDs
        fake.routes.clear()
        fake.routes.update(users_routes.routes)
        fake.routes.update(meetings_routes.routes)
        fake.routes.update(past_meetings_routes.routes)
        yield state


def _method(zoom: ZoomClient, op: Operation) -> Any:
    target: Any = zoom
    for part in op.python_name.split("."):
        target = getattr(target, part)
    return target


def _arguments(op: Operation, world: World) -> tuple[list[Any], dict[str, Any]]:
    """Path parameters and required query parameters, from the spec's examples."""
    examples = spec_examples()[f"{op.method} {op.path}"].get("params", {})
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for p in op.parameters:
        if p.location == "path":
            if p.name == "userId":
                args.append("me")
            elif p.name == "meetingId":
                args.append(world.meeting_id)
            elif p.name == "registrantId" and op.path.startswith("/meetings/"):
                args.append(world.registrant_id)
            else:
                args.append(examples.get(p.name, "x1") if p.name != "accountId" else "me")
        elif p.required:
            kwargs[p.python_name] = examples.get(p.name, "x1")
    return args, kwargs


def _no_extra(value: Any) -> None:
    """No model in the tree met a key it does not know."""
    if isinstance(value, ZoomModel):
        assert not value.extra, f"{type(value).__name__} left {sorted(value.extra)} unknown"
        for name in type(value).__attrs_attrs__:  # type: ignore[attr-defined]
            _no_extra(getattr(value, name.name))
    elif isinstance(value, tuple):
        for item in value:
            _no_extra(item)


@pytest.mark.parametrize("op", GET_OPERATIONS, ids=lambda op: op.python_name)
async def test_every_get_returns_its_model(world: World, op: Operation) -> None:
    method = _method(world.zoom, op)
    args, kwargs = _arguments(op, world)
    before = len(world.served)
    if op.paginated:
        page = await anext(method(*args, **kwargs).pages())
        result = page.response
        assert isinstance(result, op.response_model)
        if op.item_model is not None:
            assert page.items and all(isinstance(i, op.item_model) for i in page.items)
    elif op.response_model is None:  # a file (a recording, a PDF, an export)
        result = await method(*args, **kwargs)
        if isinstance(result, bytes):
            assert result == FAKE_FILE
        else:  # free-form JSON
            assert result == example_answer(op)[1]  # type: ignore[index]
        return
    else:
        result = await method(*args, **kwargs)
        if op.response_is_list:
            assert result and all(isinstance(i, op.response_model) for i in result)
        else:
            assert op.response_model is not None and isinstance(result, op.response_model)
    if len(world.served) > before:  # answered with Zoom's example: every value came through
        assert world.served[-1] == f"{op.method} {op.path}"
        answer = example_answer(op)
        assert answer is not None
        assert unstructure(result) == answer[1]
        _no_extra(result)


async def test_the_table_covers_every_get() -> None:
    assert len(GET_OPERATIONS) == 794


async def test_every_master_account_get_answers_for_a_sub_account(world: World) -> None:
    """Each GET with a sub-account form, through ``zoom.for_account``: its master-account path,
    and Zoom's example structured and back without loss."""
    sub = world.zoom.for_account("sub1")
    own = {op.python_name: op for op in GET_OPERATIONS}
    checked = 0
    for record in operations():
        op = own.get(record.python_name)
        if not record.master_account or op is None or op.master_path != record.path:
            continue
        args, kwargs = _arguments(op, world)
        args = ["u1" if a == "me" else a for a in args]  # "me" is the master's own user
        method = _method(sub, op)
        if op.paginated:
            result = (await anext(method(*args, **kwargs).pages())).response
        else:
            result = await method(*args, **kwargs)
        assert world.seen[-1].raw_path.startswith("/v2/accounts/sub1/"), op.python_name
        if isinstance(result, bytes):
            assert result == FAKE_FILE
        elif result is not None and not isinstance(result, dict):
            answer = example_answer(record)
            assert answer is not None
            assert unstructure(result) == answer[1], op.python_name
        checked += 1
    assert checked == 340  # of the 728 operations with a sub-account form


async def test_fake_state_answers_users_and_meetings(world: World) -> None:
    before = len(world.served)
    me = await world.zoom.users.get()
    assert me.id == world.fake.account.owner_id
    meeting = await world.zoom.meetings.get(world.meeting_id)
    assert isinstance(meeting, Meeting) and meeting.topic == "Table"
    assert len(world.served) == before  # the fake's own routes, not the examples


# -- IDs on the wire ----------------------------------------------------------------------------


@contextmanager
def _seen_by_route(world: World, key: str) -> Iterator[None]:
    """Requests for the operation ``key`` (answered from the fake's state) go to ``world.seen``
    too, before its route answers."""
    route = world.fake.routes[key]

    async def seen(call: Call) -> Any:
        world.seen.append(call.request)
        return await route(call)

    world.fake.routes[key] = seen
    try:
        yield
    finally:
        world.fake.routes[key] = route


@contextmanager
def _past_uuid(world: World, uuid: str) -> Iterator[None]:
    """The meeting's ended instance has ``uuid`` for a while."""
    instance = world.fake.account.past_meetings[world.meeting_id][-1]
    saved = instance["uuid"]
    instance["uuid"] = uuid
    try:
        yield
    finally:
        instance["uuid"] = saved


@pytest.mark.parametrize("uuid", ["/ajXp112QmuoKj4854875==", "aX//b+c=", "//double/start=="])
async def test_meeting_uuids_with_slashes_are_double_encoded(world: World, uuid: str) -> None:
    world.seen.clear()
    with _past_uuid(world, uuid), _seen_by_route(world, "GET /past_meetings/{meetingId}"):
        past = await world.zoom.meetings.get_past(uuid)
    assert past.uuid == uuid  # the fake decoded the path back to the instance's UUID
    raw = world.seen[-1].raw_path  # as on the wire
    segment = raw.split("/")[3]
    assert "%252F" in segment and "/" not in segment
    assert unquote(segment) != uuid and unquote(unquote(segment)) == uuid


async def _meeting_by_uuid(world: World, uuid: str) -> Meeting:
    """``GET /meetings/{uuid}``: Zoom types this meetingId as a number, so ``zoom.meetings.get``
    refuses a UUID; the fake still finds a meeting by UUID, reached through ``request``."""
    data = await world.zoom.request("GET", f"/meetings/{path_segment(uuid, name='uuid')}")
    return structure(data, Meeting)


@pytest.mark.parametrize("uuid", ["/ajXp112QmuoKj4854875", "aX//bc", "//double/start"])
async def test_double_encoded_uuid_reaches_the_fakes_meeting(world: World, uuid: str) -> None:
    meeting = world.fake.account.meetings[world.meeting_id]
    saved = meeting["uuid"]
    meeting["uuid"] = uuid
    try:
        found = await _meeting_by_uuid(world, uuid)
        assert found.id == world.meeting_id and found.uuid == uuid
    finally:
        meeting["uuid"] = saved


async def test_double_encoded_uuid_with_padding_reaches_the_fakes_meeting(world: World) -> None:
    uuid = "/ajXp112QmuoKj4854875=="
    meeting = world.fake.account.meetings[world.meeting_id]
    saved = meeting["uuid"]
    meeting["uuid"] = uuid
    try:
        found = await _meeting_by_uuid(world, uuid)
        assert found.uuid == uuid
    finally:
        meeting["uuid"] = saved


async def test_meeting_numbers_are_sent_as_digits(world: World) -> None:
    printed = f"{world.meeting_id:,}".replace(",", " ")  # e.g. "81 234 567 890"
    meeting = await world.zoom.meetings.get(printed)
    assert meeting.id == world.meeting_id
    world.seen.clear()
    with _seen_by_route(world, "GET /past_meetings/{meetingId}"):
        await world.zoom.meetings.get_past(printed)
    assert world.seen[-1].raw_path.split("?")[0] == f"/v2/past_meetings/{world.meeting_id}"


async def test_plain_ids_are_encoded_once(world: World) -> None:
    from aiozoom import NotFoundError

    world.seen.clear()
    with _past_uuid(world, "abc/def+g=="), _seen_by_route(world, "GET /past_meetings/{meetingId}"):
        await world.zoom.meetings.get_past("abc/def+g==")
    segment = world.seen[-1].raw_path.split("/")[3]
    assert segment == "abc%2Fdef%2Bg%3D%3D"
    with _seen_by_route(world, "GET /users/{userId}/settings"), pytest.raises(NotFoundError):
        await world.zoom.users.get_settings("a?b#c")  # no such user
    assert world.seen[-1].raw_path.split("/")[3].startswith("a%3Fb%23c")


# -- request bodies -----------------------------------------------------------------------------


async def _created(world: World, **kwargs: Any) -> dict[str, Any]:
    meeting = await world.zoom.meetings.create(**kwargs)
    assert meeting.id is not None
    return world.fake.account.meetings[meeting.id]


async def test_body_from_keywords_model_or_dict(world: World) -> None:
    from_keywords = await _created(
        world, topic="Kw", duration=15, settings=MeetingCreateRequestSettings(host_video=True)
    )
    assert (from_keywords["topic"], from_keywords["duration"]) == ("Kw", 15)
    assert from_keywords["settings"]["host_video"] is True  # as sent, over Zoom's defaults

    model = MeetingCreateRequest(
        topic="Model", duration=20, settings=MeetingCreateRequestSettings(join_before_host=True)
    )
    from_model = await _created(world, body=model)
    assert (from_model["topic"], from_model["duration"]) == ("Model", 20)

    from_dict = await _created(world, body={"topic": "Dict", "duration": 25}, duration=45)
    assert (from_dict["topic"], from_dict["duration"]) == ("Dict", 45)  # keywords win


async def test_none_and_unset_fields_are_not_sent(world: World) -> None:
    world.intercept[("POST", "/v2/users/me/assistants")] = (201, {"ids": "a,b"})
    world.bodies.clear()
    answer = await world.zoom.users.add_assistants(
        body={"assistants": [{"email": "a@example.com", "id": None}], "ignored": None},
        assistants=None,
    )
    assert world.bodies == [{"assistants": [{"email": "a@example.com"}]}]
    assert answer.ids == "a,b"


async def test_dates_and_datetimes_are_sent_as_zoom_writes_them(world: World) -> None:
    from datetime import UTC, date, datetime, timedelta, timezone

    created = await _created(world, start_time=datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    assert created["start_time"] == "2026-03-01T09:30:00Z"
    local = await _created(world, start_time=datetime(2026, 3, 1, 9, 30), timezone="Europe/Paris")
    assert local["start_time"] == "2026-03-01T09:30:00"  # naive: Zoom reads it in `timezone`
    tz = timezone(timedelta(hours=5, minutes=30))
    offset = await _created(world, start_time=datetime(2026, 3, 1, 9, 30, tzinfo=tz))
    assert offset["start_time"] == "2026-03-01T09:30:00+05:30"
    world.seen.clear()
    await anext(
        world.zoom.reports.list_meetings("me", from_=date(2026, 1, 1), to=date(2026, 1, 31)).pages()
    )
    query = world.seen[-1].query
    assert (query["from"], query["to"]) == ("2026-01-01", "2026-01-31")


async def test_missing_required_body_field_is_a_clear_error(world: World) -> None:
    with pytest.raises(ValueError, match="action"):
        await world.zoom.users.create(user_info={"email": "x@example.com"})


async def test_upload_sends_multipart(world: World) -> None:
    world.intercept[("POST", "/v2/users/me/picture")] = (201, None)
    world.bodies.clear()
    await world.zoom.users.upload_picture(pic_file=b"\x89PNG-bytes", filename="me.png")
    ((ctype, raw),) = world.bodies
    assert ctype.startswith("multipart/form-data; boundary=")
    assert b'name="pic_file"; filename="me.png"' in raw and b"\x89PNG-bytes" in raw


async def test_operations_without_a_route_are_404(world: World) -> None:
    from aiozoom import NotFoundError

    with pytest.raises(NotFoundError):
        await world.zoom.request("GET", "/no/such/endpoint")


async def test_upload_is_replayed_whole_after_a_token_refresh(world: World) -> None:
    world.intercept[("POST", "/v2/users/me/picture")] = (201, None)
    world.bodies.clear()
    rejected = world.fake.api_requests[("POST", "/v2/users/me/picture", 401)]
    world.fake.revoke_tokens()
    await world.zoom.users.upload_picture(pic_file=b"\x89PNG-again", filename="again.png")
    assert world.fake.api_requests[("POST", "/v2/users/me/picture", 401)] == rejected + 1
    ((ctype, raw),) = world.bodies  # only the replay reached the handler, complete
    boundary = ctype.split("boundary=", 1)[1]
    assert raw.endswith(f"--{boundary}--\r\n".encode()) and b"\x89PNG-again" in raw

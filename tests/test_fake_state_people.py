"""The fake Zoom keeps users (with their settings, status and email), meetings (with their
registrants and livestream) and past meetings: each made, read back, listed (walked with
``next_page_token`` and asked for ``page_number=2`` where Zoom documents it), changed, read back,
deleted and then missing with the error Zoom documents. Also Zoom's defaults (a new user's
settings, a new meeting's settings and passcode), the 400 code 300 of a field of the wrong type,
and page tokens that die after 15 minutes of the fake's time. Everything goes through the real
client and the fake's HTTP server.
"""

from __future__ import annotations

from typing import Any

from aiozoom.auth import StaticToken
from aiozoom.client import ZoomClient
from aiozoom.testing import FakeClock, FakeZoom
from aiozoom.testing._schema import validate
from aiozoom.testing._spec import operation_spec

from .fake_checks import fails, second_page, token_walk

MINUTE = 60
DAY = 24 * 60 * MINUTE


def _ids(rows: list[dict[str, Any]], key: str = "id") -> list[Any]:
    return [row[key] for row in rows]


# -- users ----------------------------------------------------------------------------------------


async def test_user_made_read_listed_changed_and_deleted(fake: FakeZoom, zoom: ZoomClient) -> None:
    made = await zoom.users.create(
        action="autoCreate",
        user_info={"email": "ada@example.com", "first_name": "Ada", "last_name": "L", "type": 2},
    )
    assert made.email == "ada@example.com" and made.id
    user = await zoom.users.get(made.id)
    assert (user.first_name, user.status, user.type) == ("Ada", "active", 2)
    assert (await zoom.users.get("ada@example.com")).id == made.id  # by email too

    order = fake.account.user_order
    walked, pages = await token_walk(zoom, "/users", "users", page_size=2)
    assert _ids(walked) == order and len(order) == 6 and pages == 3
    second = await second_page(zoom, "/users")
    assert _ids(second["users"]) == order[2:4]
    assert (second["page_number"], second["page_count"], second["total_records"]) == (2, 3, 6)

    await zoom.users.update(made.id, first_name="Augusta", dept="Maths")
    user = await zoom.users.get(made.id)
    assert (user.first_name, user.dept, user.display_name) == ("Augusta", "Maths", "Augusta L")

    await zoom.request("PATCH", f"/users/{made.id}", json={"email": "x@example.com", "id": "x"})
    kept = await zoom.users.get(made.id)  # fields PATCH does not take are not taken
    assert (kept.id, kept.email) == (made.id, "ada@example.com")

    await zoom.users.delete(made.id)
    error = await fails(zoom.users.get(made.id), 404, 1001)
    assert made.id in error.message
    await fails(zoom.users.delete(made.id), 404, 1001)
    await fails(zoom.users.delete(fake.account.owner_id), 400, 200)  # the owner stays


async def test_a_deleted_users_meetings_go_or_are_transferred(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    leaving, staying, heir = fake.account.user_order[1:4]
    gone = await zoom.meetings.create(leaving, topic="Gone")
    moved = await zoom.meetings.create(staying, topic="Moved")
    await zoom.users.delete(leaving)
    await fails(zoom.meetings.get(gone.id), 404, 3001)  # type: ignore[arg-type]
    heir_email = fake.account.users[heir]["email"]
    await zoom.users.delete(staying, transfer_email=heir_email, transfer_meeting=True)
    got = await zoom.meetings.get(moved.id)  # type: ignore[arg-type]
    assert (got.host_id, got.topic) == (heir, "Moved")


async def test_an_invited_user_is_pending_until_accepted(zoom: ZoomClient) -> None:
    made = await zoom.users.create(
        action="create", user_info={"email": "new@example.com", "type": 1}
    )
    active = [u["id"] async for u in _rows(zoom, "/users")]
    pending = [u["id"] async for u in _rows(zoom, "/users", status="pending")]
    assert made.id not in active and pending == [made.id]
    await fails(
        zoom.users.create(action="autoCreate", user_info={"email": "NEW@example.com", "type": 1}),
        409,
        1005,
    )


async def _rows(zoom: ZoomClient, path: str, **params: Any) -> Any:
    data = await zoom.request("GET", path, params=params)
    for row in data["users"]:
        yield row


async def test_user_status_deactivates_and_activates(fake: FakeZoom, zoom: ZoomClient) -> None:
    uid = fake.account.user_order[1]
    await zoom.users.update_status(uid, action="deactivate")
    assert fake.api_count("PUT", f"/v2/users/{uid}/status") == 1
    assert (
        fake.api_requests[("PUT", f"/v2/users/{uid}/status", 200)] == 1
    )  # as its description says
    assert (await zoom.users.get(uid)).status == "inactive"
    active = await zoom.request("GET", "/users")
    inactive = await zoom.request("GET", "/users", params={"status": "inactive"})
    assert uid not in _ids(active["users"]) and _ids(inactive["users"]) == [uid]

    await zoom.users.update_status(uid, action="activate")
    assert (await zoom.users.get(uid)).status == "active"
    await fails(zoom.users.update_status(fake.account.owner_id, action="deactivate"), 400, 200)
    await fails(zoom.users.update_status("nobody@example.com", action="activate"), 404, 1001)
    error = await fails(
        zoom.request("PUT", f"/users/{uid}/status", json={"action": "sleep"}), 400, 300
    )
    assert [e.field for e in error.errors] == ["action"]


async def test_user_email_changes_and_is_unique(
    fake: FakeZoom, zoom: ZoomClient, clock: FakeClock
) -> None:
    uid = fake.account.user_order[1]
    old = fake.account.users[uid]["email"]
    assert (await zoom.users.check_email(email=old)).existed_email is True

    await zoom.users.update_email(uid, email="renamed@example.com")
    assert fake.api_requests[("PUT", f"/v2/users/{uid}/email", 204)] == 1
    assert (await zoom.users.get("renamed@example.com")).id == uid
    await fails(zoom.users.get(old), 404, 1001)
    assert (await zoom.users.check_email(email=old)).existed_email is False
    assert (await zoom.users.check_email(email="RENAMED@example.com")).existed_email is True

    taken = fake.account.users[fake.account.user_order[2]]["email"]
    error = await fails(zoom.users.update_email(uid, email=taken), 409, 1005)
    assert taken in error.message

    # three changes in 24 hours at most
    await zoom.users.update_email(uid, email="second@example.com")
    await zoom.users.update_email(uid, email="third@example.com")
    await fails(zoom.users.update_email(uid, email="fourth@example.com"), 400, 300)
    clock.advance(DAY + 1)
    await zoom.users.update_email(uid, email="fourth@example.com")
    assert fake.account.users[uid]["email"] == "fourth@example.com"


async def test_check_email_of_nobody_is_false(zoom: ZoomClient) -> None:
    assert (await zoom.users.check_email(email="nobody@example.com")).existed_email is False
    await fails(zoom.request("GET", "/users/email"), 400, 300)  # email is required


# -- user settings --------------------------------------------------------------------------------


async def test_user_settings_start_as_zooms_and_merge_deep(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    settings = await zoom.request("GET", "/users/me/settings")
    spec = operation_spec("GET /users/{userId}/settings")
    assert spec is not None and spec.response is not None
    assert validate(settings, spec.response["schema"]) == []
    schedule = settings["schedule_meeting"]
    assert schedule["host_video"] is False and schedule["participants_video"] is False
    assert schedule["require_password_for_scheduling_new_meetings"] is True
    assert schedule["audio_type"] == "voip"  # the description's default, not its example
    assert settings["recording"]["auto_recording"] == "none"
    owner = fake.account.users[fake.account.owner_id]
    assert settings["feature"]["meeting_capacity"] == (100 if owner["type"] == 1 else 300)

    await zoom.users.update_settings(
        "me", schedule_meeting={"host_video": True}, in_meeting={"waiting_room": True}
    )
    after = await zoom.request("GET", "/users/me/settings")
    assert after["schedule_meeting"] == {**schedule, "host_video": True}  # the rest kept
    assert after["in_meeting"] == {**settings["in_meeting"], "waiting_room": True}

    # a new meeting takes its host's scheduling settings
    meeting = await zoom.meetings.create(topic="After")
    assert meeting.settings is not None
    assert (meeting.settings.host_video, meeting.settings.waiting_room) == (True, True)

    only = await zoom.request(
        "GET", "/users/me/settings", params={"custom_query_fields": "host_video"}
    )
    assert only == {"schedule_meeting": {"host_video": True}}
    error = await fails(
        zoom.request("PATCH", "/users/me/settings", json={"in_meeting": {"waiting_room": "on"}}),
        400,
        300,
    )
    assert "in_meeting.waiting_room" in [e.field for e in error.errors]


async def test_user_settings_are_the_users_own(fake: FakeZoom, zoom: ZoomClient) -> None:
    owner = fake.account.owner_id
    basic = next(u for u in fake.account.users.values() if u["type"] == 1 and u["id"] != owner)
    mine = await zoom.request("GET", f"/users/{basic['id']}/settings")
    assert mine["feature"]["meeting_capacity"] == 100  # a Basic user
    await fails(zoom.users.update_settings(basic["id"], feature={"large_meeting": True}), 400, 1108)
    await fails(zoom.users.update_settings(basic["id"], feature={"webinar": True}), 400, 1122)
    await zoom.users.update_settings(basic["id"], recording={"auto_recording": "cloud"})
    owners = await zoom.request("GET", "/users/me/settings")
    assert owners["recording"]["auto_recording"] == "none"
    await zoom.users.delete(basic["id"])
    await fails(zoom.users.get_settings(basic["id"]), 404, 1001)


async def test_me_is_the_user_of_a_user_oauth_token(fake: FakeZoom) -> None:
    uid = fake.account.user_order[2]
    token = fake.issue_user_tokens(user_id=uid)["access_token"]
    async with ZoomClient(StaticToken(token), base_url=fake.base_url) as zoom:
        assert (await zoom.users.get("me")).id == uid
        await zoom.users.update_settings("me", schedule_meeting={"join_before_host": True})
        meeting = await zoom.meetings.create("me", topic="Mine")
    assert meeting.host_id == uid
    assert fake.account.user_settings[uid]["schedule_meeting"]["join_before_host"] is True
    assert meeting.settings is not None and meeting.settings.join_before_host is True


# -- meetings -------------------------------------------------------------------------------------


async def test_meeting_made_read_listed_changed_deleted_and_recovered(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    made = [await zoom.meetings.create(topic=f"M{i}", duration=30 + i) for i in range(5)]
    ids = [m.id for m in made]
    meeting = await zoom.meetings.get(ids[0])
    assert (meeting.topic, meeting.duration, meeting.status) == ("M0", 30, "waiting")

    walked, pages = await token_walk(zoom, "/users/me/meetings", "meetings", page_size=2)
    assert _ids(walked) == ids and pages == 3
    second = await second_page(zoom, "/users/me/meetings")
    assert _ids(second["meetings"]) == ids[2:4] and second["page_number"] == 2

    await zoom.meetings.update(ids[0], topic="Renamed", settings={"mute_upon_entry": True})
    before = fake.account.meetings[ids[0]]["settings"]
    meeting = await zoom.meetings.get(ids[0])
    assert meeting.topic == "Renamed" and meeting.settings is not None
    assert meeting.settings.mute_upon_entry is True
    assert meeting.settings.approval_type == 2 and before["audio"] == "voip"  # the rest kept

    await zoom.meetings.delete(ids[0])
    error = await fails(zoom.meetings.get(ids[0]), 404, 3001)
    assert str(ids[0]) in error.message
    await fails(zoom.meetings.update(ids[0], topic="Gone"), 404, 3001)
    walked, _ = await token_walk(zoom, "/users/me/meetings", "meetings")
    assert _ids(walked) == ids[1:]

    await zoom.meetings.update_status(ids[0], action="recover")
    assert (await zoom.meetings.get(ids[0])).topic == "Renamed"
    await fails(zoom.meetings.update_status(99_999_999_999, action="recover"), 404, 3001)
    await fails(zoom.meetings.update_status(99_999_999_999, action="end"), 404, 3001)


async def test_a_meeting_keeps_the_passcode_it_was_given(zoom: ZoomClient) -> None:
    given = await zoom.meetings.create(topic="Locked", password="s3cret!")
    assert given.password == "s3cret!"
    assert (await zoom.meetings.get(given.id)).password == "s3cret!"  # type: ignore[arg-type]
    made = await zoom.meetings.create(topic="Default")
    assert made.password and made.password != "s3cret!"  # required by the host's settings
    none = await zoom.meetings.create(topic="Open", default_password=False)
    assert none.password == ""
    await zoom.meetings.update(made.id, password="changed1")  # type: ignore[arg-type]
    assert (await zoom.meetings.get(made.id)).password == "changed1"  # type: ignore[arg-type]


async def test_a_meeting_made_without_settings_has_zooms_defaults(zoom: ZoomClient) -> None:
    made = await zoom.meetings.create(topic="Plain")
    data = await zoom.request("GET", f"/meetings/{made.id}")
    settings = data["settings"]
    assert settings["host_video"] is False and settings["participant_video"] is False
    assert settings["join_before_host"] is False and settings["mute_upon_entry"] is False
    assert settings["waiting_room"] is False and settings["audio"] == "voip"
    assert settings["auto_recording"] == "none" and settings["approval_type"] == 2
    assert settings["registration_type"] == 1 and settings["email_notification"] is True
    spec = operation_spec("GET /meetings/{meetingId}")
    assert spec is not None and spec.response is not None
    assert validate(data, spec.response["schema"]) == []
    sent = await zoom.meetings.create(topic="Sent", settings={"audio": "both", "jbh_time": 5})
    assert sent.settings is not None
    assert (sent.settings.audio, sent.settings.jbh_time, sent.settings.host_video) == (
        "both",
        5,
        False,
    )


async def test_a_setting_of_the_wrong_type_is_a_validation_error(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    error = await fails(
        zoom.request(
            "POST", "/users/me/meetings", json={"topic": "T", "settings": {"host_video": "yes"}}
        ),
        400,
        300,
    )
    assert "settings.host_video" in [e.field for e in error.errors]
    assert fake.account.meetings == {}
    made = await zoom.meetings.create(topic="T")
    await fails(
        zoom.request("PATCH", f"/meetings/{made.id}", json={"settings": {"audio": 7}}), 400, 300
    )


async def test_a_page_token_dies_after_15_minutes(
    fake: FakeZoom, zoom: ZoomClient, clock: FakeClock
) -> None:
    first = await zoom.request("GET", "/users", params={"page_size": 2})
    token = first["next_page_token"]
    assert token
    clock.advance(15 * MINUTE - 1)
    alive = await zoom.request("GET", "/users", params={"page_size": 2, "next_page_token": token})
    assert _ids(alive["users"]) == fake.account.user_order[2:4]
    clock.advance(2)
    error = await fails(
        zoom.request("GET", "/users", params={"page_size": 2, "next_page_token": token}), 400, 300
    )
    assert "expired" in error.message


async def test_meetings_list_by_type(fake: FakeZoom, zoom: ZoomClient, clock: FakeClock) -> None:
    soon = await zoom.meetings.create(topic="Soon", start_time="2100-01-01T10:00:00Z")
    past = await zoom.meetings.create(topic="Past", start_time="2000-01-01T10:00:00Z")
    assert soon.id is not None and past.id is not None
    fake.state.start_meeting(fake.account, str(past.id))

    async def listed(kind: str) -> list[int]:
        data = await zoom.request("GET", "/users/me/meetings", params={"type": kind})
        return _ids(data["meetings"])

    assert await listed("scheduled") == [soon.id, past.id]
    assert await listed("live") == [past.id]
    assert await listed("upcoming") == [soon.id, past.id]  # a live meeting is upcoming too
    assert await listed("previous_meetings") == []
    fake.end_meeting(past.id, recording=False)
    assert await listed("live") == [] and await listed("previous_meetings") == [past.id]
    dated = await zoom.request(
        "GET", "/users/me/meetings", params={"from": "2099-12-31", "to": "2100-01-02"}
    )
    assert _ids(dated["meetings"]) == [soon.id]


# -- registrants ----------------------------------------------------------------------------------


async def test_registrant_made_read_listed_approved_and_deleted(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    meeting = await zoom.meetings.create(topic="Talk", settings={"approval_type": 1})
    mid = meeting.id
    assert mid is not None
    answers = [
        await zoom.meetings.add_registrant(mid, first_name=f"R{i}", email=f"r{i}@example.com")
        for i in range(5)
    ]
    assert answers[0].id == mid and answers[0].topic == "Talk" and answers[0].join_url
    rids = [a.registrant_id for a in answers]
    again = await zoom.meetings.add_registrant(mid, first_name="R0", email="R0@example.com")
    assert again.registrant_id == rids[0]  # the same registration

    got = await zoom.meetings.get_registrant(mid, rids[0])  # type: ignore[arg-type]
    assert (got.email, got.first_name, got.status) == ("r0@example.com", "R0", "pending")

    path = f"/meetings/{mid}/registrants"
    approved = await zoom.request("GET", path)
    assert approved["registrants"] == [] and approved["total_records"] == 0
    walked, pages = await token_walk(zoom, path, "registrants", status="pending", page_size=2)
    assert _ids(walked) == rids and pages == 3
    second = await second_page(zoom, path, status="pending")
    assert _ids(second["registrants"]) == rids[2:4] and second["page_number"] == 2

    await zoom.meetings.update_registrant_status(
        mid, action="approve", registrants=[{"id": rids[0]}, {"email": "r1@example.com"}]
    )
    approved = await zoom.request("GET", path)
    assert _ids(approved["registrants"]) == rids[:2]
    await zoom.meetings.update_registrant_status(
        mid, action="cancel", registrants=[{"id": rids[1]}]
    )
    await zoom.meetings.update_registrant_status(mid, action="deny", registrants=[{"id": rids[2]}])
    denied = await zoom.request("GET", path, params={"status": "denied"})
    assert _ids(denied["registrants"]) == rids[1:3]
    await fails(
        zoom.meetings.update_registrant_status(mid, action="approve", registrants=[{"id": "no"}]),
        400,
        300,
    )

    await zoom.meetings.delete_registrant(mid, rids[0])  # type: ignore[arg-type]
    error = await fails(zoom.meetings.get_registrant(mid, rids[0]), 404, 3001)  # type: ignore[arg-type]
    assert str(rids[0]) in error.message
    await fails(zoom.meetings.delete_registrant(mid, rids[0]), 400, 300)  # type: ignore[arg-type]
    await fails(zoom.meetings.list_registrants(99_999_999_999).pages().__anext__(), 404, 3001)
    # POST .../registrants documents 1001 for an unknown meeting
    await fails(
        zoom.meetings.add_registrant(99_999_999_999, first_name="X", email="x@example.com"),
        404,
        1001,
    )


async def test_registration_needs_it_enabled_and_room(fake: FakeZoom, zoom: ZoomClient) -> None:
    closed = await zoom.meetings.create(topic="Closed")  # approval_type 2: no registration
    await fails(
        zoom.meetings.add_registrant(closed.id, first_name="A", email="a@example.com"),  # type: ignore[arg-type]
        400,
        300,
    )
    await zoom.users.update_settings("me", feature={"meeting_capacity": 2})
    auto = await zoom.meetings.create(topic="Auto", settings={"approval_type": 0})
    mid = auto.id
    assert mid is not None
    for n in range(2):
        made = await zoom.meetings.add_registrant(mid, first_name="A", email=f"a{n}@example.com")
        got = await zoom.meetings.get_registrant(mid, made.registrant_id)  # type: ignore[arg-type]
        assert got.status == "approved"  # approval_type 0: approved at once
    await fails(
        zoom.meetings.add_registrant(mid, first_name="A", email="a2@example.com"), 400, 3043
    )


# -- livestream -----------------------------------------------------------------------------------


async def test_livestream_configured_started_and_gone_with_its_meeting(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    meeting = await zoom.meetings.create(topic="Stream")
    mid = meeting.id
    assert mid is not None
    blank = await zoom.request("GET", f"/meetings/{mid}/livestream")
    assert (blank["stream_url"], blank["stream_key"], blank["page_url"]) == ("", "", "")

    await zoom.meetings.update_livestream(
        mid,
        stream_url="rtmp://live.example.com/app",
        stream_key="key-1",
        page_url="https://example.com/live",
    )
    stream = await zoom.meetings.get_livestream(mid)
    assert (stream.stream_url, stream.stream_key, stream.page_url) == (
        "rtmp://live.example.com/app",
        "key-1",
        "https://example.com/live",
    )
    await zoom.meetings.update_livestream(
        mid,
        stream_url="rtmp://live.example.com/app",
        stream_key="key-2",
        page_url="https://example.com/live",
        resolution="1080p",
    )
    stream = await zoom.meetings.get_livestream(mid)
    assert (stream.stream_key, stream.resolution) == ("key-2", "1080p")
    error = await fails(
        zoom.request("PATCH", f"/meetings/{mid}/livestream", json={"stream_url": "x"}), 400, 300
    )
    assert {"stream_key", "page_url"} <= {e.field for e in error.errors}

    await fails(zoom.meetings.update_livestream_status(mid, action="start"), 400, 4927)
    fake.state.start_meeting(fake.account, str(mid))
    await zoom.meetings.update_livestream_status(
        mid, action="start", settings={"layout": "gallery_view"}
    )
    assert fake.account.livestreams[mid]["_status"] == "started"
    await zoom.meetings.update_livestream_status(mid, action="stop")
    assert fake.account.livestreams[mid]["_status"] == "stopped"

    e2ee = await zoom.meetings.create(topic="Secret", settings={"encryption_type": "e2ee"})
    assert e2ee.id is not None
    fake.state.start_meeting(fake.account, str(e2ee.id))
    await fails(zoom.meetings.update_livestream_status(e2ee.id, action="start"), 400, 4400)

    await zoom.meetings.delete(mid)
    await fails(zoom.meetings.get_livestream(mid), 404, 3001)
    await fails(zoom.meetings.update_livestream_status(mid, action="stop"), 404, 3001)


# -- past meetings --------------------------------------------------------------------------------


async def test_past_meeting_instances_participants_and_details(
    fake: FakeZoom, zoom: ZoomClient, clock: FakeClock
) -> None:
    meeting = await zoom.meetings.create(topic="Weekly", duration=30, settings={"approval_type": 0})
    mid = meeting.id
    assert mid is not None and meeting.uuid is not None
    await fails(zoom.meetings.get_past(mid), 404, 3001)  # never ended
    await fails(zoom.meetings.list_past_participants(mid).pages().__anext__(), 404, 3001)
    assert (await zoom.meetings.list_past_instances(mid)).meetings in ((), None)
    await fails(zoom.meetings.list_past_instances(99_999_999_999), 404, 3001)

    # only the host took part: Zoom lists no participants
    first = fake.end_meeting(mid, recording=False)
    assert first["uuid"] == meeting.uuid
    alone = await zoom.request("GET", f"/past_meetings/{mid}/participants")
    assert alone["participants"] == [] and alone["total_records"] == 0

    for n in range(3):
        await zoom.meetings.add_registrant(mid, first_name=f"P{n}", email=f"p{n}@example.com")
    clock.advance(7 * DAY)
    await zoom.meetings.update_status(mid, action="end")  # ends it as the API does
    instances = (await zoom.meetings.list_past_instances(mid)).meetings
    assert instances is not None and len(instances) == 2
    latest_uuid = instances[0].uuid
    assert latest_uuid != meeting.uuid and instances[1].uuid == meeting.uuid  # newest first

    past = await zoom.meetings.get_past(mid)  # the ID: the latest instance
    owner = fake.account.users[fake.account.owner_id]
    assert (past.uuid, past.topic, past.duration, past.participants_count) == (
        latest_uuid,
        "Weekly",
        30,
        4,
    )
    assert past.user_email == owner["email"]
    older = await zoom.meetings.get_past(meeting.uuid)  # a UUID: that instance
    assert older.uuid == meeting.uuid and older.participants_count == 1

    path = f"/past_meetings/{mid}/participants"
    walked, pages = await token_walk(zoom, path, "participants", page_size=3)
    assert pages == 2
    assert [p["user_email"] for p in walked] == [
        owner["email"],
        "p0@example.com",
        "p1@example.com",
        "p2@example.com",
    ]
    assert walked[0]["id"] == owner["id"] and walked[1]["id"] == ""  # a guest has no user ID
    assert all(p["duration"] == 30 * MINUTE for p in walked)
    typed = [p async for p in zoom.meetings.list_past_participants(mid)]
    assert [p.name for p in typed][1:] == ["P0", "P1", "P2"]

    await zoom.meetings.delete(mid)
    assert (await zoom.meetings.get_past(mid)).uuid == latest_uuid  # kept after the meeting
    await fails(zoom.meetings.get_past("NoSuchUuid=="), 404, 3001)

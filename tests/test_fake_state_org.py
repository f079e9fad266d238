"""The fake Zoom keeps webinars (with panelists and registrants), roles (with members) and Zoom
Rooms: each made, read back, listed (walked with ``next_page_token`` and asked for by
``page_number`` where Zoom documents them), changed, read back, deleted and then missing with the
error Zoom documents; and each refuses a body with a field of the wrong type (400, code 300,
naming the field). Everything goes through the real client and the fake's HTTP server.
"""

from __future__ import annotations

from aiozoom.client import ZoomClient
from aiozoom.testing import FakeClock, FakeZoom

from .fake_checks import fails, invalid, second_page, token_walk

# -- webinars ---------------------------------------------------------------------------------


async def test_webinar_made_read_listed_changed_ended_and_deleted(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    made = await zoom.webinars.create(
        topic="Launch", duration=45, settings={"auto_recording": "cloud"}
    )
    assert isinstance(made.id, int)
    assert made.topic == "Launch" and made.duration == 45 and made.type == 5
    assert made.settings is not None
    assert made.settings.auto_recording == "cloud"  # as sent
    assert made.settings.approval_type == 2 and made.settings.audio == "both"  # schema defaults
    assert made.password  # default_passcode: a passcode is made

    read = await zoom.webinars.get(made.id)
    assert read.id == made.id and read.uuid == made.uuid and read.topic == "Launch"
    assert read.host_id == fake.account.owner_id
    assert (await zoom.webinars.get(str(made.uuid))).id == made.id  # by UUID too

    others = [(await zoom.webinars.create(topic=f"Talk {n}")).id for n in range(4)]
    ids = [made.id, *others]
    walked = [w.id async for w in zoom.webinars.list(page_size=2)]  # page_number paging
    assert walked == ids
    second = await second_page(zoom, "/users/me/webinars")
    assert [w["id"] for w in second["webinars"]] == ids[2:4]
    assert (second["page_number"], second["page_count"], second["total_records"]) == (2, 3, 5)

    await zoom.webinars.update(made.id, topic="Launch, again", settings={"hd_video": True})
    read = await zoom.webinars.get(made.id)
    assert read.topic == "Launch, again" and read.duration == 45
    assert read.settings is not None
    assert read.settings.hd_video is True and read.settings.auto_recording == "cloud"

    await zoom.webinars.update_status(made.id, action="end")
    upcoming = [w.id async for w in zoom.webinars.list(type="upcoming")]
    assert upcoming == others

    await zoom.webinars.delete(made.id)
    error = await fails(zoom.webinars.get(made.id), 404, 3001)
    assert str(made.id) in error.message
    await fails(zoom.webinars.update(made.id, topic="gone"), 404, 3001)
    await fails(zoom.webinars.delete(made.id), 404, 3001)
    await fails(zoom.webinars.create("nobody@example.com", topic="x"), 404, 1001)
    assert [w.id async for w in zoom.webinars.list()] == others


async def test_recurring_webinar_has_occurrences(zoom: ZoomClient) -> None:
    made = await zoom.webinars.create(
        topic="Weekly",
        type=9,
        start_time="2027-02-01T10:00:00Z",
        recurrence={"type": 2, "repeat_interval": 1, "end_times": 3},
    )
    assert made.occurrences is not None
    starts = [str(o.start_time) for o in made.occurrences]
    assert [s[:10] for s in starts] == ["2027-02-01", "2027-02-08", "2027-02-15"]
    first = made.occurrences[0].occurrence_id
    assert first is not None
    await zoom.webinars.delete(made.id, occurrence_id=first)
    read = await zoom.webinars.get(made.id)
    assert read.occurrences is not None and len(read.occurrences) == 2
    await fails(zoom.webinars.delete(made.id, occurrence_id="1"), 400, 3000)


async def test_webinar_body_of_the_wrong_type_is_refused(zoom: ZoomClient) -> None:
    await invalid(zoom, "POST", "/users/me/webinars", {"duration": "long"}, "duration")
    made = await zoom.webinars.create(topic="Checked")
    path = f"/webinars/{made.id}"
    await invalid(zoom, "PATCH", path, {"settings": {"hd_video": "yes"}}, "settings.hd_video")
    assert (await zoom.webinars.get(made.id)).settings is not None


# -- panelists --------------------------------------------------------------------------------


async def test_panelists_added_listed_renamed_and_removed(zoom: ZoomClient) -> None:
    webinar = await zoom.webinars.create(topic="Panel")
    assert webinar.id is not None
    added = await zoom.webinars.add_panelists(
        webinar.id,
        panelists=[
            {"email": "ann@example.com", "name": "Ann"},
            {"email": "bob@example.com", "name": "Bob"},
            {"email": "cy@example.com", "name": "Cy"},
        ],
    )
    assert added.id == str(webinar.id) and added.updated_at

    listed = await zoom.webinars.list_panelists(webinar.id)
    assert listed.total_records == 3 and listed.panelists is not None
    by_email = {p.email: p for p in listed.panelists}
    assert by_email["bob@example.com"].name == "Bob"
    assert all(p.id and p.join_url for p in listed.panelists)

    await zoom.webinars.add_panelists(
        webinar.id, panelists=[{"email": "BOB@example.com", "name": "Robert"}]
    )
    listed = await zoom.webinars.list_panelists(webinar.id)
    assert listed.total_records == 3 and listed.panelists is not None
    assert {p.email: p.name for p in listed.panelists}["bob@example.com"] == "Robert"

    bob = by_email["bob@example.com"].id
    assert bob is not None
    await zoom.webinars.delete_panelist(webinar.id, bob)
    listed = await zoom.webinars.list_panelists(webinar.id)
    assert listed.panelists is not None
    assert sorted(str(p.email) for p in listed.panelists) == ["ann@example.com", "cy@example.com"]
    await fails(zoom.webinars.delete_panelist(webinar.id, bob), 400, 3000)
    await zoom.webinars.delete_panelist(webinar.id, "cy@example.com")  # by email
    assert (await zoom.webinars.list_panelists(webinar.id)).total_records == 1

    await zoom.webinars.delete_panelists(webinar.id)
    assert (await zoom.webinars.list_panelists(webinar.id)).total_records == 0
    await fails(zoom.webinars.list_panelists(1), 404, 3001)
    await fails(zoom.webinars.add_panelists(1, panelists=[{"email": "a@b.co"}]), 404, 3001)


async def test_panelists_body_of_the_wrong_type_is_refused(zoom: ZoomClient) -> None:
    webinar = await zoom.webinars.create(topic="Panel")
    path = f"/webinars/{webinar.id}/panelists"
    await invalid(zoom, "POST", path, {"panelists": "ann@example.com"}, "panelists")
    await invalid(zoom, "POST", path, {"panelists": [{"email": 7}]}, "panelists[0].email")


# -- registrants ------------------------------------------------------------------------------


async def test_registrants_registered_listed_approved_and_deleted(
    fake: FakeZoom, zoom: ZoomClient, clock: FakeClock
) -> None:
    webinar = await zoom.webinars.create(topic="Open day", settings={"approval_type": 1})
    assert webinar.id is not None and webinar.registration_url
    wid = webinar.id
    path = f"/webinars/{wid}/registrants"
    people = [f"guest{n}@example.com" for n in range(5)]
    made = []
    for n, email in enumerate(people):
        answer = await zoom.webinars.add_registrant(
            wid, email=email, first_name=f"Guest{n}", last_name="Visitor", city="Oslo"
        )
        assert answer.id == wid and answer.topic == "Open day" and answer.join_url
        made.append(answer.registrant_id)
    again = await zoom.webinars.add_registrant(wid, email=people[0], first_name="Guest0")
    assert again.registrant_id == made[0]  # the same registration

    first = await zoom.webinars.get_registrant(wid, str(made[0]))
    assert (first.email, first.first_name, first.city, first.status) == (
        people[0],
        "Guest0",
        "Oslo",
        "pending",  # approval_type 1: approved by hand
    )

    assert [r async for r in zoom.webinars.list_registrants(wid)] == []  # approved, by default
    pending = [r.id async for r in zoom.webinars.list_registrants(wid, status="pending")]
    assert pending == made
    walked, pages = await token_walk(zoom, path, "registrants", status="pending", page_size=2)
    assert [r["id"] for r in walked] == made and pages == 3
    second = await second_page(zoom, path, status="pending")
    assert [r["id"] for r in second["registrants"]] == made[2:4]
    assert (second["page_number"], second["page_count"], second["total_records"]) == (2, 3, 5)

    page = await zoom.request("GET", path, params={"status": "pending", "page_size": 2})
    clock.advance(16 * 60)  # a next_page_token lives 15 minutes
    stale = {"status": "pending", "next_page_token": page["next_page_token"]}
    await fails(zoom.request("GET", path, params=stale), 400, 300)

    await zoom.webinars.update_registrant_status(
        wid, action="approve", registrants=[{"id": made[0]}, {"email": people[1]}]
    )
    assert (await zoom.webinars.get_registrant(wid, str(made[0]))).status == "approved"
    approved = [r.id async for r in zoom.webinars.list_registrants(wid)]
    assert approved == made[:2]
    await zoom.webinars.update_registrant_status(
        wid, action="cancel", registrants=[{"id": made[1]}]
    )
    assert (await zoom.webinars.get_registrant(wid, str(made[1]))).status == "denied"

    await zoom.webinars.delete_registrant(wid, str(made[0]))
    error = await fails(zoom.webinars.get_registrant(wid, str(made[0])), 400, 3079)
    assert str(made[0]) in error.message
    await fails(zoom.webinars.delete_registrant(wid, str(made[0])), 400, 3000)
    assert [r.id async for r in zoom.webinars.list_registrants(wid, status="pending")] == made[2:]

    host = fake.account.users[fake.account.owner_id]["email"]
    await fails(zoom.webinars.add_registrant(wid, email=host, first_name="Host"), 400, 3027)
    closed = await zoom.webinars.create(topic="No registration")  # approval_type 2
    assert closed.id is not None
    await fails(zoom.webinars.add_registrant(closed.id, email="a@b.co", first_name="A"), 400, 3000)
    await fails(zoom.webinars.get_registrant(1, str(made[2])), 404, 3001)


async def test_registrant_body_of_the_wrong_type_is_refused(zoom: ZoomClient) -> None:
    webinar = await zoom.webinars.create(topic="Open", settings={"approval_type": 0})
    path = f"/webinars/{webinar.id}/registrants"
    await invalid(zoom, "POST", path, {"email": 5, "first_name": "Five"}, "email")
    await invalid(zoom, "POST", path, {"email": "a@b.co"}, "first_name")
    await invalid(
        zoom, "PUT", f"{path}/status", {"action": "approve", "registrants": {}}, "registrants"
    )


# -- roles ------------------------------------------------------------------------------------


async def test_role_made_read_listed_changed_and_deleted(zoom: ZoomClient) -> None:
    built_in = await zoom.roles.list()
    assert built_in.roles is not None
    assert [(r.id, r.name) for r in built_in.roles] == [
        ("0", "Owner"),
        ("1", "Admin"),
        ("2", "Member"),
    ]

    made = await zoom.roles.create(
        name="Auditors", description="Read the books", privileges=["Report:Read"]
    )
    role_id = made["id"]
    read = await zoom.roles.get(role_id)
    assert (read.name, read.description, read.total_members) == ("Auditors", "Read the books", 0)
    assert read.privileges == ("Report:Read",)
    listed = await zoom.roles.list()
    assert listed.roles is not None and listed.total_records == 4
    assert listed.roles[-1].id == role_id and listed.roles[-1].name == "Auditors"
    assert (await zoom.roles.list(type="iq")).total_records == 0
    await fails(zoom.roles.create(name="auditors"), 400, 1224)

    await zoom.roles.update(role_id, name="Inspectors", privileges=["Report:Read", "User:Read"])
    read = await zoom.roles.get(role_id)
    assert read.name == "Inspectors" and read.description == "Read the books"
    assert read.privileges == ("Report:Read", "User:Read")
    await fails(zoom.roles.update(role_id, name="Admin"), 400, 1224)

    await zoom.roles.delete(role_id)
    error = await fails(zoom.roles.get(role_id), 400, 1034)
    assert "does not exist" in error.message
    await fails(zoom.roles.delete(role_id), 400, 1034)
    await fails(zoom.roles.delete("1"), 400, 300)  # a built-in role stays
    assert (await zoom.roles.list()).total_records == 3


async def test_role_body_of_the_wrong_type_is_refused(zoom: ZoomClient) -> None:
    await invalid(zoom, "POST", "/roles", {"name": 123}, "name")
    made = await zoom.roles.create(name="Typed")
    await invalid(zoom, "PATCH", f"/roles/{made['id']}", {"privileges": "all"}, "privileges")


# -- role members -----------------------------------------------------------------------------


async def test_role_members_assigned_listed_and_withdrawn(fake: FakeZoom, zoom: ZoomClient) -> None:
    fake.add_users(6)
    account = fake.account
    users = [account.users[uid] for uid in account.user_order[1:7]]
    role_id = (await zoom.roles.create(name="Helpers"))["id"]

    added = await zoom.roles.add_members(
        role_id,
        members=[{"id": u["id"]} for u in users[:3]] + [{"email": u["email"]} for u in users[3:]],
    )
    assert added.ids == ",".join(u["id"] for u in users) and added.add_at
    assert (await zoom.roles.get(role_id)).total_members == 6
    assert all(u["role_id"] == role_id for u in users)  # one role per user

    ids = [u["id"] for u in users]
    assert [m.id async for m in zoom.roles.list_members(role_id, page_size=2)] == ids
    path = f"/roles/{role_id}/members"
    walked, pages = await token_walk(zoom, path, "members", page_size=4)
    assert [m["id"] for m in walked] == ids and pages == 2
    second = await zoom.request("GET", path, params={"page_size": 4, "page_number": 2})
    assert [m["id"] for m in second["members"]] == ids[4:]
    assert (second["page_number"], second["page_count"], second["total_records"]) == (2, 2, 6)
    assert walked[0]["email"] == users[0]["email"]

    await zoom.roles.delete_member(role_id, ids[0])
    assert users[0]["role_id"] == "2"  # a Member again
    assert [m.id async for m in zoom.roles.list_members(role_id)] == ids[1:]
    assert (await zoom.roles.get(role_id)).total_members == 5
    await fails(zoom.roles.delete_member(role_id, ids[0]), 404, 1001)
    await fails(zoom.roles.add_members(role_id, members=[{"id": "nobody"}]), 404, 1001)
    await fails(zoom.roles.add_members("2", members=[{"id": ids[0]}]), 400, 300)
    await fails(zoom.roles.add_members("no-such-role", members=[{"id": ids[0]}]), 400, 1034)

    await zoom.roles.delete(role_id)
    assert all(u["role_id"] == "2" for u in users)  # the deleted role's members are Members
    await fails(zoom.roles.add_members(role_id, members=[{"id": ids[0]}]), 400, 1034)


async def test_role_members_body_of_the_wrong_type_is_refused(zoom: ZoomClient) -> None:
    made = await zoom.roles.create(name="Typed members")
    path = f"/roles/{made['id']}/members"
    await invalid(zoom, "POST", path, {"members": "everyone"}, "members")
    await invalid(zoom, "POST", path, {"members": [{"id": 4}]}, "members[0].id")


# -- rooms ------------------------------------------------------------------------------------


async def test_room_added_read_listed_changed_and_deleted(zoom: ZoomClient) -> None:
    made = await zoom.rooms.create(name="Board room", type="ZoomRoom", location_id="loc-1")
    assert made.id and made.room_id and made.name == "Board room" and made.type == "ZoomRoom"
    room_id = str(made.id)
    profile = await zoom.rooms.get(room_id)
    assert profile.basic is not None and profile.setup is not None
    assert (profile.basic.name, profile.basic.zoom_room_type) == ("Board room", "ZoomRoom")
    assert profile.basic.location_id == "loc-1" and profile.basic.activation_code
    assert profile.setup.under_construction is False
    again = await zoom.rooms.get(room_id, regenerate_activation_code=True)
    assert again.basic is not None and again.basic.activation_code != profile.basic.activation_code

    others = [str((await zoom.rooms.create(name=f"Huddle {n}", type="Kiosk")).id) for n in range(4)]
    ids = [room_id, *others]
    assert [r.id async for r in zoom.rooms.list(page_size=2)] == ids
    walked, pages = await token_walk(zoom, "/rooms", "rooms", page_size=2)
    assert [r["id"] for r in walked] == ids and pages == 3
    assert walked[0]["status"] == "Offline" and walked[0]["location_id"] == "loc-1"
    assert [r.id async for r in zoom.rooms.list(query_name="huddle")] == others
    assert [r.id async for r in zoom.rooms.list(type="ZoomRoom")] == [room_id]
    assert [r.id async for r in zoom.rooms.list(unassigned_rooms=True)] == others

    await zoom.rooms.update(
        room_id,
        basic={"name": "Big board room", "capacity": 12, "support_email": "it@example.com"},
        setup={"under_construction": True},
    )
    profile = await zoom.rooms.get(room_id)
    assert profile.basic is not None and profile.setup is not None
    assert (profile.basic.name, profile.basic.capacity) == ("Big board room", 12)
    assert profile.basic.support_email == "it@example.com"
    assert profile.setup.under_construction is True
    building = [r.name async for r in zoom.rooms.list(status="UnderConstruction")]
    assert building == ["Big board room"]
    await zoom.rooms.change_location(room_id, location_id="loc-2")
    assert [r.id async for r in zoom.rooms.list(location_id="loc-2")] == [room_id]

    await zoom.rooms.delete(room_id)
    error = await fails(zoom.rooms.get(room_id), 404, 1012)
    assert room_id in error.message
    await fails(zoom.rooms.update(room_id, basic={"name": "x"}), 404, 1012)
    await fails(zoom.rooms.delete(room_id), 404, 1012)
    assert [r.id async for r in zoom.rooms.list()] == others


async def test_room_settings_and_devices(zoom: ZoomClient) -> None:
    room_id = str((await zoom.rooms.create(name="Settings", type="ZoomRoom")).id)
    path = f"/rooms/{room_id}/settings"
    change = {"client_alert": {"detect_camera_error_alert": False}}
    await zoom.request("PATCH", path, params={"setting_type": "alert"}, json=change)
    alert = await zoom.request("GET", path, params={"setting_type": "alert"})
    assert alert["client_alert"]["detect_camera_error_alert"] is False
    assert "notification" in alert
    meeting = await zoom.request("GET", path, params={"setting_type": "meeting"})
    assert "client_alert" not in meeting and "zoom_rooms" in meeting
    assert await zoom.request("GET", f"/rooms/{room_id}/devices") == {"devices": []}
    await fails(
        zoom.request("GET", "/rooms/nope/settings", params={"setting_type": "alert"}), 404, 1012
    )


async def test_room_body_of_the_wrong_type_is_refused(zoom: ZoomClient) -> None:
    await invalid(zoom, "POST", "/rooms", {"name": "Typed", "type": 5}, "type")
    await invalid(zoom, "POST", "/rooms", {"type": "ZoomRoom"}, "name")
    room_id = str((await zoom.rooms.create(name="Typed", type="ZoomRoom")).id)
    body = {"basic": {"capacity": "twelve"}}
    await invalid(zoom, "PATCH", f"/rooms/{room_id}", body, "basic.capacity")

"""The fake Zoom keeps Zoom Phone users and call logs, and Team Chat channels, channel members and
messages: each made (or recorded), read back, listed (walked with ``next_page_token`` and a small
``page_size``), changed, read back, deleted where Zoom allows it and then missing with the error
Zoom documents; and each refuses a body with a field of the wrong type (400, code 300, naming the
field). Everything goes through the real client and the fake's HTTP server.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aiozoom.client import ZoomClient
from aiozoom.testing import FakeClock, FakeZoom
from aiozoom.testing.resources.phone import add_call_log

from .fake_checks import fails, invalid, token_walk

HOUR = 60 * 60
DAY = 24 * HOUR


def _day(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).date().isoformat()


# -- phone users --------------------------------------------------------------------------------


async def test_phone_user_listed_read_changed_and_read_back(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    order = fake.account.user_order
    assert len(order) == 5  # the fake's default account
    walked = [u async for u in zoom.phone.users.list(page_size=2)]
    assert [u.id for u in walked] == order
    extensions = [u.extension_number for u in walked]
    assert extensions == [1001, 1002, 1003, 1004, 1005]  # one each, unique in the account
    assert all(u.phone_numbers and u.phone_numbers[0].number for u in walked)

    rows, pages = await token_walk(zoom, "/phone/users", "users", page_size=2)
    assert [r["id"] for r in rows] == order and pages == 3
    first = await zoom.request("GET", "/phone/users", params={"page_size": 2})
    assert first["total_records"] == 5 and "page_number" not in first  # not documented

    uid = order[2]
    email = fake.account.users[uid]["email"]
    read = await zoom.phone.users.get(uid)
    assert read.id == uid and read.email == email and read.extension_number == 1003
    assert (await zoom.phone.users.get(email)).id == uid  # by email too
    assert (await zoom.phone.users.get()).id == fake.account.owner_id  # "me"
    found = [u.id async for u in zoom.phone.users.list(keyword=email)]
    assert found == [uid]

    await zoom.phone.users.update(
        uid,
        extension_number="2042",
        policy={"ad_hoc_call_recording": {"enable": True}},
    )
    read = await zoom.phone.users.get(uid)
    assert read.extension_number == 2042
    assert read.policy is not None and read.policy.ad_hoc_call_recording is not None
    assert read.policy.ad_hoc_call_recording.enable is True
    listed = [u async for u in zoom.phone.users.list()]
    assert [u.extension_number for u in listed][2] == 2042

    taken = await fails(zoom.phone.users.update(order[0], extension_number="2042"), 400, 300)
    assert [e.field for e in taken.errors] == ["extension_number"]
    error = await fails(zoom.phone.users.get("nobody@example.com"), 404, 1001)
    assert "nobody@example.com" in error.message
    await fails(zoom.phone.users.update("nobody", extension_number="3000"), 404, 1001)


async def test_phone_user_body_of_the_wrong_type_is_refused(zoom: ZoomClient) -> None:
    body = {"extension_number": 2042}
    await invalid(zoom, "PATCH", "/phone/users/me", body, "extension_number")


# -- call logs ----------------------------------------------------------------------------------


async def test_call_log_recorded_read_listed_coded_and_deleted(
    fake: FakeZoom, zoom: ZoomClient, clock: FakeClock
) -> None:
    owner, other = fake.account.user_order[:2]
    now = clock()
    newest = add_call_log(fake.account, owner, now=now - 60, duration=300)
    middle = add_call_log(
        fake.account, owner, now=now - 2 * HOUR, direction="inbound", call_result="no_answer"
    )
    oldest = add_call_log(fake.account, owner, now=now - 5 * HOUR, callee_name="Support")
    theirs = add_call_log(fake.account, other, now=now - 3 * HOUR)
    old = add_call_log(fake.account, owner, start_time=datetime.fromtimestamp(now - 3 * DAY, UTC))
    assert newest["duration"] == 300 and newest["direction"] == "outbound"
    assert newest["caller_ext_number"] == "1001" and newest["callee_did_number"]

    # read back, in both editions
    history = await zoom.phone.call_logs.get_call_history(newest["call_history_uuid"])
    assert history.call_id == newest["call_id"] and history.direction == "outbound"
    assert history.call_path and history.call_path[0].event == "outgoing"
    log = await zoom.phone.call_logs.get(newest["id"])
    assert log.id == newest["id"] and log.duration == 300 and log.direction == "outbound"
    assert (await zoom.phone.call_logs.get(newest["call_id"])).id == newest["id"]  # by call ID

    # listed newest first, the last 24 hours by default, walked two at a time
    account_wide = [c.call_history_uuid async for c in zoom.phone.call_logs.list_call_history()]
    expected = [newest, middle, theirs, oldest]
    assert account_wide == [c["call_history_uuid"] for c in expected]
    rows, pages = await token_walk(zoom, "/phone/call_history", "call_history", page_size=2)
    assert [r["id"] for r in rows] == [c["id"] for c in expected] and pages == 2
    mine, pages = await token_walk(
        zoom, f"/phone/users/{owner}/call_history", "call_logs", page_size=2
    )
    assert [r["id"] for r in mine] == [newest["id"], middle["id"], oldest["id"]] and pages == 2
    logs = [c.id async for c in zoom.phone.call_logs.list_for_user(owner, page_size=1)]
    assert logs == [newest["id"], middle["id"], oldest["id"]]
    missed = [c.id async for c in zoom.phone.call_logs.list_for_user(owner, type="missed")]
    assert missed == [middle["id"]]
    history = zoom.phone.call_logs.list_call_history(directions=["inbound"])
    assert [c.call_history_uuid async for c in history] == [middle["call_history_uuid"]]
    history = zoom.phone.call_logs.list_call_history(keyword="support")
    assert [c.call_history_uuid async for c in history] == [oldest["call_history_uuid"]]

    # from/to: a date range (to's whole day included), to required with from
    span = {"from_": _day(now - 4 * DAY), "to": _day(now - 2 * DAY)}
    older = [c.id async for c in zoom.phone.call_logs.list_call_history_for_user(owner, **span)]
    assert older == [old["id"]]
    week = {"from": _day(now - 7 * DAY), "to": _day(now)}
    # (zoom.phone.call_logs.list() sends its URL as the ``path`` filter: asked for directly)
    everyone, pages = await token_walk(zoom, "/phone/call_logs", "call_logs", page_size=2, **week)
    assert [r["id"] for r in everyone] == [c["id"] for c in [*expected, old]] and pages == 3
    no_end = zoom.request("GET", "/phone/call_history", params={"from": _day(now - DAY)})
    assert [e.field for e in (await fails(no_end, 400, 300)).errors] == ["to"]

    # a client code: the change, read back in both editions
    await zoom.phone.call_logs.add_call_history_client_code(newest["id"], client_code="1234")
    history = await zoom.phone.call_logs.get_call_history(newest["call_history_uuid"])
    assert history.call_path and history.call_path[0].client_code == "1234"
    await zoom.phone.call_logs.add_client_code(newest["id"], client_code="98765")
    assert (await zoom.phone.call_logs.get(newest["id"])).result == "Call connected"
    listed = await zoom.request("GET", "/phone/call_logs")
    assert [c["client_code"] for c in listed["call_logs"] if c["id"] == newest["id"]] == ["98765"]
    short = zoom.phone.call_logs.add_call_history_client_code(newest["id"], client_code="12")
    await fails(short, 400, 301)

    # deleted: gone from both editions, with the codes Zoom documents
    await zoom.phone.call_logs.delete_call_history(owner, newest["id"])
    error = await fails(
        zoom.phone.call_logs.get_call_history(newest["call_history_uuid"]), 404, 301
    )
    assert newest["call_history_uuid"] in error.message
    await fails(zoom.phone.call_logs.get(newest["id"]), 404, 404)
    await fails(zoom.phone.call_logs.delete_call_history(owner, newest["id"]), 404, 301)
    await fails(zoom.phone.call_logs.delete_call_history("nobody", middle["id"]), 404, 300)
    await fails(zoom.phone.call_logs.delete(other, middle["id"]), 404, 404)  # not theirs
    await zoom.phone.call_logs.delete(owner, middle["id"])
    await fails(zoom.phone.call_logs.delete(owner, middle["id"]), 404, 404)
    await fails(zoom.phone.call_logs.delete("nobody", oldest["id"]), 404, 1001)
    left = [c.call_history_uuid async for c in zoom.phone.call_logs.list_call_history()]
    assert left == [theirs["call_history_uuid"], oldest["call_history_uuid"]]

    clock.advance(DAY)  # a day on, the default window has moved past them all
    assert [c async for c in zoom.phone.call_logs.list_call_history()] == []


async def test_call_log_body_of_the_wrong_type_is_refused(fake: FakeZoom, zoom: ZoomClient) -> None:
    record = add_call_log(fake.account, fake.account.owner_id, now=fake.clock())
    listed = [c.id async for c in zoom.phone.call_logs.list_call_history_for_user()]
    assert listed == [record["id"]]  # a call made this moment is listed
    path = f"/phone/call_history/{record['id']}/client_code"
    await invalid(zoom, "PATCH", path, {"client_code": 1234}, "client_code")
    with pytest.raises(ValueError, match="no user"):
        add_call_log(fake.account, "nobody@example.com")


# -- channels -----------------------------------------------------------------------------------


async def test_channel_made_read_listed_changed_and_deleted(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    owner, other = fake.account.user_order[:2]
    made = await zoom.team_chat.channels.create(
        owner, name="Launch", type=3, channel_settings={"posting_permissions": 2}
    )
    assert made.name == "Launch" and made.type == 3 and made.id and made.jid
    assert made.channel_url and made.id in made.channel_url

    read = await zoom.team_chat.channels.get(made.id)
    assert read.id == made.id and read.name == "Launch" and read.type == 3
    assert read.channel_settings is not None
    assert read.channel_settings.posting_permissions == 2
    assert read.channel_settings.add_member_permissions == 1  # Zoom's default
    assert (await zoom.team_chat.channels.get_for_user(owner, made.id)).name == "Launch"
    await fails(zoom.team_chat.channels.get_for_user(other, made.id), 400, 200)  # no member

    others = [
        (await zoom.team_chat.channels.create(owner, name=f"Room {n}", type=1)).id for n in range(4)
    ]
    ids = [made.id, *others]
    assert [c.id async for c in zoom.team_chat.channels.list(owner, page_size=2)] == ids
    rows, pages = await token_walk(zoom, f"/chat/users/{owner}/channels", "channels", page_size=2)
    assert [r["id"] for r in rows] == ids and pages == 3
    first = await zoom.request("GET", f"/chat/users/{owner}/channels")
    assert first["page_size"] == 10  # Zoom's documented default for this list
    assert [c.id async for c in zoom.team_chat.channels.list_public()] == [made.id]
    assert [c async for c in zoom.team_chat.channels.list(other)] == []

    taken = zoom.team_chat.channels.create(owner, name="launch", type=1)
    error = await fails(taken, 400, 300)
    assert "already exists" in error.message

    await zoom.team_chat.channels.update(made.id, name="Launch day", type=1)
    read = await zoom.team_chat.channels.get(made.id)
    assert read.name == "Launch day" and read.type == 1
    await zoom.team_chat.channels.update_for_user(
        owner, made.id, channel_settings={"mention_all_permissions": 2}
    )
    read = await zoom.team_chat.channels.get_for_user(owner, made.id)
    assert read.name == "Launch day" and read.channel_settings is not None
    assert read.channel_settings.mention_all_permissions == 2
    assert read.channel_settings.posting_permissions == 2  # kept
    rename = zoom.team_chat.channels.update_for_user(other, made.id, name="Mine")
    await fails(rename, 403, 200)
    await fails(zoom.team_chat.channels.update(others[0], name="Launch day"), 400, 300)

    await zoom.team_chat.channels.delete(made.id)
    error = await fails(zoom.team_chat.channels.get(made.id), 404, 4130)
    assert made.id in error.message
    await fails(zoom.team_chat.channels.get_for_user(owner, made.id), 404, 4130)
    await fails(zoom.team_chat.channels.update(made.id, name="x"), 404, 4130)
    await fails(zoom.team_chat.channels.delete(made.id), 404, 4130)
    await zoom.team_chat.channels.delete_for_user(owner, others[0])
    await fails(zoom.team_chat.channels.delete_for_user(owner, others[0]), 404, 4130)
    await zoom.team_chat.channels.batch_delete(owner, channel_ids=",".join(others[1:3]))
    assert [c.id async for c in zoom.team_chat.channels.list(owner)] == [others[3]]
    await fails(zoom.team_chat.channels.batch_delete(owner, channel_ids=others[0]), 404, 4400)
    await fails(zoom.team_chat.channels.create("nobody@example.com", name="x"), 404, 1001)


async def test_channel_body_of_the_wrong_type_is_refused(zoom: ZoomClient) -> None:
    await invalid(zoom, "POST", "/chat/users/me/channels", {"name": 42, "type": 1}, "name")
    made = await zoom.team_chat.channels.create("me", name="Typed", type=1)
    body = {"channel_settings": {"posting_permissions": "all"}}
    path = f"/chat/channels/{made.id}"
    await invalid(zoom, "PATCH", path, body, "channel_settings.posting_permissions")


# -- channel members ----------------------------------------------------------------------------


async def test_channel_member_invited_read_listed_and_removed(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    fake.add_users(1)
    owner, *users = fake.account.user_order
    emails = {uid: fake.account.users[uid]["email"] for uid in fake.account.user_order}
    made = await zoom.team_chat.channels.create(
        owner, name="Crew", type=1, members=[{"email": emails[users[0]]}]
    )
    invited = await zoom.team_chat.channels.invite_members(
        made.id, members=[{"email": emails[uid]} for uid in users[1:3]]
    )
    assert invited.ids == ",".join(users[1:3])
    assert invited.member_ids and len(invited.member_ids.split(",")) == 2
    again = await zoom.team_chat.channels.invite_members_for_user(
        owner, made.id, members=[{"email": emails[uid]} for uid in users[2:5]]
    )
    assert again.ids == ",".join(users[3:5])  # who was already in is not added twice

    members = [m async for m in zoom.team_chat.channels.list_members(made.id, page_size=2)]
    assert [m.id for m in members] == [owner, *users]
    assert [m.role for m in members] == ["owner"] + ["member"] * 5
    assert members[1].email == emails[users[0]] and members[1].member_id
    rows, pages = await token_walk(
        zoom, f"/chat/users/{owner}/channels/{made.id}/members", "members", page_size=4
    )
    assert [r["id"] for r in rows] == [owner, *users] and pages == 2
    seen = [c.id async for c in zoom.team_chat.channels.list(users[0])]
    assert seen == [made.id]  # a member sees the channel among theirs

    await zoom.team_chat.channels.remove_member(made.id, emails[users[0]])  # by email
    member_id = members[2].member_id
    assert member_id is not None
    await zoom.team_chat.channels.remove_member_for_user(owner, made.id, member_id)  # member ID
    await zoom.team_chat.channels.batch_remove_members_for_user(
        owner, made.id, identifiers=users[2]
    )
    left = [m.id async for m in zoom.team_chat.channels.list_members_for_user(owner, made.id)]
    assert left == [owner, users[3], users[4]]
    assert [c async for c in zoom.team_chat.channels.list(users[0])] == []

    gone = zoom.team_chat.channels.remove_member(made.id, users[0])
    await fails(gone, 400, 5301)  # no longer a member
    await fails(zoom.team_chat.channels.remove_member(made.id, owner), 400, 300)  # oneself
    by_member = zoom.team_chat.channels.remove_member_for_user(users[3], made.id, users[4])
    await fails(by_member, 400, 200)  # a plain member removes no one
    stranger = zoom.team_chat.channels.invite_members(
        made.id, members=[{"email": "stranger@example.com"}]
    )
    await fails(stranger, 400, 5301)
    nowhere = zoom.team_chat.channels.list_members("nochannel").pages()
    await fails(nowhere.__anext__(), 404, 4130)


async def test_channel_member_body_of_the_wrong_type_is_refused(zoom: ZoomClient) -> None:
    made = await zoom.team_chat.channels.create("me", name="Typed", type=1)
    path = f"/chat/channels/{made.id}/members"
    await invalid(zoom, "POST", path, {"members": [{"email": 7}]}, "members[0].email")


# -- messages -----------------------------------------------------------------------------------


async def test_message_sent_read_listed_edited_and_deleted(
    fake: FakeZoom, zoom: ZoomClient, clock: FakeClock
) -> None:
    owner, member, contact = fake.account.user_order[:3]
    emails = {uid: fake.account.users[uid]["email"] for uid in fake.account.user_order}
    channel = await zoom.team_chat.channels.create(
        owner, name="Talk", type=1, members=[{"email": emails[member]}]
    )
    sent = await zoom.team_chat.messages.send(owner, message="hello", to_channel=channel.id)
    assert sent.id

    read = await zoom.team_chat.messages.get(owner, sent.id, to_channel=channel.id)
    assert read.id == sent.id and read.message == "hello" and read.sender == emails[owner]
    assert read.timestamp == int(clock() * 1000)
    assert (await zoom.team_chat.messages.get(member, sent.id, to_channel=channel.id)).id

    ids = [sent.id]
    for n in range(4):
        clock.advance(60)
        author = member if n % 2 else owner
        ids.append(
            (await zoom.team_chat.messages.send(author, message=f"m{n}", to_channel=channel.id)).id
        )
    newest_first = ids[::-1]
    listed = [
        m.id async for m in zoom.team_chat.messages.list(owner, to_channel=channel.id, page_size=2)
    ]
    assert listed == newest_first
    rows, pages = await token_walk(
        zoom, f"/chat/users/{owner}/messages", "messages", to_channel=channel.id, page_size=2
    )
    assert [r["id"] for r in rows] == newest_first and pages == 3
    first = await zoom.request(
        "GET", f"/chat/users/{owner}/messages", params={"to_channel": channel.id}
    )
    assert first["page_size"] == 10 and first["date"] == _day(clock())

    # to a contact: both sides see the conversation, nobody else does
    direct = await zoom.team_chat.messages.send(owner, message="psst", to_contact=emails[contact])
    theirs = [m.id async for m in zoom.team_chat.messages.list(contact, to_contact=owner)]
    assert theirs == [direct.id]
    assert [m async for m in zoom.team_chat.messages.list(member, to_contact=owner)] == []
    reply = await zoom.team_chat.messages.send(
        contact, message="yes?", to_contact=owner, reply_main_message_id=direct.id
    )
    read = await zoom.team_chat.messages.get(owner, reply.id, to_contact=contact)
    assert read.reply_main_message_id == direct.id
    nested = zoom.team_chat.messages.send(
        owner, message="no", to_contact=contact, reply_main_message_id=reply.id
    )
    await fails(nested, 400, 5402)

    # a day on, the default list (today) is empty; from/to still finds them
    clock.advance(DAY)
    assert [m async for m in zoom.team_chat.messages.list(owner, to_channel=channel.id)] == []
    span = {
        "from_": datetime.fromtimestamp(clock() - 2 * DAY, UTC),
        "to": datetime.fromtimestamp(clock(), UTC),
    }
    found = [m.id async for m in zoom.team_chat.messages.list(owner, to_channel=channel.id, **span)]
    assert found == newest_first

    # edited by its sender only
    await zoom.team_chat.messages.update(
        owner, sent.id, message="hello, all", to_channel=channel.id
    )
    read = await zoom.team_chat.messages.get(owner, sent.id, to_channel=channel.id)
    assert read.message == "hello, all"
    others_edit = zoom.team_chat.messages.update(
        member, sent.id, message="x", to_channel=channel.id
    )
    await fails(others_edit, 400, 200)

    # deleted: missing as Zoom documents it (400, code 300), listed only when asked for
    await zoom.team_chat.messages.delete(owner, sent.id, to_channel=channel.id)
    error = await fails(
        zoom.team_chat.messages.get(owner, sent.id, to_channel=channel.id), 400, 300
    )
    assert sent.id in error.message
    await fails(zoom.team_chat.messages.delete(owner, sent.id, to_channel=channel.id), 400, 300)
    left = [m.id async for m in zoom.team_chat.messages.list(owner, to_channel=channel.id, **span)]
    assert left == newest_first[:-1]
    everything = zoom.team_chat.messages.list(
        owner, to_channel=channel.id, include_deleted_and_edited_message=True, **span
    )
    statuses = {m.id: m.status async for m in everything}
    assert statuses[sent.id] == "Deleted"

    # what is missing or wrong answers with Zoom's codes
    await fails(zoom.team_chat.messages.send(owner, message="x", to_channel="none"), 404, 4130)
    await fails(
        zoom.team_chat.messages.send(owner, message="x", to_contact="no@example.com"), 404, 1001
    )
    await fails(zoom.team_chat.messages.send(owner, message="x"), 400, 300)
    await fails(zoom.team_chat.messages.get(owner, ids[1]), 400, 300)  # no conversation named
    stranger = zoom.team_chat.messages.send(contact, message="hi", to_channel=channel.id)
    await fails(stranger, 400, 5301)  # not a member
    await zoom.team_chat.channels.delete(channel.id)
    gone = zoom.team_chat.messages.list(owner, to_channel=channel.id).pages()
    await fails(gone.__anext__(), 404, 4130)


async def test_scheduled_message_is_listed_once_its_time_has_come(
    zoom: ZoomClient, clock: FakeClock
) -> None:
    channel = await zoom.team_chat.channels.create("me", name="Later", type=1)
    soon = datetime.fromtimestamp(clock() + 10 * 60, UTC)
    too_soon = zoom.team_chat.messages.send(
        "me", message="x", to_channel=channel.id, scheduled_time=soon
    )
    await fails(too_soon, 400, 300)
    later = datetime.fromtimestamp(clock() + HOUR, UTC)
    sent = await zoom.team_chat.messages.send(
        "me", message="later", to_channel=channel.id, scheduled_time=later
    )
    assert [m async for m in zoom.team_chat.messages.list("me", to_channel=channel.id)] == []
    clock.advance(HOUR)
    listed = [m.id async for m in zoom.team_chat.messages.list("me", to_channel=channel.id)]
    assert listed == [sent.id]
    since = datetime.fromtimestamp(clock() - HOUR, UTC)  # to: now, the moment it was sent
    listed = [
        m.id async for m in zoom.team_chat.messages.list("me", to_channel=channel.id, from_=since)
    ]
    assert listed == [sent.id]


async def test_message_body_of_the_wrong_type_is_refused(zoom: ZoomClient) -> None:
    channel = await zoom.team_chat.channels.create("me", name="Typed", type=1)
    body = {"message": 5, "to_channel": channel.id}
    await invalid(zoom, "POST", "/chat/users/me/messages", body, "message")
    sent = await zoom.team_chat.messages.send("me", message="ok", to_channel=channel.id)
    path = f"/chat/users/me/messages/{sent.id}"
    await invalid(zoom, "PUT", path, {"message": ["x"], "to_channel": channel.id}, "message")

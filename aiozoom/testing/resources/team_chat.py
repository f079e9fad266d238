"""Team Chat: channels, their members, and chat messages to a channel or a contact.

State kept per account:

- ``records("chat_channels")``: a channel is ``{"id", "jid", "name", "type", "channel_url",
  "channel_settings"}`` with its members (account users, each ``owner``, ``admin`` or
  ``member``; the user who made it is its owner).
- ``records("chat_messages")``: a message is its text, sender, channel or contact, send time,
  thread parent and status (``Normal``, ``Edited``, ``Deleted``).

Zoom's rules kept: an unknown channel is 404 code 4130 (``Channel does not exist: ...``), an
unknown user or contact 404 code 1001; a channel name (of a channel, not a group chat) is
unique in the account (400, code 300); members are invited by email from the account's users
(400, code 5301 for anyone else); the owner cannot be removed, nor can one remove oneself; the
``/chat/users/{userId}/...`` forms act as that user (a member to read, the owner or an admin to
change, the owner to delete: 400/403 code 200 otherwise), the ``/chat/channels/...`` forms as
the token's user (the account owner for Server-to-Server OAuth). A message goes to exactly one
of ``to_channel`` (of which the sender is a member allowed to post) or ``to_contact``; a
scheduled one must be 30 minutes to 180 days ahead and is listed once its time has come. A
message list needs ``to_channel`` or ``to_contact`` (or ``search_type`` with ``search_key``),
covers ``date`` (default today, UTC) or ``from``..``to`` within the last six months, lists the
newest first, hides deleted messages unless ``include_deleted_and_edited_message`` is set, and
pages with ``page_size`` (Zoom's documented defaults) and ``next_page_token``. Only the sender
edits or deletes a message (400 code 200); an unknown message is 400 code 300
(``Message does not exist: ...``), as Zoom documents it.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

from aiozoom.testing._router import Call, Routes, validation_failed
from aiozoom.testing._state import Account, ApiFailure, iso
from aiozoom.testing.resources._common import body_of, documented, parse_time, path_user

__all__ = ["routes"]

routes = Routes()

CHANNELS = "chat_channels"
MESSAGES = "chat_messages"
DAY = 24 * 60 * 60
SIX_MONTHS = 183 * DAY
INCLUSIVE = 0.001  # a span's end is exclusive; one millisecond on, a message sent then is in
PUBLIC_TYPES = frozenset({3, 5})
GROUP_CHAT = 4
MAX_CREATE_MEMBERS = 20
MAX_REMOVE = 20
MAX_BATCH_DELETE = 50

CHANNEL_MISSING = (4130, "Channel does not exist: {channelId}.")
NAME_TAKEN = (300, "The channel name already exists.")
NO_CONVERSATION = "Must provide either contact or channel parameter."
DEFAULT_SETTINGS: dict[str, Any] = {
    "add_member_permissions": 1,
    "new_members_can_see_previous_messages_files": True,
    "posting_permissions": 1,
    "mention_all_permissions": 1,
    "allow_to_add_external_users": 0,
}


# -- shared helpers -----------------------------------------------------------------------------


def _page(
    call: Call, items: list[Any], items_key: str, *, key: tuple[str, ...] = (), **extra: Any
) -> dict[str, Any]:
    """``call.page`` with the page size Zoom documents as the operation's default."""
    described = call.spec.query.get("page_size") or {}
    default = (described.get("schema") or {}).get("default")
    if isinstance(default, int) and not isinstance(default, bool) and default > 0:
        call.query.setdefault("page_size", default)
    return call.page(items, items_key, key=key, **extra)


def _member_id(account: Account, user_id: str) -> str:
    """A user's Team Chat member ID (stable: the same user always has the same one)."""
    return hashlib.sha256(f"{account.account_id}:{user_id}:member".encode()).hexdigest()[:46]


def _contact(account: Account, identifier: str) -> dict[str, Any] | None:
    """The account user an email, user ID or member ID names, or ``None``."""
    uid = account.by_email.get(identifier.lower(), identifier)
    user = account.users.get(uid)
    if user is not None:
        return user
    for candidate in account.users.values():
        if _member_id(account, candidate["id"]) == identifier:
            return candidate
    return None


def _acting_user(call: Call) -> dict[str, Any]:
    """Who a ``/chat/channels/...`` call acts as: the token's user, else the account owner."""
    return call.state.find_user(call.account, call.token_user or "me")


def _channel(call: Call, param: str = "channelId") -> dict[str, Any]:
    value = call.param(param)
    channel = call.records(CHANNELS).get(value)
    if channel is None:
        names = {"channelId": value, param: value}
        raise documented(call, 404, CHANNEL_MISSING, hint="channel does not exist", **names)
    return channel


def _members(channel: dict[str, Any]) -> dict[str, str]:
    """A channel's members: user ID -> role, the owner first, then in the order they joined."""
    members: dict[str, str] = channel["_members"]
    return members


def _public(channel: dict[str, Any]) -> dict[str, Any]:
    row = {k: v for k, v in channel.items() if not k.startswith("_")}
    row["channel_settings"] = dict(channel["channel_settings"])
    designated = channel["channel_settings"].get("designated_posting_members")
    if designated is not None:
        row["channel_settings"]["designated_posting_members"] = [dict(m) for m in designated]
    return row


def _summary(channel: dict[str, Any]) -> dict[str, Any]:
    return {k: channel[k] for k in ("id", "jid", "name", "type", "channel_url")}


def _list_row(channel: dict[str, Any]) -> dict[str, Any]:
    row = _public(channel)
    row["channel_settings"].pop("designated_posting_members", None)
    return row


def _unique_name(call: Call, name: str, kind: int, current: str | None = None) -> None:
    if kind == GROUP_CHAT:
        return
    for channel in call.records(CHANNELS).values():
        if (
            channel["type"] != GROUP_CHAT
            and channel["name"].lower() == name.lower()
            and channel["id"] != current
        ):
            raise ApiFailure(400, *NAME_TAKEN)


def _require_role(
    call: Call, channel: dict[str, Any], user: dict[str, Any], roles: tuple[str, ...], status: int
) -> None:
    """``user`` must have one of ``roles`` in ``channel``, else the documented code 200."""
    if _members(channel).get(user["id"]) not in roles:
        fallback = (200, "Unauthorized request. You do not have permission to do this.")
        raise documented(call, status, fallback, hint="permission")


def _path_member(
    call: Call, roles: tuple[str, ...], status: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The user and channel of a ``/chat/users/{userId}/channels/{channelId}...`` call, the user
    having one of ``roles`` in the channel (else the documented code 200, answered ``status``)."""
    user = path_user(call)
    channel = _channel(call)
    _require_role(call, channel, user, roles, status)
    return user, channel


MEMBER_ROLES = ("owner", "admin", "member")
MANAGER_ROLES = ("owner", "admin")


def _emails(call: Call, failed: str) -> list[dict[str, Any]]:
    """The account users the body's ``members[].email`` name; 400 code 5301 for anyone else."""
    users = []
    for entry in body_of(call).get("members") or []:
        user = _contact(call.account, str(entry.get("email", "")))
        if user is None:
            raise ApiFailure(400, 5301, failed)
        if user not in users:
            users.append(user)
    return users


def _settings(call: Call, settings: dict[str, Any], sent: dict[str, Any]) -> None:
    for key, value in sent.items():
        if key != "designated_posting_members":
            settings[key] = value
            continue
        resolved = []
        for i, entry in enumerate(value or []):
            ident = entry.get("user_id") or entry.get("member_id") or ""
            user = _contact(call.account, str(ident))
            if user is None:
                raise validation_failed(
                    [(f"channel_settings.designated_posting_members[{i}]", "is not a user")]
                )
            resolved.append(
                {"user_id": user["id"], "member_id": _member_id(call.account, user["id"])}
            )
        settings[key] = resolved


# -- channels -----------------------------------------------------------------------------------


@routes("POST /chat/users/{userId}/channels")
async def create_channel(call: Call) -> dict[str, Any]:
    owner = path_user(call)
    body = body_of(call)
    if "shared_space" in body:
        raise ApiFailure(404, 5407, "Shared space does not exist.")
    kind = int(body.get("type", 1))
    name = body.get("name")
    if kind != GROUP_CHAT and (not isinstance(name, str) or not name.strip()):
        raise validation_failed([("name", "is required")], "Invalid parameter: name.")
    name = name if isinstance(name, str) else ""
    _unique_name(call, name, kind)
    if len(body.get("members") or []) > MAX_CREATE_MEMBERS:
        raise validation_failed([("members", f"at most {MAX_CREATE_MEMBERS} members at once")])
    invited = _emails(call, "Request to create a channel failed.")
    channel_id = uuid.uuid4().hex
    settings = dict(DEFAULT_SETTINGS)
    _settings(call, settings, body.get("channel_settings") or {})
    members = {owner["id"]: "owner"}
    for user in invited:
        members.setdefault(user["id"], "member")
    channel: dict[str, Any] = {
        "id": channel_id,
        "jid": f"{channel_id}@conference.xmpp.zoom.us",
        "name": name,
        "type": kind,
        "channel_url": f"https://go.zoom.us/launch/chat?src=direct_link&cid={channel_id}",
        "channel_settings": settings,
        "_members": members,
    }
    call.records(CHANNELS)[channel_id] = channel
    return _summary(channel)


@routes("GET /chat/users/{userId}/channels")
async def list_channels(call: Call) -> dict[str, Any]:
    user = path_user(call)
    rows = [_list_row(c) for c in call.records(CHANNELS).values() if user["id"] in _members(c)]
    return _page(call, rows, "channels", key=(user["id"],))


@routes("GET /chat/channels")
async def list_public_channels(call: Call) -> dict[str, Any]:
    rows = [_list_row(c) for c in call.records(CHANNELS).values() if c["type"] in PUBLIC_TYPES]
    return _page(call, rows, "channels")


@routes("GET /chat/channels/{channelId}")
async def get_channel(call: Call) -> dict[str, Any]:
    return _public(_channel(call))


@routes("GET /chat/users/{userId}/channels/{channelId}")
async def get_user_channel(call: Call) -> dict[str, Any]:
    _, channel = _path_member(call, MEMBER_ROLES, 400)
    return _public(channel)


def _update(call: Call, channel: dict[str, Any]) -> None:
    body = body_of(call)
    kind = int(body.get("type", channel["type"]))
    name = body.get("name")
    if isinstance(name, str) and name.strip():
        _unique_name(call, name, kind, current=channel["id"])
        channel["name"] = name
    elif kind != channel["type"]:
        _unique_name(call, channel["name"], kind, current=channel["id"])
    channel["type"] = kind
    _settings(call, channel["channel_settings"], body.get("channel_settings") or {})


@routes("PATCH /chat/channels/{channelId}")
async def update_channel(call: Call) -> None:
    _update(call, _channel(call))


@routes("PATCH /chat/users/{userId}/channels/{channelId}")
async def update_user_channel(call: Call) -> None:
    _, channel = _path_member(call, MANAGER_ROLES, 403)
    _update(call, channel)


def _delete(call: Call, channel: dict[str, Any]) -> None:
    del call.records(CHANNELS)[channel["id"]]
    messages = call.records(MESSAGES)
    for message_id in [m for m, r in messages.items() if r["_channel"] == channel["id"]]:
        del messages[message_id]


@routes("DELETE /chat/channels/{channelId}")
async def delete_channel(call: Call) -> None:
    _delete(call, _channel(call))


@routes("DELETE /chat/users/{userId}/channels/{channelId}")
async def delete_user_channel(call: Call) -> None:
    _, channel = _path_member(call, ("owner",), 400)
    _delete(call, channel)


@routes("DELETE /chat/users/{userId}/channels")
async def batch_delete_channels(call: Call) -> None:
    user = path_user(call)
    ids = [i.strip() for i in str(call.query.get("channel_ids", "")).split(",") if i.strip()]
    if not ids:
        raise ApiFailure(400, 4300, "`channel_ids` cannot be empty.")
    if len(ids) > MAX_BATCH_DELETE:
        raise ApiFailure(400, 4301, f"The size of `channel_ids` cannot exceed {MAX_BATCH_DELETE}.")
    channels = call.records(CHANNELS)
    found = []
    for channel_id in ids:
        channel = channels.get(channel_id)
        if channel is None:
            raise ApiFailure(404, 4400, f"Channel does not exist: {channel_id}.")
        if _members(channel).get(user["id"]) != "owner":
            denied = "Unauthorized request. You do not have permission to delete channel"
            raise ApiFailure(403, 4100, f"{denied}: {channel_id}.")
        found.append(channel)
    for channel in found:
        if channel["id"] in channels:
            _delete(call, channel)


# -- channel members ----------------------------------------------------------------------------


def _member_row(account: Account, user: dict[str, Any], role: str) -> dict[str, Any]:
    return {
        "id": user["id"],
        "member_id": _member_id(account, user["id"]),
        "email": user["email"],
        "first_name": user.get("first_name", ""),
        "last_name": user.get("last_name", ""),
        "name": user.get("display_name") or user["email"],
        "role": role,
        "is_external": False,
    }


def _list_members(call: Call, channel: dict[str, Any]) -> dict[str, Any]:
    rows = [
        _member_row(call.account, call.account.users[uid], role)
        for uid, role in _members(channel).items()
        if uid in call.account.users
    ]
    return _page(call, rows, "members", key=(channel["id"],))


@routes("GET /chat/channels/{channelId}/members")
async def list_members(call: Call) -> dict[str, Any]:
    return _list_members(call, _channel(call))


@routes("GET /chat/users/{userId}/channels/{channelId}/members")
async def list_user_channel_members(call: Call) -> dict[str, Any]:
    _, channel = _path_member(call, MEMBER_ROLES, 400)
    return _list_members(call, channel)


def _invite(call: Call, channel: dict[str, Any]) -> dict[str, Any]:
    invited = _emails(call, "Request to invite channel members failed.")
    members = _members(channel)
    added = [u for u in invited if u["id"] not in members]
    for user in added:
        members[user["id"]] = "member"
    return {
        "ids": ",".join(u["id"] for u in added),
        "member_ids": ",".join(_member_id(call.account, u["id"]) for u in added),
        "added_at": iso(call.fake.clock()),
    }


@routes("POST /chat/channels/{channelId}/members")
async def invite_members(call: Call) -> dict[str, Any]:
    return _invite(call, _channel(call))


@routes("POST /chat/users/{userId}/channels/{channelId}/members")
async def invite_user_channel_members(call: Call) -> dict[str, Any]:
    user = path_user(call)
    channel = _channel(call)
    anyone = channel["channel_settings"].get("add_member_permissions", 1) == 1
    _require_role(call, channel, user, MEMBER_ROLES if anyone else MANAGER_ROLES, 400)
    return _invite(call, channel)


def _remove(call: Call, channel: dict[str, Any], identifiers: list[str], me: str) -> None:
    """Remove the members ``identifiers`` name (emails, user or member IDs); all or none."""
    members = _members(channel)
    if len(identifiers) > MAX_REMOVE:
        raise ApiFailure(
            400,
            300,
            f"The maximum number of members that can be removed at a time is {MAX_REMOVE}.",
        )
    leaving = []
    for identifier in identifiers:
        user = _contact(call.account, identifier)
        if user is not None and user["id"] == me:
            raise documented(
                call, 400, (300, "You can not remove yourself."), hint="can not remove"
            )
        if user is None or members.get(user["id"]) in (None, "owner"):
            raise ApiFailure(400, 5301, "Unable to remove channel member.")
        leaving.append(user["id"])
    for uid in leaving:
        members.pop(uid, None)


def _split(value: Any) -> list[str]:
    return [part.strip() for part in str(value or "").split(",") if part.strip()]


@routes("DELETE /chat/channels/{channelId}/members")
async def batch_remove_members(call: Call) -> None:
    channel = _channel(call)
    me = _acting_user(call)["id"]
    wanted = _split(call.query.get("member_ids")) + _split(call.query.get("user_ids"))
    _remove(call, channel, list(dict.fromkeys(wanted)), me)


@routes("DELETE /chat/users/{userId}/channels/{channelId}/members")
async def batch_remove_user_channel_members(call: Call) -> None:
    user, channel = _path_member(call, MANAGER_ROLES, 400)
    _remove(call, channel, list(dict.fromkeys(_split(call.query.get("identifiers")))), user["id"])


@routes("DELETE /chat/channels/{channelId}/members/{identifier}")
async def remove_member(call: Call) -> None:
    channel = _channel(call)
    _remove(call, channel, [call.param("identifier")], _acting_user(call)["id"])


@routes("DELETE /chat/users/{userId}/channels/{channelId}/members/{identifier}")
async def remove_user_channel_member(call: Call) -> None:
    user, channel = _path_member(call, MANAGER_ROLES, 400)
    _remove(call, channel, [call.param("identifier")], user["id"])


@routes("POST /chat/channels/{channelId}/members/me")
async def join_channel(call: Call) -> dict[str, Any]:
    channel = _channel(call)
    user = _acting_user(call)
    members = _members(channel)
    if user["id"] not in members:
        if channel["type"] not in PUBLIC_TYPES:
            raise ApiFailure(400, 5301, "The request to join the channel failed.")
        members[user["id"]] = "member"
    return {
        "added_at": iso(call.fake.clock()),
        "id": user["id"],
        "member_id": _member_id(call.account, user["id"]),
    }


@routes("DELETE /chat/channels/{channelId}/members/me")
async def leave_channel(call: Call) -> None:
    channel = _channel(call)
    user = _acting_user(call)
    if _members(channel).get(user["id"]) in (None, "owner"):
        raise ApiFailure(400, 5301, "Request to leave the channel failed.")
    del _members(channel)[user["id"]]


# -- messages -----------------------------------------------------------------------------------


def _conversation(
    call: Call, values: dict[str, Any], *, required: bool = True
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The channel or the contact (exactly one) ``to_channel``/``to_contact`` in ``values``
    names; 404 as documented for an unknown one."""
    to_channel = values.get("to_channel")
    to_contact = values.get("to_contact")
    if bool(to_channel) == bool(to_contact):
        if not required and not to_channel:
            return None, None
        raise ApiFailure(400, 300, NO_CONVERSATION)
    if to_channel:
        channel = call.records(CHANNELS).get(str(to_channel))
        if channel is None:
            raise documented(
                call,
                404,
                (4130, "Channel does not exist: {to_channel}."),
                hint="channel does not exist",
                to_channel=str(to_channel),
            )
        return channel, None
    contact = _contact(call.account, str(to_contact))
    if contact is None:
        raise documented(
            call,
            404,
            (1001, "User does not exist: {to_contact}."),
            hint="user does not exist",
            to_contact=str(to_contact),
        )
    return None, contact


def _in_conversation(
    message: dict[str, Any],
    user_id: str,
    channel: dict[str, Any] | None,
    contact: dict[str, Any] | None,
) -> bool:
    if channel is not None:
        return bool(message["_channel"] == channel["id"])
    if contact is None or message["_channel"] is not None:
        return False
    return {message["_sender"], message["_contact"]} == {user_id, contact["id"]}


def _visible(call: Call, message: dict[str, Any], user_id: str) -> bool:
    """Sent by now, and in a conversation ``user_id`` is part of."""
    if message["_ts"] > call.fake.clock():
        return False
    if message["_channel"] is not None:
        channel = call.records(CHANNELS).get(message["_channel"])
        return channel is not None and user_id in _members(channel)
    return user_id in (message["_sender"], message["_contact"])


def _message_row(call: Call, message: dict[str, Any], *, listed: bool) -> dict[str, Any]:
    sender = call.account.users.get(message["_sender"])
    row: dict[str, Any] = {
        "id": message["id"],
        "message": message["message"],
        "message_type": "plain_text_message",
        "sender": sender["email"] if sender is not None else "",
        "send_member_id": _member_id(call.account, message["_sender"]),
        "sender_display_name": (sender.get("display_name") or sender["email"]) if sender else "",
        "date_time": iso(message["_ts"]),
        "timestamp": int(message["_ts"] * 1000),
        "reactions": [],
    }
    for key in ("at_items", "rich_text", "interactive_cards"):
        if message.get(key):
            row[key] = [dict(item) for item in message[key]]
    parent_id = message.get("reply_main_message_id")
    if parent_id:
        row["reply_main_message_id"] = parent_id
        parent = call.records(MESSAGES).get(parent_id)
        if parent is not None:
            row["reply_main_message_timestamp"] = int(parent["_ts"] * 1000)
    if listed:
        row["status"] = message["_status"]
    return row


def _cards(cards: Any) -> list[dict[str, Any]]:
    return [
        {"card_id": str(card.get("card_id") or uuid.uuid4().hex), "card_json": card["card_json"]}
        if "card_json" in card
        else {"card_id": str(card.get("card_id", ""))}
        for card in cards or []
        if isinstance(card, dict)
    ]


def _no_files(body: dict[str, Any]) -> None:
    file_ids = body.get("file_ids")
    if file_ids:
        raise ApiFailure(400, 5404, f"File does not exist: {','.join(map(str, file_ids))}.")


@routes("POST /chat/users/{userId}/messages")
async def send_message(call: Call) -> dict[str, Any]:
    sender = path_user(call)
    body = body_of(call)
    channel, contact = _conversation(call, body)
    if channel is not None:
        role = _members(channel).get(sender["id"])
        posting = channel["channel_settings"].get("posting_permissions", 1)
        designated = {
            m.get("user_id")
            for m in channel["channel_settings"].get("designated_posting_members") or []
        }
        if (
            role is None
            or (posting == 2 and role == "member")
            or (posting == 3 and role == "member" and sender["id"] not in designated)
        ):
            raise ApiFailure(400, 5301, "Message sending failed.")
    _no_files(body)
    now = call.fake.clock()
    sent_at = now
    if body.get("scheduled_time"):
        scheduled = parse_time(str(body["scheduled_time"]))
        if scheduled is None or not now + 30 * 60 < scheduled <= now + 180 * DAY:
            raise ApiFailure(
                400,
                300,
                "Invalid parameter: send_time. The time requirement is more than 30 minutes "
                "from now and within 180 days.",
            )
        sent_at = scheduled
    parent_id = body.get("reply_main_message_id")
    if parent_id:
        parent = call.records(MESSAGES).get(str(parent_id))
        if (
            parent is None
            or parent["_status"] == "Deleted"
            or not _visible(call, parent, sender["id"])
            or not _in_conversation(parent, sender["id"], channel, contact)
        ):
            raise ApiFailure(400, 5301, "Message sending failed.")
        if parent.get("reply_main_message_id"):
            raise ApiFailure(400, 5402, "This only supports replies to a main message.")
    message: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "message": body["message"],
        "reply_main_message_id": str(parent_id) if parent_id else None,
        "at_items": [dict(i) for i in body.get("at_items") or []],
        "rich_text": [dict(i) for i in body.get("rich_text") or []],
        "interactive_cards": _cards(body.get("interactive_cards")),
        "_sender": sender["id"],
        "_channel": channel["id"] if channel is not None else None,
        "_contact": contact["id"] if contact is not None else None,
        "_ts": sent_at,
        "_status": "Normal",
    }
    call.records(MESSAGES)[message["id"]] = message
    return {"id": message["id"]}


def _message_window(call: Call) -> tuple[float, float, dict[str, str]]:
    """The span a message list covers, and how the answer names it (``date`` or ``from``/``to``)."""
    now = call.fake.clock()
    query = call.query
    if "date" in query or "from" not in query:
        day = str(query.get("date") or datetime.fromtimestamp(now, UTC).date().isoformat())
        start = parse_time(day[:10])
        if start is None:
            raise validation_failed([("date", "must be a valid date")])
        span: tuple[float, float, dict[str, str]] = (start, start + DAY, {"date": day[:10]})
    else:
        start = parse_time(str(query["from"]))
        end = parse_time(str(query["to"])) if "to" in query else now
        if start is None:
            raise validation_failed([("from", "must be a valid date-time")])
        if end is None:
            raise validation_failed([("to", "must be a valid date-time")])
        span = (start, end + INCLUSIVE, {"from": iso(start), "to": iso(end)})
    if span[0] < now - SIX_MONTHS:
        raise ApiFailure(400, 300, "Only provide past chat messages in recent 6 months.")
    return span


@routes("GET /chat/users/{userId}/messages")
async def list_messages(call: Call) -> dict[str, Any]:
    user = path_user(call)
    query = call.query
    search_type, search_key = query.get("search_type"), query.get("search_key")
    if (search_type is None) != (search_key is None):
        missing = "search_key" if search_key is None else "search_type"
        raise validation_failed([(missing, "is required with search_type and search_key")])
    searching = search_type is not None
    channel, contact = _conversation(call, query, required=not searching)
    if channel is not None and user["id"] not in _members(channel):
        raise documented(call, 400, (200, "Unauthorized request."), hint="permission")
    start, end, span = _message_window(call)
    include_deleted = bool(query.get("include_deleted_and_edited_message"))
    rows = []
    for message in call.records(MESSAGES).values():
        if not _visible(call, message, user["id"]) or not start <= message["_ts"] < end:
            continue
        if (channel is not None or contact is not None) and not _in_conversation(
            message, user["id"], channel, contact
        ):
            continue
        if message["_status"] == "Deleted" and not include_deleted:
            continue
        if query.get("exclude_child_message") and message.get("reply_main_message_id"):
            continue
        if searching and (
            search_type != "message" or str(search_key).lower() not in message["message"].lower()
        ):
            continue
        rows.append(message)
    rows.sort(key=lambda m: m["_ts"], reverse=True)
    key = (user["id"], channel["id"] if channel else "", contact["id"] if contact else "")
    answer = _page(
        call, [_message_row(call, m, listed=True) for m in rows], "messages", key=key, **span
    )
    answer.pop("total_records", None)  # Zoom's message lists do not count
    return answer


def _message(call: Call, values: dict[str, Any], *, sender_only: bool) -> dict[str, Any]:
    """The message ``messageId`` names in the conversation ``values`` names, as ``userId``
    sees it; only its sender may change it."""
    user = path_user(call)
    channel, contact = _conversation(call, values)
    message_id = call.param("messageId")
    message = call.records(MESSAGES).get(message_id)
    if (
        message is None
        or message["_status"] == "Deleted"
        or not _visible(call, message, user["id"])
        or not _in_conversation(message, user["id"], channel, contact)
    ):
        raise ApiFailure(400, 300, f"Message does not exist: {message_id}.")
    if sender_only and message["_sender"] != user["id"]:
        raise ApiFailure(400, 200, "Only the sender of this message can make updates.")
    return message


@routes("GET /chat/users/{userId}/messages/{messageId}")
async def get_message(call: Call) -> dict[str, Any]:
    return _message_row(call, _message(call, call.query, sender_only=False), listed=False)


@routes("PUT /chat/users/{userId}/messages/{messageId}")
async def update_message(call: Call) -> None:
    body = body_of(call)
    message = _message(call, body, sender_only=True)
    _no_files(body)
    if "message" in body:
        message["message"] = body["message"]
        message["_status"] = "Edited"
    if "interactive_cards" in body:
        message["interactive_cards"] = _cards(body["interactive_cards"])
        message["_status"] = "Edited"


@routes("DELETE /chat/users/{userId}/messages/{messageId}")
async def delete_message(call: Call) -> None:
    message = _message(call, call.query, sender_only=True)
    message["_status"] = "Deleted"

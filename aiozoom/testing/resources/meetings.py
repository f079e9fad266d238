"""Meetings (``/users/{userId}/meetings``, ``/meetings/{meetingId}``): scheduled, read, listed,
changed, ended, deleted and recovered, with their registrants and livestream.

State kept (:class:`~aiozoom.testing._state.Account`): meetings by ID and by host, the meetings
deleted (until recovered), each meeting's registrants (in the order they registered) and its
livestream configuration. Zoom's rules kept:

- A meeting is named by its ID or UUID (a UUID with ``/`` arrives encoded twice); an unknown one
  is the operation's documented 404 (code 3001; ``POST .../registrants`` documents 1001).
- A new meeting answers 201 with Zoom's defaults filled into ``settings`` (from the host's user
  settings, then the description's defaults) under what was sent; a passcode sent is kept, else
  one is made when the host's settings require it (see :mod:`aiozoom.testing._state`).
  ``PATCH`` merges ``settings`` deep and answers 204, as ``DELETE`` does.
- ``GET /users/{userId}/meetings`` lists a host's meetings by ``type`` (``scheduled``: all;
  ``live``: started; ``upcoming``: starting from now on; ``previous_meetings``: ended at least
  once) and ``from``/``to`` (start dates), paged by ``next_page_token`` or ``page_number``; an
  agenda is cut to 250 characters there.
- ``PUT /meetings/{meetingId}/status``: ``end`` ends the meeting now (a past meeting instance;
  a cloud recording when ``auto_recording`` is ``cloud``), ``recover`` brings a deleted one back.
- Registration needs a scheduled meeting (type 2 or 8) whose ``approval_type`` is 0 (registrants
  approved at once) or 1 (pending until approved); otherwise 400 code 300. Registering the same
  email twice answers the first registration. Approved registrants are capped by the host's
  meeting capacity (400 code 3043). Registrants list by ``status`` (``approved`` unless asked),
  paged both ways; ``approve``/``deny``/``cancel`` change their status (``cancel``: approved to
  denied); an unknown registrant is 404 (reading) or 400 code 300 (deleting).
- A livestream is configured with ``PATCH .../livestream``; ``start`` needs a configured
  livestream, a meeting in progress (400 code 4927) and no end-to-end encryption (400 code 4400).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime
from typing import Any

from aiozoom.testing._router import Call, Routes, not_found, validation_failed
from aiozoom.testing._spec import documented_error
from aiozoom.testing._state import ApiFailure, iso
from aiozoom.testing.resources._common import body_of

__all__ = ["meeting_of", "routes"]

routes = Routes()

MEETING_MISSING = (3001, "Meeting does not exist: {meetingId}.")
AGENDA_IN_LISTS = 250  # "The length of agenda gets truncated to 250 characters" in lists
_SUMMARY_FIELDS = (
    "uuid",
    "id",
    "host_id",
    "topic",
    "type",
    "start_time",
    "duration",
    "timezone",
    "created_at",
    "join_url",
)
_REGISTRABLE_TYPES = (2, 8)
_STATUS_BY_ACTION = {"approve": "approved", "deny": "denied"}


def meeting_of(call: Call, name: str = "meetingId") -> dict[str, Any]:
    """The meeting the path parameter ``name`` names, or the operation's documented 404."""
    value = call.param(name)
    try:
        return call.state.find_meeting(call.account, value)
    except ApiFailure as failure:
        if failure.status != 404:
            raise
        raise not_found(call.spec, MEETING_MISSING, **{name: value}) from None


# -- meetings -------------------------------------------------------------------------------------


@routes("GET /users/{userId}/meetings")
async def list_meetings(call: Call) -> dict[str, Any]:
    host = call.user()
    kind = call.query.get("type", "scheduled")
    start, end = _date(call, "from"), _date(call, "to")
    now = call.fake.clock()
    rows = []
    for meeting_id in call.account.meetings_by_host.get(host["id"], []):
        meeting = call.account.meetings[meeting_id]
        if not _of_kind(call, meeting, kind, now):
            continue
        day = _start_of(meeting).date()
        if (start is not None and day < start) or (end is not None and day > end):
            continue
        rows.append(_summary(meeting))
    key = (host["id"], kind, str(start), str(end))
    return call.page(rows, "meetings", key=key)


@routes("POST /users/{userId}/meetings")
async def create_meeting(call: Call) -> dict[str, Any]:
    return call.state.create_meeting(call.account, call.user()["id"], body_of(call))


@routes("GET /meetings/{meetingId}")
async def get_meeting(call: Call) -> dict[str, Any]:
    return meeting_of(call)


@routes("PATCH /meetings/{meetingId}")
async def update_meeting(call: Call) -> None:
    meeting = meeting_of(call)
    call.state.update_meeting(call.account, str(meeting["id"]), body_of(call))


@routes("DELETE /meetings/{meetingId}")
async def delete_meeting(call: Call) -> None:
    meeting = meeting_of(call)
    call.state.delete_meeting(call.account, str(meeting["id"]))


@routes("PUT /meetings/{meetingId}/status")
async def update_meeting_status(call: Call) -> None:
    action = body_of(call).get("action")
    if action == "recover":
        value = call.param("meetingId")
        if value.isdigit() and int(value) in call.account.meetings:
            return  # not deleted: nothing to recover
        try:
            call.state.recover_meeting(call.account, value)
        except ApiFailure:
            raise not_found(call.spec, MEETING_MISSING, meetingId=value) from None
        return
    if action != "end":
        raise validation_failed([("action", "is required")])
    meeting = meeting_of(call)
    cloud = meeting["settings"].get("auto_recording") == "cloud"
    call.fake.end_meeting(meeting["id"], recording=cloud, account=call.account)


def _of_kind(call: Call, meeting: dict[str, Any], kind: str, now: float) -> bool:
    if kind == "live":
        return bool(meeting["status"] == "started")
    if kind in ("upcoming", "upcoming_meetings"):
        return meeting["status"] == "started" or _start_of(meeting).timestamp() >= now
    if kind == "previous_meetings":
        return bool(call.account.past_meetings.get(meeting["id"]))
    return True


def _summary(meeting: dict[str, Any]) -> dict[str, Any]:
    row = {k: meeting[k] for k in _SUMMARY_FIELDS if k in meeting}
    row["agenda"] = str(meeting.get("agenda", ""))[:AGENDA_IN_LISTS]
    return row


def _start_of(meeting: dict[str, Any]) -> datetime:
    """A meeting's ``start_time`` as a UTC time (one without an offset is read as UTC)."""
    raw = str(meeting.get("start_time") or meeting.get("created_at") or "")
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return datetime.fromtimestamp(0, UTC)
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _date(call: Call, name: str) -> date | None:
    raw = call.query.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise validation_failed([(name, "must be a date (yyyy-mm-dd)")]) from None


# -- registrants ----------------------------------------------------------------------------------


def _registrants(call: Call, meeting: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return call.account.registrants.setdefault(int(meeting["id"]), {})


def _registration_open(meeting: dict[str, Any]) -> None:
    approval = meeting["settings"].get("approval_type", 2)
    if meeting["type"] not in _REGISTRABLE_TYPES or approval not in (0, 1):
        raise ApiFailure(
            400, 300, f"Registration has not been enabled for this meeting: {meeting['id']}."
        )


def _capacity(call: Call, meeting: dict[str, Any]) -> int:
    host = call.account.users.get(meeting["host_id"])
    if host is None:
        return 300
    feature = call.state.user_settings(call.account, host).get("feature") or {}
    capacity = feature.get("meeting_capacity", 300)
    return capacity if isinstance(capacity, int) and capacity > 0 else 300


def _check_room(call: Call, meeting: dict[str, Any], more: int) -> None:
    approved = sum(1 for r in _registrants(call, meeting).values() if r["status"] == "approved")
    if approved + more > _capacity(call, meeting):
        raise ApiFailure(400, 3043, "Meeting has reached maximum attendee capacity.")


@routes("POST /meetings/{meetingId}/registrants")
async def add_registrant(call: Call) -> dict[str, Any]:
    meeting = meeting_of(call)
    _registration_open(meeting)
    body = body_of(call)
    email = body.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise validation_failed([("email", "is required")])
    registrants = _registrants(call, meeting)
    registrant = next(
        (r for r in registrants.values() if r["email"].lower() == email.lower()), None
    )
    if registrant is None:
        status = "approved" if meeting["settings"].get("approval_type") == 0 else "pending"
        if status == "approved":
            _check_room(call, meeting, 1)
        registrant_id = secrets.token_urlsafe(16)[:22]
        registrant = {
            **body,
            "id": registrant_id,
            "email": email,
            "first_name": str(body.get("first_name", "")),
            "last_name": str(body.get("last_name", "")),
            "status": status,
            "create_time": iso(call.fake.clock()),
            "join_url": f"https://zoom.example/w/{meeting['id']}?tk={registrant_id}",
            "participant_pin_code": _pin(registrant_id),
        }
        registrants[registrant_id] = registrant
    return {
        "id": meeting["id"],
        "registrant_id": registrant["id"],
        "join_url": registrant["join_url"],
        "participant_pin_code": registrant["participant_pin_code"],
        "start_time": meeting["start_time"],
        "topic": meeting["topic"],
        "occurrences": [],
    }


@routes("GET /meetings/{meetingId}/registrants")
async def list_registrants(call: Call) -> dict[str, Any]:
    meeting = meeting_of(call)
    status = call.query.get("status", "approved")
    rows = [r for r in _registrants(call, meeting).values() if r["status"] == status]
    return call.page(rows, "registrants", key=(str(meeting["id"]), status))


@routes("GET /meetings/{meetingId}/registrants/{registrantId}")
async def get_registrant(call: Call) -> dict[str, Any]:
    meeting = meeting_of(call)
    registrant_id = call.param("registrantId")
    registrant = _registrants(call, meeting).get(registrant_id)
    if registrant is None:
        code, _ = documented_error(call.spec, 404) or MEETING_MISSING
        raise ApiFailure(404, code, f"Registrant does not exist: {registrant_id}.")
    return registrant


@routes("PUT /meetings/{meetingId}/registrants/status")
async def update_registrant_status(call: Call) -> None:
    meeting = meeting_of(call)
    _registration_open(meeting)
    body = body_of(call)
    action = body.get("action")
    if action not in ("approve", "deny", "cancel"):
        raise validation_failed([("action", "is required")])
    registrants = _registrants(call, meeting)
    chosen: list[dict[str, Any]] = []
    sent = body.get("registrants")
    if not sent:
        chosen = list(registrants.values())
    for i, entry in enumerate(sent or []):
        found = _registrant_named(registrants, entry if isinstance(entry, dict) else {})
        if found is None:
            raise validation_failed([(f"registrants[{i}]", "does not exist")])
        chosen.append(found)
    if action == "cancel":
        for registrant in chosen:
            if registrant["status"] == "approved":
                registrant["status"] = "denied"
        return
    target = _STATUS_BY_ACTION[action]
    if target == "approved":
        _check_room(call, meeting, sum(1 for r in chosen if r["status"] != "approved"))
    for registrant in chosen:
        registrant["status"] = target


@routes("DELETE /meetings/{meetingId}/registrants/{registrantId}")
async def delete_registrant(call: Call) -> None:
    meeting = meeting_of(call)
    registrants = _registrants(call, meeting)
    if registrants.pop(call.param("registrantId"), None) is None:
        raise ApiFailure(
            400,
            300,
            "The value that you entered for the Registrant ID field is invalid. Enter a valid "
            "value and try again.",
        )


def _registrant_named(
    registrants: dict[str, dict[str, Any]], entry: dict[str, Any]
) -> dict[str, Any] | None:
    by_id = registrants.get(str(entry.get("id", "")))
    if by_id is not None:
        return by_id
    email = str(entry.get("email", "")).lower()
    return next((r for r in registrants.values() if email and r["email"].lower() == email), None)


def _pin(registrant_id: str) -> int:
    digest = hashlib.sha256(registrant_id.encode()).digest()
    return 100_000 + int.from_bytes(digest[:4], "big") % 900_000


# -- livestream -----------------------------------------------------------------------------------


def _livestream(call: Call, meeting: dict[str, Any]) -> dict[str, Any]:
    return call.account.livestreams.setdefault(
        int(meeting["id"]),
        {"stream_url": "", "stream_key": "", "page_url": "", "resolution": "720p"},
    )


@routes("GET /meetings/{meetingId}/livestream")
async def get_livestream(call: Call) -> dict[str, Any]:
    stream = _livestream(call, meeting_of(call))
    return {k: v for k, v in stream.items() if not k.startswith("_")}


@routes("PATCH /meetings/{meetingId}/livestream")
async def update_livestream(call: Call) -> None:
    stream = _livestream(call, meeting_of(call))
    body = body_of(call)
    for key in ("stream_url", "stream_key", "page_url", "resolution"):
        if isinstance(body.get(key), str):
            stream[key] = body[key]


@routes("PATCH /meetings/{meetingId}/livestream/status")
async def update_livestream_status(call: Call) -> None:
    meeting = meeting_of(call)
    stream = _livestream(call, meeting)
    body = body_of(call)
    action = body.get("action")
    if action not in ("start", "stop", "mode"):
        raise validation_failed([("action", "is required")])
    if action == "stop":
        stream["_status"] = "stopped"
        return
    if meeting["settings"].get("encryption_type") == "e2ee":
        raise ApiFailure(
            400,
            4400,
            "End-to-end encrypted meetings currently do not support the livestreaming feature.",
        )
    if meeting["status"] != "started":
        raise ApiFailure(400, 4927, f"Meeting {meeting['id']} has not started.")
    if not stream["stream_url"]:
        raise ApiFailure(400, 300, "The livestream of this meeting has not been configured.")
    if isinstance(body.get("settings"), dict):
        stream["_settings"] = {**stream.get("_settings", {}), **body["settings"]}
    if action == "start":
        stream["_status"] = "started"

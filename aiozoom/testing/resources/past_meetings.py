"""Past meetings (``/past_meetings/{meetingId}``): the instances of meetings that ended, their
details and their participants.

State kept: each meeting's ended instances, oldest first, recorded when a meeting ends
(``FakeZoom.end_meeting``, or ``PUT /meetings/{meetingId}/status`` with ``end``) and kept after
the meeting is deleted (:meth:`~aiozoom.testing._state.ZoomState.meeting_ended`). Zoom's rules
kept:

- A meeting ID means its latest ended instance, a UUID that instance (a UUID with ``/`` arrives
  encoded twice); a meeting that never ended is 404 code 3001.
- An instance's participants are its host and the registrants approved when it ended, each
  present from start to end; as Zoom documents, the participants list is empty when only one
  person took part. It pages by ``next_page_token``.
- ``.../instances`` lists every ended instance (``uuid``, ``start_time``), newest first; a
  scheduled meeting that never ended has none, an unknown meeting is 404 code 3001.
"""

from __future__ import annotations

from typing import Any

from aiozoom.testing._router import Call, Routes, not_found
from aiozoom.testing._state import ApiFailure

__all__ = ["routes"]

routes = Routes()

MEETING_MISSING = (3001, "Meeting does not exist: {meetingId}.")


def _instance(call: Call) -> dict[str, Any]:
    value = call.param("meetingId")
    try:
        return call.state.find_past_meeting(call.account, value)
    except ApiFailure:
        raise not_found(call.spec, MEETING_MISSING, meetingId=value) from None


@routes("GET /past_meetings/{meetingId}")
async def get_past_meeting(call: Call) -> dict[str, Any]:
    instance = _instance(call)
    return {k: v for k, v in instance.items() if k != "participants"}


@routes("GET /past_meetings/{meetingId}/participants")
async def list_participants(call: Call) -> dict[str, Any]:
    instance = _instance(call)
    people = instance["participants"]
    rows = list(people) if len(people) > 1 else []  # "doesn't return results if there's only one"
    return call.page(rows, "participants", key=(instance["uuid"],))


@routes("GET /past_meetings/{meetingId}/instances")
async def list_instances(call: Call) -> dict[str, Any]:
    value = call.param("meetingId")
    meeting_id = _meeting_id(call, value)
    if meeting_id is None:
        raise not_found(call.spec, MEETING_MISSING, meetingId=value)
    instances = call.account.past_meetings.get(meeting_id, [])
    return {
        "meetings": [
            {"uuid": i["uuid"], "start_time": i["start_time"]} for i in reversed(instances)
        ]
    }


def _meeting_id(call: Call, value: str) -> int | None:
    """The ID of the meeting ``value`` names (its ID, its UUID or an instance's UUID), if the
    account has (or had) that meeting."""
    if value.isdigit() and (
        int(value) in call.account.past_meetings or int(value) in call.account.meetings
    ):
        return int(value)
    for meeting in call.account.meetings.values():
        if meeting["uuid"] == value:
            return int(meeting["id"])
    for meeting_id, instances in call.account.past_meetings.items():
        if any(i["uuid"] == value for i in instances):
            return meeting_id
    return None

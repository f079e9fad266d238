"""Webinars (``/users/{userId}/webinars``, ``/webinars/{webinarId}``), their panelists and
registrants: made, read, listed, updated, ended and deleted.

State: the account's ``"webinars"`` records, by webinar ID (a number, as Zoom's), each in the shape
``GET /webinars/{webinarId}`` describes; a webinar keeps its panelists (``_panelists``, by panelist
ID) and registrants (``_registrants``, by registrant ID), and whether it was ended (``_ended``).

Zoom's rules kept:

* a new webinar's settings are the response schema's defaults (``approval_type`` 2, ``audio``
  ``"both"``, ...) overlaid with what was sent; ``type`` defaults to 5, a passcode is made unless
  ``default_passcode`` is ``false``, a recurring webinar with a fixed time (type 9) gets its
  occurrences from ``recurrence``; ``schedule_for`` must name a user of the account (400, 300);
* an unknown webinar (by ID or UUID) answers the documented 404, code 3001; an unknown user 1001;
* ``GET /users/{userId}/webinars`` pages by ``page_number`` (and ``next_page_token``);
  ``type=upcoming`` leaves out ended webinars and those whose end has passed;
* ``PATCH`` merges what was sent (settings key by key) and answers 204; ``DELETE`` answers 204,
  with ``occurrence_id`` it deletes one occurrence (400, 3000 when there is no such occurrence);
  ``PUT .../status`` with ``{"action": "end"}`` ends the webinar;
* panelists are unique by email (adding one again renames it), at most 30 a request and 100 in
  all (400, 3000); one is removed by ID or email (400, 3000 when there is none);
* registration needs ``approval_type`` 0 or 1 (else 400, 3000): 0 approves at once, 1 leaves the
  registrant ``pending``; the host cannot register (3027), nor a panelist (3000), nor anyone once
  the webinar has ended (3038); registering an email again answers the same registration;
  ``registrants_restrict_number`` caps the approved registrants (3000 on registering, 3035 on
  approving); registrants list by ``status`` (default ``approved``), paged both ways;
  ``PUT .../registrants/status`` approves, denies or cancels (cancelled: ``denied``); an unknown
  registrant answers 400 with code 3079 (``GET``) or 3000 (``DELETE``), as documented.
"""

from __future__ import annotations

import base64
import calendar
import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from aiozoom.testing._router import Call, Routes, not_found, validation_failed
from aiozoom.testing._state import ApiFailure, documented_defaults, iso
from aiozoom.testing.resources._common import body_of, documented_code, merged, parse_moment

__all__ = ["routes"]

routes = Routes()

WEBINAR_MISSING = (3001, "Webinar does not exist: {webinarId}.")
MAX_PANELISTS = 100
"""Panelists a webinar may have (Zoom's default limit; more needs Zoom Support)."""

_LIST_FIELDS = (
    "uuid",
    "id",
    "host_id",
    "topic",
    "type",
    "start_time",
    "duration",
    "timezone",
    "agenda",
    "created_at",
    "join_url",
    "is_simulive",
)
_SENT_FIELDS = (
    "topic",
    "type",
    "start_time",
    "duration",
    "timezone",
    "agenda",
    "password",
    "recurrence",
    "tracking_fields",
    "template_id",
    "is_simulive",
    "record_file_id",
    "transition_to_live",
    "simulive_delay_start",
)
_REGISTRANT_FIELDS = (
    "email",
    "first_name",
    "last_name",
    "address",
    "city",
    "state",
    "zip",
    "country",
    "phone",
    "comments",
    "custom_questions",
    "industry",
    "job_title",
    "no_of_employees",
    "org",
    "purchasing_time_frame",
    "role_in_purchase_process",
    "language",
)


# -- helpers ----------------------------------------------------------------------------------


def _public(record: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if not k.startswith("_")}


def _properties(schema: Any) -> dict[str, Any]:
    """A schema's properties, its ``allOf`` members' included."""
    if not isinstance(schema, Mapping):
        return {}
    found: dict[str, Any] = {}
    for member in schema.get("allOf") or ():
        found.update(_properties(member))
    found.update(schema.get("properties") or {})
    return found


def _webinar_id(call: Call) -> int:
    taken = call.records("webinars")
    while True:
        number = 90_000_000_000 + secrets.randbelow(9_999_999_999)
        if str(number) not in taken and number not in call.account.meetings:
            return number


def _webinar(call: Call) -> dict[str, Any]:
    """The webinar the path names, by ID or UUID; the documented 404 otherwise."""
    value = call.param("webinarId")
    records = call.records("webinars")
    record = records.get(value)
    if record is None:
        record = next((w for w in records.values() if w["uuid"] == value), None)
    if record is None:
        raise not_found(call.spec, WEBINAR_MISSING, webinarId=value)
    return record


def _host(call: Call, schedule_for: Any) -> dict[str, Any]:
    if schedule_for is None:
        return call.user()
    try:
        return call.state.find_user(call.account, str(schedule_for))
    except ApiFailure:
        raise documented_code(
            call,
            400,
            300,
            "The value that you entered for the `schedule_for` field is invalid. "
            "Enter a valid value and try again.",
            hint="schedule_for",
        ) from None


def _occurrences(webinar: dict[str, Any]) -> list[dict[str, Any]]:
    """The occurrences of a recurring webinar with a fixed time (type 9): ``end_times`` of
    them (or until ``end_date_time``), every ``repeat_interval`` days, weeks or months."""
    recurrence = webinar.get("recurrence")
    start = parse_moment(webinar.get("start_time"))
    if webinar.get("type") != 9 or not isinstance(recurrence, Mapping) or start is None:
        return []
    every = max(1, int(recurrence.get("repeat_interval") or 1))
    count = int(recurrence.get("end_times") or 1)
    until = parse_moment(recurrence.get("end_date_time"))
    if until is not None:
        count = 60
    kind = recurrence.get("type", 1)
    found: list[dict[str, Any]] = []
    for n in range(max(1, min(count, 60))):
        if kind == 3:
            month = start.month - 1 + n * every
            year, month = start.year + month // 12, month % 12 + 1
            day = min(start.day, calendar.monthrange(year, month)[1])
            moment = start.replace(year=year, month=month, day=day)
        else:
            moment = start + timedelta(days=n * every * (7 if kind == 2 else 1))
        if until is not None and moment > until:
            break
        found.append(
            {
                "occurrence_id": str(int(moment.timestamp() * 1000)),
                "start_time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "duration": webinar.get("duration", 60),
                "status": "available",
            }
        )
    return found


def _registration_open(webinar: Mapping[str, Any]) -> bool:
    return webinar["settings"].get("approval_type") in (0, 1)


def _refresh(webinar: dict[str, Any]) -> None:
    """What follows from the webinar's fields: its registration URL and occurrences."""
    if _registration_open(webinar):
        webinar.setdefault(
            "registration_url",
            f"https://zoom.example/webinar/register/{secrets.token_urlsafe(24)}",
        )
    else:
        webinar.pop("registration_url", None)
    if webinar.get("type") == 9:
        kept = {o["occurrence_id"]: o["status"] for o in webinar.get("occurrences") or ()}
        occurrences = _occurrences(webinar)
        for occurrence in occurrences:
            occurrence["status"] = kept.get(occurrence["occurrence_id"], "available")
        webinar["occurrences"] = occurrences
    else:
        webinar.pop("occurrences", None)


def _upcoming(call: Call, webinar: Mapping[str, Any]) -> bool:
    if webinar.get("_ended"):
        return False
    start = parse_moment(webinar.get("start_time"))
    if webinar.get("type") == 6 or start is None:
        return True
    end = start + timedelta(minutes=int(webinar.get("duration") or 0))
    return end.timestamp() >= call.fake.clock()


# -- webinars ---------------------------------------------------------------------------------


@routes("POST /users/{userId}/webinars")
async def create_webinar(call: Call) -> dict[str, Any]:
    body = body_of(call)
    host = _host(call, body.get("schedule_for"))
    response_schema = (call.spec.response or {}).get("schema") or {}
    settings_schema = _properties(response_schema).get("settings") or {}
    number = _webinar_id(call)
    now = call.fake.clock()
    webinar: dict[str, Any] = {
        "uuid": base64.b64encode(secrets.token_bytes(16)).decode(),
        "id": number,
        "host_id": host["id"],
        "host_email": host["email"],
        "topic": "Zoom Webinar",
        "type": 5,
        "start_time": iso(now),
        "duration": 60,
        "timezone": host.get("timezone") or "UTC",
        "agenda": "",
        "created_at": iso(now),
        "start_url": f"https://zoom.example/s/{number}?zak=fake",
        "join_url": f"https://zoom.example/j/{number}",
        "is_simulive": False,
        "creation_source": "open_api",
    }
    for key in _SENT_FIELDS:
        if key in body:
            webinar[key] = body[key]
    if "password" not in body and body.get("default_passcode", True):
        webinar["password"] = f"{secrets.randbelow(1_000_000):06d}"
    if webinar.get("password"):
        webinar["encrypted_passcode"] = secrets.token_urlsafe(24)
        webinar["h323_passcode"] = f"{secrets.randbelow(1_000_000):06d}"
    sent_settings = body.get("settings") if isinstance(body.get("settings"), Mapping) else {}
    webinar["settings"] = merged(documented_defaults(settings_schema), sent_settings or {})
    if webinar["type"] == 6:
        webinar.pop("start_time", None)
    _refresh(webinar)
    webinar["_panelists"] = {}
    webinar["_registrants"] = {}
    webinar["_ended"] = False
    call.records("webinars")[str(number)] = webinar
    return _public(webinar)


@routes("GET /users/{userId}/webinars")
async def list_webinars(call: Call) -> dict[str, Any]:
    host = call.user()
    upcoming = call.query.get("type") == "upcoming"
    rows = [
        {k: w[k] for k in _LIST_FIELDS if k in w}
        for w in call.records("webinars").values()
        if w["host_id"] == host["id"] and (not upcoming or _upcoming(call, w))
    ]
    return call.page(rows, "webinars", key=(host["id"], "upcoming" if upcoming else "scheduled"))


@routes("GET /webinars/{webinarId}")
async def get_webinar(call: Call) -> dict[str, Any]:
    webinar = _public(_webinar(call))
    wanted = call.query.get("occurrence_id")
    if wanted is not None:
        occurrences = webinar.get("occurrences") or []
        webinar["occurrences"] = [o for o in occurrences if o["occurrence_id"] == wanted]
    elif not call.query.get("show_previous_occurrences") and "occurrences" in webinar:
        webinar["occurrences"] = [o for o in webinar["occurrences"] if o["status"] == "available"]
    return webinar


@routes("PATCH /webinars/{webinarId}")
async def update_webinar(call: Call) -> None:
    webinar = _webinar(call)
    body = body_of(call)
    if "schedule_for" in body:
        host = _host(call, body["schedule_for"])
        webinar["host_id"], webinar["host_email"] = host["id"], host["email"]
    for key in _SENT_FIELDS:
        if key in body:
            webinar[key] = body[key]
    if isinstance(body.get("settings"), Mapping):
        sent = {k: v for k, v in body["settings"].items() if k != "notify_registrants"}
        webinar["settings"] = merged(webinar["settings"], sent)
    if "password" in body:
        webinar["encrypted_passcode"] = secrets.token_urlsafe(24)
    _refresh(webinar)


@routes("DELETE /webinars/{webinarId}")
async def delete_webinar(call: Call) -> None:
    webinar = _webinar(call)
    occurrence = call.query.get("occurrence_id")
    if occurrence is not None:
        for entry in webinar.get("occurrences") or ():
            if entry["occurrence_id"] == occurrence:
                entry["status"] = "deleted"
                return
        raise documented_code(
            call, 400, 3000, "Webinar occurrence does not exist.", hint="occurrence"
        )
    del call.records("webinars")[str(webinar["id"])]


@routes("PUT /webinars/{webinarId}/status")
async def update_webinar_status(call: Call) -> None:
    webinar = _webinar(call)
    if body_of(call).get("action") != "end":
        raise validation_failed([("action", "is required")])
    webinar["_ended"] = True


# -- panelists --------------------------------------------------------------------------------


def _panelists(webinar: dict[str, Any]) -> dict[str, dict[str, Any]]:
    panelists: dict[str, dict[str, Any]] = webinar["_panelists"]
    return panelists


@routes("POST /webinars/{webinarId}/panelists")
async def add_panelists(call: Call) -> dict[str, Any]:
    webinar = _webinar(call)
    panelists = _panelists(webinar)
    sent = body_of(call).get("panelists") or []
    if len(sent) > 30:
        raise validation_failed([("panelists", "must have at most 30 items")])
    errors = [
        (f"panelists[{i}].email", "is required")
        for i, entry in enumerate(sent)
        if not isinstance(entry, Mapping) or not isinstance(entry.get("email"), str)
    ]
    if errors:
        raise validation_failed(errors)
    by_email = {p["email"].lower(): p for p in panelists.values()}
    new = {e["email"].lower() for e in sent} - set(by_email)
    if len(panelists) + len(new) > MAX_PANELISTS:
        raise documented_code(
            call,
            400,
            3000,
            "You have reached the limit for the number of panelists you can add. "
            "Contact Zoom Support for more information.",
            hint="limit",
        )
    for entry in sent:
        found = by_email.get(entry["email"].lower())
        if found is None:
            panelist_id = secrets.token_urlsafe(16)[:22]
            found = {
                "id": panelist_id,
                "email": entry["email"],
                "name": "",
                "join_url": f"https://zoom.example/w/{webinar['id']}?tk={secrets.token_urlsafe(16)}",
            }
            panelists[panelist_id] = found
            by_email[entry["email"].lower()] = found
        found.update({k: v for k, v in entry.items() if k != "email"})
    return {"id": str(webinar["id"]), "updated_at": iso(call.fake.clock())}


@routes("GET /webinars/{webinarId}/panelists")
async def list_panelists(call: Call) -> dict[str, Any]:
    panelists = [dict(p) for p in _panelists(_webinar(call)).values()]
    return {"total_records": len(panelists), "panelists": panelists}


@routes("DELETE /webinars/{webinarId}/panelists")
async def remove_panelists(call: Call) -> None:
    _panelists(_webinar(call)).clear()


@routes("DELETE /webinars/{webinarId}/panelists/{panelistId}")
async def remove_panelist(call: Call) -> None:
    panelists = _panelists(_webinar(call))
    wanted = call.param("panelistId")
    for panelist_id, panelist in panelists.items():
        if wanted == panelist_id or wanted.lower() == panelist["email"].lower():
            del panelists[panelist_id]
            return
    raise ApiFailure(400, 3000, f"Panelist does not exist: {wanted}.")


# -- registrants ------------------------------------------------------------------------------


def _registrants(webinar: dict[str, Any]) -> dict[str, dict[str, Any]]:
    registrants: dict[str, dict[str, Any]] = webinar["_registrants"]
    return registrants


def _approved(webinar: dict[str, Any]) -> int:
    return sum(1 for r in _registrants(webinar).values() if r["status"] == "approved")


def _full(webinar: dict[str, Any]) -> bool:
    limit = webinar["settings"].get("registrants_restrict_number") or 0
    return bool(limit) and _approved(webinar) >= limit


def _registration_needed(call: Call, webinar: dict[str, Any]) -> None:
    if not _registration_open(webinar):
        raise documented_code(
            call,
            400,
            3000,
            "Registration has not been enabled for this webinar: {webinarId}.",
            hint="not been enabled",
            webinarId=str(webinar["id"]),
        )


def _registrant(call: Call, webinar: dict[str, Any], code: int, fallback: str) -> dict[str, Any]:
    wanted = call.param("registrantId")
    registrant = _registrants(webinar).get(wanted)
    if registrant is None:
        hint = "registrant" if code == 3000 else ""
        raise documented_code(call, 400, code, fallback, hint=hint, registrantId=wanted)
    return registrant


@routes("POST /webinars/{webinarId}/registrants")
async def add_registrant(call: Call) -> dict[str, Any]:
    webinar = _webinar(call)
    body = body_of(call)
    webinar_id = str(webinar["id"])
    if not _registration_open(webinar):
        raise documented_code(
            call,
            400,
            3000,
            "This webinar does not have registration as required: {webinarId}.",
            hint="registration as required",
            webinarId=webinar_id,
        )
    if webinar["_ended"]:
        raise documented_code(call, 400, 3038, "Webinar is over, you cannot register now.")
    email = str(body["email"])
    if email.lower() == webinar["host_email"].lower():
        raise documented_code(call, 400, 3027, "Host cannot register.")
    if any(p["email"].lower() == email.lower() for p in _panelists(webinar).values()):
        raise documented_code(
            call,
            400,
            3000,
            "You have been invited as a panelist for the webinar, please check your email to "
            "find more information about this webinar.",
            hint="panelist",
        )
    registrant = next(
        (r for r in _registrants(webinar).values() if r["email"].lower() == email.lower()), None
    )
    if registrant is None:
        automatic = webinar["settings"].get("approval_type") == 0
        if automatic and _full(webinar):
            raise documented_code(
                call,
                400,
                3000,
                "You have reached the limit for the number of attendees you can add. "
                "Contact Zoom Support for more information.",
                hint="number of attendees",
            )
        registrant_id = secrets.token_urlsafe(16)[:22]
        registrant = {"id": registrant_id}
        registrant.update({k: body[k] for k in _REGISTRANT_FIELDS if k in body})
        registrant.update(
            {
                "status": "approved" if automatic else "pending",
                "create_time": iso(call.fake.clock()),
                "join_url": f"https://zoom.example/w/{webinar_id}?tk={secrets.token_urlsafe(16)}",
            }
        )
        _registrants(webinar)[registrant_id] = registrant
    answer: dict[str, Any] = {
        "id": webinar["id"],
        "registrant_id": registrant["id"],
        "topic": webinar["topic"],
        "join_url": registrant["join_url"],
    }
    if "start_time" in webinar:
        answer["start_time"] = webinar["start_time"]
    if "occurrences" in webinar:
        answer["occurrences"] = [o for o in webinar["occurrences"] if o["status"] == "available"]
    return answer


@routes("GET /webinars/{webinarId}/registrants")
async def list_registrants(call: Call) -> dict[str, Any]:
    webinar = _webinar(call)
    status = call.query.get("status", "approved")
    rows = [dict(r) for r in _registrants(webinar).values() if r["status"] == status]
    return call.page(rows, "registrants", key=(str(webinar["id"]), status))


@routes("GET /webinars/{webinarId}/registrants/{registrantId}")
async def get_registrant(call: Call) -> dict[str, Any]:
    webinar = _webinar(call)
    _registration_needed(call, webinar)
    return dict(_registrant(call, webinar, 3079, "This registrant does not exist: {registrantId}."))


@routes("PUT /webinars/{webinarId}/registrants/status")
async def update_registrant_status(call: Call) -> None:
    webinar = _webinar(call)
    if not _registration_open(webinar):
        raise documented_code(
            call,
            400,
            300,
            "Registration has not been enabled for this meeting: {webinarId}.",
            hint="not been enabled",
            webinarId=str(webinar["id"]),
        )
    body = body_of(call)
    registrants = _registrants(webinar)
    sent = body.get("registrants")
    if sent is None:
        chosen = list(registrants.values())
    else:
        by_email = {r["email"].lower(): r for r in registrants.values()}
        chosen = []
        for entry in sent:
            key_id = entry.get("id") if isinstance(entry, Mapping) else None
            key_email = entry.get("email") if isinstance(entry, Mapping) else None
            found = registrants.get(key_id) if isinstance(key_id, str) else None
            if found is None and isinstance(key_email, str):
                found = by_email.get(key_email.lower())
            if found is not None:
                chosen.append(found)
    action = body["action"]
    if action == "approve":
        limit = webinar["settings"].get("registrants_restrict_number") or 0
        adding = sum(1 for r in chosen if r["status"] != "approved")
        if limit and _approved(webinar) + adding > limit:
            raise documented_code(call, 400, 3035, "Webinar has reached maximum attendee capacity.")
    status = {"approve": "approved", "deny": "denied", "cancel": "denied"}[action]
    for registrant in chosen:
        if action == "cancel" and registrant["status"] != "approved":
            continue
        registrant["status"] = status


@routes("DELETE /webinars/{webinarId}/registrants/{registrantId}")
async def delete_registrant(call: Call) -> None:
    webinar = _webinar(call)
    _registration_needed(call, webinar)
    registrant = _registrant(call, webinar, 3000, "Registrant {registrantId} was not found.")
    del _registrants(webinar)[registrant["id"]]

"""Zoom Phone: phone users and their call logs, in both of Zoom's editions.

State kept per account:

- ``records("phone_users")``: one phone profile per user of the account, made the first time
  any phone operation looks at the account (every user has a Zoom Phone licence in the fake):
  an extension number (``1001`` upwards, unique in the account), a phone number, the main site,
  a calling plan and the policy ``PATCH /phone/users/{userId}`` sent. Name, email and department
  are read from the account's user, so a renamed user is renamed here too.
- ``records("phone_call_logs")``: one record per call of a user, recorded with
  :func:`add_call_log` (Zoom has no API to make calls). Each answers in the call history
  edition (``/phone/call_history``, ``/phone/users/{userId}/call_history``) and in the older,
  deprecated call log edition (``/phone/call_logs``, ``/phone/users/{userId}/call_logs``).

Zoom's rules kept: lists page with ``page_size`` and ``next_page_token`` (no ``page_number``),
newest call first; ``from``/``to`` take a date or a date-time, ``to`` is required with ``from``,
without ``from`` only the last 24 hours are listed, and one request covers at most one month
from ``from`` (``time_type`` chooses start or end time); the call history lists filter by their
documented filters (``keyword``, ``directions``, ``call_results``, ...). An unknown user answers
404 with the code each operation documents (1001, or 300 on the call history ones), an unknown
call its documented 404, a client code must be 3 to 16 digits, and deleting a call answers 204.
"""

from __future__ import annotations

import calendar
import hashlib
import secrets
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from aiozoom.testing._router import Call, Routes, validation_failed
from aiozoom.testing._state import Account, ApiFailure, deep_merge, iso
from aiozoom.testing.resources._common import body_of, documented, parse_time, path_user

__all__ = ["add_call_log", "phone_user", "routes"]

routes = Routes()

USERS = "phone_users"
CALLS = "phone_call_logs"
FIRST_EXTENSION = 1001
DAY = 24 * 60 * 60
RING_SECONDS = 5
INCLUSIVE = 0.001  # a span's end is exclusive; one millisecond on, a call at that moment is in
MAIN_SITE_NAME = "Main Site"
CALLING_PLAN = {"type": 200, "name": "US/CA Unlimited Calling Plan"}
EXTERNAL_NUMBER = "+12055550100"

HISTORY_MISSING = (301, "Call history not found: {callLogId}.")
LOG_MISSING = (404, "Call log information was not found for the following callLogId: {callLogId}.")

_ANSWERED = frozenset({"answered", "accepted", "picked_up", "connected", "succeeded"})
_OLD_RESULTS = {
    "answered": "Call connected",
    "accepted": "Call connected",
    "picked_up": "Call connected",
    "connected": "Call connected",
    "succeeded": "Call connected",
    "voicemail": "Voicemail",
    "no_answer": "No Answer",
    "ring_timeout": "No Answer",
    "busy": "Busy",
    "rejected": "Rejected",
    "call_failed": "Call Failed",
    "hang_up": "Hang Up",
    "canceled": "Call Cancel",
    "abandoned": "Abandoned",
}


# -- phone users --------------------------------------------------------------------------------


def _derived(*parts: str, length: int = 22) -> str:
    """A stable Zoom-looking ID made from ``parts`` (the same user always gets the same one)."""
    digest = hashlib.sha256(":".join(parts).encode()).hexdigest()
    return digest[:length]


def _main_site(account: Account) -> dict[str, str]:
    return {"id": _derived(account.account_id, "site"), "name": MAIN_SITE_NAME}


def phone_user(account: Account, user: dict[str, Any]) -> dict[str, Any]:
    """The phone profile of ``user`` (an account user), made the first time it is asked for."""
    profiles = account.records.setdefault(USERS, {})
    profile = profiles.get(user["id"])
    if profile is None:
        taken = {p["extension_number"] for p in profiles.values()}
        extension = FIRST_EXTENSION + len(profiles)
        while extension in taken:
            extension += 1
        profile = {
            "id": user["id"],
            "phone_user_id": _derived(account.account_id, user["id"], "phone"),
            "extension_id": _derived(account.account_id, user["id"], "extension"),
            "extension_number": extension,
            "phone_numbers": [
                {
                    "id": _derived(account.account_id, user["id"], "number"),
                    "number": f"+1415555{extension % 10_000:04d}",
                }
            ],
            "calling_plans": [dict(CALLING_PLAN)],
            "site": _main_site(account),
            "status": "activate",
            "activation_status": "activated",
            "cost_center": "",
            "policy": {},
            "_emergency_address_id": None,
        }
        profiles[user["id"]] = profile
    return profile


def _phone_users(account: Account) -> list[dict[str, Any]]:
    """Every user's phone profile, in the account's user order (deleted users' dropped)."""
    profiles = account.records.setdefault(USERS, {})
    for uid in [uid for uid in profiles if uid not in account.users]:
        del profiles[uid]
    return [phone_user(account, account.users[uid]) for uid in account.user_order]


def _list_row(account: Account, profile: dict[str, Any]) -> dict[str, Any]:
    user = account.users[profile["id"]]
    return {
        "id": profile["id"],
        "phone_user_id": profile["phone_user_id"],
        "name": user.get("display_name") or user["email"],
        "email": user["email"],
        "extension_id": profile["extension_id"],
        "extension_number": profile["extension_number"],
        "status": profile["status"],
        "activation_status": profile["activation_status"],
        "phone_numbers": [dict(n) for n in profile["phone_numbers"]],
        "calling_plans": [dict(p) for p in profile["calling_plans"]],
        "site": dict(profile["site"]),
        "department": user.get("dept", ""),
        "cost_center": profile["cost_center"],
    }


def _profile(account: Account, profile: dict[str, Any]) -> dict[str, Any]:
    row = _list_row(account, profile)
    del row["name"], row["status"], row["activation_status"]
    row["policy"] = _copy(profile["policy"])
    address = profile["_emergency_address_id"]
    if address is not None:
        row["emergency_address"] = {"id": address}
    return row


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


@routes("GET /phone/users")
async def list_phone_users(call: Call) -> dict[str, Any]:
    rows = [_list_row(call.account, p) for p in _phone_users(call.account)]
    query = call.query
    if "site_id" in query:
        rows = [r for r in rows if r["site"]["id"] == query["site_id"]]
    if "status" in query:
        rows = [r for r in rows if r["status"] == query["status"]]
    if "department" in query:
        rows = [r for r in rows if r["department"] == query["department"]]
    if "cost_center" in query:
        rows = [r for r in rows if r["cost_center"] == query["cost_center"]]
    if "calling_type" in query:
        plan = query["calling_type"]
        rows = [r for r in rows if any(p["type"] == plan for p in r["calling_plans"])]
    if "keyword" in query:
        word = str(query["keyword"]).lower()
        rows = [
            r
            for r in rows
            if word in r["name"].lower()
            or word in r["email"].lower()
            or word in str(r["extension_number"])
            or any(word in n["number"] for n in r["phone_numbers"])
        ]
    return call.page(rows, "users")


@routes("GET /phone/users/{userId}")
async def get_phone_user(call: Call) -> dict[str, Any]:
    return _profile(call.account, phone_user(call.account, path_user(call)))


@routes("PATCH /phone/users/{userId}")
async def update_phone_user(call: Call) -> None:
    profile = phone_user(call.account, path_user(call))
    body = body_of(call)
    if "extension_number" in body:
        extension = _extension(body["extension_number"])
        for other in _phone_users(call.account):
            if other is not profile and other["extension_number"] == extension:
                raise validation_failed(
                    [("extension_number", f"Extension number {extension} is already in use.")]
                )
        profile["extension_number"] = extension
    if "site_id" in body:
        site = _main_site(call.account)
        site_id = str(body["site_id"])
        profile["site"] = site if site_id == site["id"] else {"id": site_id, "name": ""}
    if "emergency_address_id" in body:
        profile["_emergency_address_id"] = body["emergency_address_id"]
    if isinstance(body.get("policy"), dict):
        deep_merge(profile["policy"], body["policy"])


def _extension(value: Any) -> int:
    text = str(value).strip()
    if not text.isdigit() or not 2 <= len(text) <= 18:
        raise validation_failed([("extension_number", "must be a number of 2 to 18 digits")])
    return int(text)


# -- call logs ------------------------------------------------------------------------------------


def _account_user(account: Account, user_id: str) -> dict[str, Any]:
    uid = account.by_email.get(user_id.lower(), user_id)
    if uid == "me" and account.user_order:
        uid = account.owner_id
    user = account.users.get(uid)
    if user is None:
        raise ValueError(f"no user {user_id!r} in account {account.account_id}")
    return user


def _timestamp(value: Any, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return moment.timestamp()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        parsed = parse_time(value)
        if parsed is not None:
            return parsed
    raise ValueError(
        f"start_time must be an ISO 8601 date-time, a datetime or Unix time: {value!r}"
    )


def add_call_log(
    account: Account, user_id: str, *, now: float | None = None, **fields: Any
) -> dict[str, Any]:
    """Record a call of ``user_id`` (a user ID or email of ``account``) and return its record.

    The call starts at ``start_time`` (an ISO 8601 string, a ``datetime`` or Unix time; else
    ``now``, the fake's clock, e.g. ``fake.clock()``; else the real time), lasts ``duration``
    seconds (60) and goes ``direction`` (``"outbound"``: from the user to ``+12055550100``;
    ``"inbound"``: to the user). Any other field of Zoom's call history (``call_result``,
    ``connect_type``, ``callee_name``, ``recording_status``, ``client_code``, ...) is taken as
    given. The record's ``id`` is the call log ID, ``call_history_uuid`` its call history ID.
    """
    user = _account_user(account, user_id)
    profile = phone_user(account, user)
    clock = datetime.now(UTC).timestamp() if now is None else now
    start = _timestamp(fields.pop("start_time", None), clock)
    duration = int(fields.pop("duration", 60))
    direction = str(fields.pop("direction", "outbound"))
    if direction not in ("inbound", "outbound"):
        raise ValueError("direction must be 'inbound' or 'outbound'")
    result = str(fields.get("call_result", "answered"))
    answered = result in _ANSWERED
    answer = start + RING_SECONDS if answered else None
    end = (answer if answer is not None else start + RING_SECONDS) + (duration if answered else 0)
    own = {
        "ext_id": profile["extension_id"],
        "name": user.get("display_name") or user["email"],
        "email": user["email"],
        "ext_number": str(profile["extension_number"]),
        "did_number": profile["phone_numbers"][0]["number"],
        "ext_type": "user",
        "number_type": "zoom_pstn",
        "device_type": "Mac_Client",
        "country_iso_code": "US",
        "country_code": "1",
    }
    other = {
        "name": "",
        "did_number": EXTERNAL_NUMBER,
        "number_type": "external_pstn",
        "country_iso_code": "US",
        "country_code": "1",
    }
    caller, callee = (own, other) if direction == "outbound" else (other, own)
    record: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "call_history_uuid": f"{datetime.fromtimestamp(start, UTC):%Y%m%d}-{uuid.uuid4()}",
        "call_id": str(7_000_000_000_000_000_000 + secrets.randbelow(10**18)),
        "direction": direction,
        "international": False,
        "start_time": iso(start),
        "answer_time": iso(answer) if answer is not None else "",
        "end_time": iso(end),
        "duration": duration if answered else 0,
        "connect_type": "external",
        "call_type": "general",
        "call_result": result,
        "hide_caller_id": False,
        "end_to_end": False,
        **{f"caller_{k}": v for k, v in caller.items()},
        **{f"callee_{k}": v for k, v in callee.items()},
        "department": user.get("dept", ""),
        "cost_center": profile["cost_center"],
        "site_id": profile["site"]["id"],
        "site_name": profile["site"]["name"],
        "group_id": "",
        "spam": "",
        "recording_status": "non_recorded",
        "client_code": "",
        "path": "extension",
        "charge": "",
        "rate": "",
        "hold_time": 0,
        "waiting_time": 0,
    }
    record.update(fields)
    record["_user_id"] = user["id"]
    record["_start"] = parse_time(str(record["start_time"])) or start
    record["_end"] = parse_time(str(record["end_time"])) or end
    account.records.setdefault(CALLS, {})[str(record["id"])] = record
    return _public(record)


def _public(record: dict[str, Any]) -> dict[str, Any]:
    return {k: _copy(v) for k, v in record.items() if not k.startswith("_")}


def _history_row(record: dict[str, Any]) -> dict[str, Any]:
    """A call in the call history edition (its ``id`` is the call log ID)."""
    row = _public(record)
    for key in ("path", "charge", "rate", "client_code", "hold_time", "waiting_time"):
        row.pop(key, None)
    return row


def _number(record: dict[str, Any], side: str) -> str:
    return str(record.get(f"{side}_ext_number") or record.get(f"{side}_did_number") or "")


def _log_row(account: Account, record: dict[str, Any]) -> dict[str, Any]:
    """A call in the older call log edition."""
    user = account.users.get(record["_user_id"])
    profile = phone_user(account, user) if user is not None else None
    result = str(record.get("call_result", ""))
    internal = record.get("connect_type") == "internal"
    row: dict[str, Any] = {
        "id": record["id"],
        "call_id": record["call_id"],
        "user_id": record["_user_id"],
        "direction": record["direction"],
        "duration": record["duration"],
        "date_time": record["start_time"],
        "answer_start_time": record.get("answer_time") or "",
        "call_end_time": record["end_time"],
        "caller_name": record.get("caller_name", ""),
        "caller_number": _number(record, "caller"),
        "caller_did_number": record.get("caller_did_number", ""),
        "caller_number_type": 1 if record.get("caller_ext_number") else 2,
        "caller_country_code": record.get("caller_country_code", ""),
        "caller_country_iso_code": record.get("caller_country_iso_code", ""),
        "callee_name": record.get("callee_name", ""),
        "callee_number": _number(record, "callee"),
        "callee_did_number": record.get("callee_did_number", ""),
        "callee_number_type": 1 if record.get("callee_ext_number") else 2,
        "callee_country_code": record.get("callee_country_code", ""),
        "callee_country_iso_code": record.get("callee_country_iso_code", ""),
        "result": _OLD_RESULTS.get(result, result.replace("_", " ").title()),
        "path": record.get("path", "extension"),
        "call_type": "voip" if internal else "pstn",
        "charge": record.get("charge", ""),
        "rate": record.get("rate", ""),
        "client_code": record.get("client_code", ""),
        "hold_time": record.get("hold_time", 0),
        "waiting_time": record.get("waiting_time", 0),
        "department": record.get("department", ""),
        "cost_center": record.get("cost_center", ""),
        "site": {"id": record.get("site_id", ""), "name": record.get("site_name", "")},
    }
    if user is not None and profile is not None:
        row["owner"] = {
            "extension_number": profile["extension_number"],
            "id": user["id"],
            "name": user.get("display_name") or user["email"],
            "type": "user",
        }
    return row


def _window(call: Call) -> tuple[float, float]:
    """The time span a call log list covers: ``from``..``to`` (a ``to`` date includes its whole
    day; at most one month from ``from``), or the last 24 hours when ``from`` is not given."""
    now = call.fake.clock()
    raw_from = call.query.get("from")
    raw_to = call.query.get("to")
    if raw_from is None:
        return now - DAY, now + INCLUSIVE
    if raw_to is None:
        raise validation_failed([("to", "is required when from is given")])
    start = parse_time(str(raw_from))
    end = parse_time(str(raw_to))
    if start is None:
        raise validation_failed([("from", "must be a date or a date-time")])
    if end is None:
        raise validation_failed([("to", "must be a date or a date-time")])
    if len(str(raw_to).strip()) == len("yyyy-mm-dd"):
        end += DAY  # the whole of the last day
    else:
        end += INCLUSIVE
    if end < start:
        raise validation_failed([("to", "must not be before from")])
    return start, min(end, _month_after(start))


def _month_after(ts: float) -> float:
    moment = datetime.fromtimestamp(ts, UTC)
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day).timestamp()


def _calls(call: Call, user_id: str | None, time_key: str) -> list[dict[str, Any]]:
    """The account's (or one user's) calls in the list's time span, newest first."""
    start, end = _window(call)
    rows = [
        r
        for r in call.records(CALLS).values()
        if (user_id is None or r["_user_id"] == user_id) and start <= r[time_key] < end
    ]
    rows.sort(key=lambda r: r[time_key], reverse=True)
    return rows


def _time_key(call: Call) -> str:
    return "_end" if call.query.get("time_type") in ("end_time", "endTime") else "_start"


def _values(value: Any) -> set[str]:
    items: Iterable[Any] = value if isinstance(value, list) else str(value).split(",")
    return {str(v).strip() for v in items if str(v).strip()}


_HISTORY_FILTERS: dict[str, Callable[[dict[str, Any]], Iterable[Any]]] = {
    "directions": lambda r: [r.get("direction")],
    "connect_types": lambda r: [r.get("connect_type")],
    "number_types": lambda r: [r.get("caller_number_type"), r.get("callee_number_type")],
    "call_types": lambda r: [r.get("call_type")],
    "extension_types": lambda r: [r.get("caller_ext_type"), r.get("callee_ext_type")],
    "call_results": lambda r: [r.get("call_result")],
    "group_ids": lambda r: [r.get("group_id")],
    "site_ids": lambda r: [r.get("site_id")],
}
_KEYWORD_FIELDS = (
    "call_id",
    "caller_name",
    "caller_email",
    "caller_ext_number",
    "caller_did_number",
    "callee_name",
    "callee_email",
    "callee_ext_number",
    "callee_did_number",
)


def _history_filtered(call: Call, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    query = call.query
    for name, fields in _HISTORY_FILTERS.items():
        if name in query:
            wanted = _values(query[name])
            if wanted:
                rows = [r for r in rows if wanted & {str(v) for v in fields(r) if v}]
    for name in ("department", "cost_center", "recording_status"):
        if name in query:
            rows = [r for r in rows if r.get(name) == query[name]]
    if "with_voicemail" in query:
        voicemail = bool(query["with_voicemail"])
        rows = [r for r in rows if (r.get("call_result") == "voicemail") == voicemail]
    if "keyword" in query:
        word = str(query["keyword"]).lower()
        rows = [r for r in rows if any(word in str(r.get(f, "")).lower() for f in _KEYWORD_FIELDS)]
    return rows


def _log_filtered(call: Call, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    query = call.query
    if query.get("type") == "missed":
        rows = [
            r for r in rows if r["direction"] == "inbound" and r.get("call_result") not in _ANSWERED
        ]
    if "path" in query:
        rows = [r for r in rows if r.get("path") == query["path"]]
    if "site_id" in query:
        rows = [r for r in rows if r.get("site_id") == query["site_id"]]
    if query.get("charged_call_logs"):
        rows = [r for r in rows if str(r.get("charge", "")).strip("$0. ")]
    if "phone_number" in query:
        number = str(query["phone_number"]).lstrip("+")
        rows = [
            r
            for r in rows
            if number
            in {_number(r, "caller").lstrip("+"), _number(r, "callee").lstrip("+")}
            | {str(r.get("caller_did_number", "")).lstrip("+")}
            | {str(r.get("callee_did_number", "")).lstrip("+")}
        ]
    return rows


def _span(call: Call) -> dict[str, Any]:
    return {k: str(call.query[k]) for k in ("from", "to") if k in call.query}


def _with_page_count(answer: dict[str, Any]) -> dict[str, Any]:
    answer["page_count"] = -(-answer["total_records"] // answer["page_size"])
    return answer


@routes("GET /phone/call_history")
async def list_call_history(call: Call) -> dict[str, Any]:
    rows = _history_filtered(call, _calls(call, None, _time_key(call)))
    answer = call.page([_history_row(r) for r in rows], "call_history", **_span(call))
    answer["call_logs"] = answer["call_history"]
    return _with_page_count(answer)


@routes("GET /phone/users/{userId}/call_history")
async def list_user_call_history(call: Call) -> dict[str, Any]:
    user = path_user(call)
    rows = _history_filtered(call, _calls(call, user["id"], _time_key(call)))
    answer = call.page(
        [_history_row(r) for r in rows], "call_logs", key=(user["id"],), **_span(call)
    )
    return _with_page_count(answer)


@routes("GET /phone/call_logs")
async def list_call_logs(call: Call) -> dict[str, Any]:
    rows = _log_filtered(call, _calls(call, None, _time_key(call)))
    answer = call.page([_log_row(call.account, r) for r in rows], "call_logs", **_span(call))
    return _with_page_count(answer)


@routes("GET /phone/users/{userId}/call_logs")
async def list_user_call_logs(call: Call) -> dict[str, Any]:
    user = path_user(call)
    rows = _log_filtered(call, _calls(call, user["id"], _time_key(call)))
    answer = call.page(
        [_log_row(call.account, r) for r in rows], "call_logs", key=(user["id"],), **_span(call)
    )
    return _with_page_count(answer)


def _find_call(call: Call, param: str, missing: tuple[int, str]) -> dict[str, Any]:
    """The call the path parameter names by its call log ID, call history ID or call ID."""
    value = call.param(param)
    records = call.records(CALLS)
    record = records.get(value)
    if record is None:
        record = next(
            (r for r in records.values() if value in (r["call_history_uuid"], r["call_id"])), None
        )
    if record is None:
        raise _missing_call(call, param, missing)
    return record


def _missing_call(call: Call, param: str, missing: tuple[int, str]) -> ApiFailure:
    value = call.param(param)
    return documented(call, 404, missing, hint="not found", **{param: value, "callLogId": value})


@routes("GET /phone/call_history/{callHistoryUuid}")
async def get_call_history(call: Call) -> dict[str, Any]:
    record = _find_call(
        call, "callHistoryUuid", (301, "Call history not found: {callHistoryUuid}.")
    )
    row = _history_row(record)
    segment = {
        k: v
        for k, v in row.items()
        if k not in ("call_history_uuid", "international", "duration", "call_result", "spam")
    }
    segment.update(
        event="outgoing" if record["direction"] == "outbound" else "incoming",
        result=record.get("call_result", ""),
        segment=1,
        node=0,
        is_node=1,
        client_code=record.get("client_code", ""),
        hold_time=record.get("hold_time", 0),
        waiting_time=record.get("waiting_time", 0),
    )
    row["call_path"] = [segment]
    return row


@routes("GET /phone/call_logs/{callLogId}")
async def get_call_log(call: Call) -> dict[str, Any]:
    record = _find_call(call, "callLogId", LOG_MISSING)
    row = _log_row(call.account, record)
    row.pop("owner", None)
    row["has_recording"] = record.get("recording_status") == "recorded"
    row["has_voicemail"] = record.get("call_result") == "voicemail"
    row["log_details"] = [
        {
            "id": record["id"],
            "date_time": record["start_time"],
            "duration": record["duration"],
            "hold_time": record.get("hold_time", 0),
            "path": record.get("path", "extension"),
            "result": row["result"],
            "site": dict(row["site"]),
        }
    ]
    return row


def _client_code(call: Call, code: int) -> str:
    value = str(body_of(call).get("client_code", ""))
    if not (value.isdigit() and 3 <= len(value) <= 16):
        if code == 301:
            raise ApiFailure(400, 301, f"Invalid client code: {value}")
        raise validation_failed([("client_code", "must be a number of 3 to 16 digits")])
    return value


@routes("PATCH /phone/call_history/{callLogId}/client_code")
async def add_call_history_client_code(call: Call) -> None:
    record = _find_call(call, "callLogId", (300, "Call history not found: {callLogId}"))
    record["client_code"] = _client_code(call, 301)


@routes("PUT /phone/call_logs/{callLogId}/client_code")
async def add_call_log_client_code(call: Call) -> None:
    record = _find_call(call, "callLogId", LOG_MISSING)
    record["client_code"] = _client_code(call, 300)


def _delete_call(call: Call, missing: tuple[int, str]) -> None:
    user = path_user(call)
    record = _find_call(call, "callLogId", missing)
    if record["_user_id"] != user["id"]:
        raise _missing_call(call, "callLogId", missing)
    del call.records(CALLS)[record["id"]]


@routes("DELETE /phone/users/{userId}/call_history/{callLogId}")
async def delete_user_call_history(call: Call) -> None:
    _delete_call(call, HISTORY_MISSING)


@routes("DELETE /phone/users/{userId}/call_logs/{callLogId}")
async def delete_user_call_log(call: Call) -> None:
    _delete_call(call, LOG_MISSING)

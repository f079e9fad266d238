"""Users (``/users``): made, read, listed, changed, deactivated and deleted, with their settings,
their email, their tokens and their cloud recordings.

State kept (:class:`~aiozoom.testing._state.Account`): the account's users in the order they
were made (by ID and by email), each user's settings (Zoom's defaults until changed) and when
each user's email last changed. Zoom's rules kept:

- ``me`` is the user a user-OAuth token belongs to (the account owner for other tokens); a user
  is named by ID or email; an unknown one is 404 code 1001.
- ``GET /users`` lists one ``status`` (``active`` unless asked otherwise; a user made with
  ``action=create`` is ``pending`` until they accept Zoom's invitation), optionally one
  ``role_id``, and pages by ``next_page_token`` (15 minutes) or ``page_number``.
- An email is unique in the account (409 code 1005); it changes at most 3 times in 24 hours.
- ``PUT /users/{userId}/status`` deactivates (``inactive``) and activates (``active``) a user,
  not the account owner (400 code 200); ``DELETE`` removes a user (not the owner), and their
  meetings unless ``transfer_meeting`` moves them to ``transfer_email``.
- Settings are merged deep by ``PATCH``; a Basic user (type 1) cannot get the large meeting
  (1108) or webinar (1122) feature.
- ``GET /users/email`` says whether an email belongs to a user of the account.
- Cloud recordings (:mod:`aiozoom.testing._recordings`) are listed by start date within
  ``from``/``to`` (one month at most); a meeting without one is 404 code 3301.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any, Literal

from aiohttp import web

from aiozoom.testing._recordings import DOWNLOAD_TOKEN_TTL, MAX_DOWNLOAD_TOKEN_TTL, parse_date_range
from aiozoom.testing._router import Call, Routes, validation_failed
from aiozoom.testing._schema import validate
from aiozoom.testing._state import (
    MAX_USER_TOKEN_TTL,
    USER_TOKEN_TTL,
    ZAK_ME_TTL,
    ApiFailure,
    deep_merge,
    user_rows,
)
from aiozoom.testing.resources._common import body_of

__all__ = ["routes"]

routes = Routes()

_CREATED_FIELDS = ("id", "first_name", "last_name", "email", "type")
_NOT_COPIED = frozenset(
    {"feature", "license_info_list", "group_id", "division_ids", "phone_numbers"}
)
_AUTH_OPTIONS = ("meeting_authentication", "recording_authentication")


def _page_number(call: Call) -> None:
    """``GET /users`` describes ``page_number`` as a string: read it as the number it is."""
    raw = call.query.get("page_number")
    if isinstance(raw, str):
        if not raw.strip().isdigit():
            raise validation_failed([("page_number", "must be an integer")])
        call.query["page_number"] = int(raw)


# -- users ----------------------------------------------------------------------------------------


@routes("GET /users")
async def list_users(call: Call) -> dict[str, Any]:
    _page_number(call)
    status = call.query.get("status", "active")
    role_id = call.query.get("role_id")
    rows = [
        user
        for user in user_rows(call.account, status)
        if role_id is None or user["role_id"] == role_id
    ]
    if call.query.get("include_fields") == "host_key":
        rows = [{**user, "host_key": _host_key(user)} for user in rows]
    return call.page(rows, "users", key=(status, role_id or ""))


@routes("POST /users")
async def create_user(call: Call) -> dict[str, Any]:
    body = body_of(call)
    action = body.get("action")
    if action not in ("create", "autoCreate", "custCreate", "ssoCreate"):
        raise validation_failed([("action", "Invalid field.")])
    info = body.get("user_info")
    if not isinstance(info, dict):
        raise validation_failed([("user_info", "is required")])
    status = "pending" if action == "create" else "active"
    user = call.state.create_user(call.account, info, status=status)
    return {k: user[k] for k in _CREATED_FIELDS}


@routes("GET /users/{userId}")
async def get_user(call: Call) -> dict[str, Any]:
    return call.user()


@routes("PATCH /users/{userId}")
async def update_user(call: Call) -> None:
    user = call.user()
    body = body_of(call)
    described = ((call.spec.body or {}).get("schema") or {}).get("properties") or {}
    for key, value in body.items():
        if key in described and key not in _NOT_COPIED and key != "display_name":
            user[key] = value
    if "display_name" in body:
        user["display_name"] = body["display_name"]
    elif "first_name" in body or "last_name" in body:
        user["display_name"] = f"{user['first_name']} {user['last_name']}".strip()


@routes("DELETE /users/{userId}")
async def delete_user(call: Call) -> None:
    user = call.user()
    heir = call.query.get("transfer_email") if call.query.get("transfer_meeting") else None
    if heir is not None and heir.lower() == user["email"].lower():
        raise ApiFailure(
            400,
            300,
            "The transfer-to email address cannot be the same as the unlinked or deleted "
            "user's email address.",
        )
    call.state.delete_user(call.account, user["id"], transfer_meetings_to=heir)


@routes("GET /users/email")
async def check_email(call: Call) -> dict[str, Any]:
    email = str(call.query.get("email", "")).strip()
    if not email:
        raise ApiFailure(400, 300, "Email is required.")
    return {"existed_email": email.lower() in call.account.by_email}


@routes("PUT /users/{userId}/email")
async def update_email(call: Call) -> None:
    user = call.user()
    email = body_of(call).get("email")
    if not isinstance(email, str) or "@" not in email:
        raise validation_failed([("email", "is required")])
    call.state.change_email(call.account, user, email)


@routes("PUT /users/{userId}/status")
async def update_status(call: Call) -> web.StreamResponse:
    user = call.user()
    action = body_of(call).get("action")
    if not isinstance(action, str):
        raise validation_failed([("action", "is required")])
    call.state.set_user_status(call.account, user, action)
    return web.Response(status=200)  # as Zoom's description says: 200, no body


# -- settings -------------------------------------------------------------------------------------


@routes("GET /users/{userId}/settings")
async def get_settings(call: Call) -> dict[str, Any]:
    user = call.user()
    settings = call.state.user_settings(call.account, user)
    option = call.query.get("option")
    if option in _AUTH_OPTIONS:
        return {"authentication_options": _authentication(settings)}
    if option == "meeting_security":
        return {"meeting_security": settings.setdefault("meeting_security", {})}
    shown = {k: v for k, v in settings.items() if not k.startswith("_") and k != "meeting_security"}
    fields = call.query.get("custom_query_fields")
    if isinstance(fields, str) and fields.strip():
        wanted = {name.strip() for name in fields.split(",") if name.strip()}
        return _only(shown, wanted)
    return shown


@routes("PATCH /users/{userId}/settings")
async def update_settings(call: Call) -> None:
    user = call.user()
    body = body_of(call)
    feature = body.get("feature")
    if user["type"] == 1 and isinstance(feature, dict):
        if feature.get("large_meeting") is True:
            raise ApiFailure(
                400, 1108, "Only Licensed or On-prem users can enable the large meeting feature."
            )
        if feature.get("webinar") is True:
            raise ApiFailure(
                400, 1122, "Webinar feature can only be enabled for Licensed or On-prem users."
            )
    settings = call.state.user_settings(call.account, user)
    if call.query.get("option") not in _AUTH_OPTIONS:
        _check_sections(call, body)
    if call.query.get("option") in _AUTH_OPTIONS:
        auth = _authentication(settings)
        for name in _AUTH_OPTIONS:
            if isinstance(body.get(name), bool) and isinstance(auth.get(name), dict):
                auth[name][name] = body[name]
        return
    deep_merge(settings, body)


def _check_sections(call: Call, body: dict[str, Any]) -> None:
    """Each section sent checked against its own schema: the description's ``oneOf`` has a
    member that takes anything, so the router's check of the whole lets any section through."""
    schema = (call.spec.body or {}).get("schema") or {}
    members = [m for m in schema.get("oneOf") or (schema,) if isinstance(m, dict)]
    errors: list[tuple[str, str]] = []
    for key, value in body.items():
        section = next(
            (m["properties"][key] for m in members if key in (m.get("properties") or {})), None
        )
        if section is not None:
            errors += validate(value, section, field=key)
    if errors:
        raise validation_failed(errors)


def _authentication(settings: dict[str, Any]) -> dict[str, Any]:
    """The user's meeting and recording authentication options (none required at first)."""
    found = settings.get("_authentication")
    if not isinstance(found, dict):
        found = {
            "meeting_authentication": {
                "meeting_authentication": False,
                "authentication_options": [],
            },
            "recording_authentication": {
                "recording_authentication": False,
                "authentication_options": [],
            },
        }
        settings["_authentication"] = found
    return found


def _only(settings: dict[str, Any], wanted: set[str]) -> dict[str, Any]:
    """The settings named in ``custom_query_fields`` (at any depth), with their sections."""
    kept: dict[str, Any] = {}
    for key, value in settings.items():
        if key in wanted:
            kept[key] = value
        elif isinstance(value, dict):
            inner = _only(value, wanted)
            if inner:
                kept[key] = inner
    return kept


# -- tokens ---------------------------------------------------------------------------------------


@routes("GET /users/me/zak")
async def get_zak(call: Call) -> dict[str, Any]:
    user = call.state.find_user(call.account, call.token_user or "me")
    return {"token": call.state.user_token(user, "zak", ZAK_ME_TTL)}


@routes("GET /users/{userId}/token")
async def get_user_token(call: Call) -> dict[str, Any]:
    user = call.user()
    kind = call.query.get("type", "token")
    if kind == "onbehalf" and call.token_user is None:
        # an on-behalf-of token is for a user who authorised the app (user-level OAuth, scope
        # user:read:token); an account-level token cannot carry that scope
        raise ApiFailure(
            401, 4711, "Invalid access token, does not contain scopes:[user:read:token]."
        )
    ttl = call.query.get("ttl", USER_TOKEN_TTL)
    if not 1 <= ttl <= MAX_USER_TOKEN_TTL:
        raise validation_failed([("ttl", "Invalid field.")])
    return {"token": call.state.user_token(user, kind, ttl)}


def _host_key(user: dict[str, Any]) -> str:
    if user.get("host_key"):
        return str(user["host_key"])
    digest = hashlib.sha256(str(user["id"]).encode()).digest()
    return str(int.from_bytes(digest[:4], "big") % 1_000_000).zfill(6)


# -- cloud recordings -----------------------------------------------------------------------------


@routes("GET /users/{userId}/recordings")
async def list_recordings(call: Call) -> dict[str, Any]:
    """The user's recordings by start date, newest first, paged."""
    host = call.user()
    today = datetime.fromtimestamp(call.fake.clock(), UTC).date()
    start, end = parse_date_range(
        call.query.get("from") or None, call.query.get("to") or None, today
    )
    trash = bool(call.query.get("trash", False))
    trash_type = call.query.get("trash_type") or "meeting_recordings"
    if trash_type not in ("meeting_recordings", "recording_file"):
        raise validation_failed([("trash_type", "Invalid field.")])
    meeting_id = call.query.get("meeting_id")
    rows = call.fake.recordings.listing(
        call.account.account_id,
        host["id"],
        start,
        end,
        trash=trash,
        trash_type="recording_file" if trash_type == "recording_file" else "meeting_recordings",
        meeting_id=meeting_id,
    )
    key = (host["id"], start.isoformat(), end.isoformat(), str(trash), trash_type, str(meeting_id))
    answer = call.page(
        rows, "meetings", key=key, **{"from": start.isoformat(), "to": end.isoformat()}
    )
    answer["page_count"] = -(-len(rows) // answer["page_size"])
    return answer


@routes("GET /meetings/{meetingId}/recordings")
async def get_recording(call: Call) -> dict[str, Any]:
    """A meeting's recording, with a ``download_access_token`` if asked."""
    made = call.fake.recordings.find(call.account.account_id, call.param("meetingId"))
    body = made.to_json(call.fake.origin)
    fields = str(call.query.get("include_fields", "")).split(",")
    if "download_access_token" in (f.strip() for f in fields):
        ttl = call.query.get("ttl", DOWNLOAD_TOKEN_TTL)
        if not 1 <= ttl <= MAX_DOWNLOAD_TOKEN_TTL:
            raise validation_failed([("ttl", "Invalid field.")])
        body["download_access_token"] = call.fake.recordings.grant(
            made, "download_access_token", ttl
        )
    return body


def _action(call: Call) -> Literal["trash", "delete"]:
    return "delete" if call.query.get("action") == "delete" else "trash"


@routes("DELETE /meetings/{meetingId}/recordings")
async def delete_recording(call: Call) -> None:
    """``action=trash`` (the default) or ``delete``."""
    call.fake.recordings.delete(call.account.account_id, call.param("meetingId"), _action(call))


@routes("DELETE /meetings/{meetingId}/recordings/{recordingId}")
async def delete_recording_file(call: Call) -> None:
    call.fake.recordings.delete_file(
        call.account.account_id, call.param("meetingId"), call.param("recordingId"), _action(call)
    )

"""Zoom Rooms (``/rooms``): added, listed, read as a profile, changed, moved and deleted.

State: the account's ``"rooms"`` records, by room ID, each a list row of ``GET /rooms``
(``id``, ``room_id``, ``name``, ``activation_code``, ``location_id``, ``status``, ``tag_ids``)
plus the room's ``type``, ``calendar_resource_id``, ``user_id`` and ``pro_device``; the rest
of the profile ``GET /rooms/{roomId}`` describes (``basic``, ``device``, ``setup``) is kept under
``_profile``; settings changed with ``PATCH /rooms/{id}/settings`` under ``_settings``, by
``setting_type`` (``meeting``, ``alert``, ``signage``, ``scheduling_display``).

Zoom's rules kept: ``name`` and ``type`` are required to add a room (400, code 300); a room
starts ``Offline`` with a new activation code (``regenerate_activation_code=true`` makes another);
a personal Zoom Room's ``user_id`` must be a user of the account (404, code 1001); an unknown room
answers 404 with code 1012; ``GET /rooms`` filters by ``status``, ``type``, ``location_id``,
``tag_ids`` (any of them), ``query_name`` (part of the name, any case) and ``unassigned_rooms``
(no location) and pages by ``next_page_token``; ``PATCH`` merges ``basic``, ``device`` and
``setup`` (``basic.name`` renames the room, ``basic.zoom_room_type`` changes its type,
``setup.under_construction`` makes it ``UnderConstruction`` or ``Offline``) and answers 204;
``PUT /rooms/{roomId}/location`` moves it; a room has no devices until one is set up;
``GET /rooms/{id}/settings`` answers the described settings of the ``setting_type`` asked for
(made from the response schema) with what ``PATCH`` changed laid over them.
Locations and tags are not checked against ``/rooms/locations`` and ``/rooms/tags``.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from aiozoom.testing._router import Call, Routes, not_found, validation_failed
from aiozoom.testing._schema import synthesize
from aiozoom.testing.resources._common import body_of, merged

__all__ = ["routes"]

routes = Routes()

ROOM_MISSING = (1012, "Room not found: {roomId}.")

_BASIC_COPIED = ("name", "location_id", "tag_ids", "calendar_resource_id", "user_id")


def _room_id() -> str:
    return secrets.token_urlsafe(16)[:22]


def _activation_code() -> str:
    return "-".join(f"{secrets.randbelow(10_000):04d}" for _ in range(4))


def _room(call: Call, name: str = "roomId") -> dict[str, Any]:
    value = call.param(name)
    room = call.records("rooms").get(value)
    if room is None:
        raise not_found(call.spec, ROOM_MISSING, roomId=value, id=value)
    return room


def _list_row(room: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("id", "room_id", "name", "activation_code", "location_id", "status", "tag_ids")
    return {k: room[k] for k in keys if k in room}


def _profile(room: Mapping[str, Any]) -> dict[str, Any]:
    """The room as ``GET /rooms/{roomId}`` answers it."""
    stored = room["_profile"]
    basic: dict[str, Any] = {
        "name": room["name"],
        "display_name": room["name"],
        "activation_code": room["activation_code"],
        "zoom_room_type": room["type"],
        "location_id": room["location_id"],
        "tag_ids": list(room["tag_ids"]),
        "hide_room_in_contacts": False,
        "required_code_to_ext": False,
        "use_display_name_on_scheduling_display": False,
        "use_display_name_on_zoom_rooms_display_and_controller": False,
        "use_display_name_in_meetings": False,
        "show_room_capacity_on_the_zoom_rooms": False,
        "show_room_capacity_on_the_scheduling_display": False,
    }
    for key in ("calendar_resource_id", "user_id"):
        if room.get(key):
            basic[key] = room[key]
    basic = merged(basic, stored["basic"])
    setup = merged(
        {
            "checkin_and_checkout": {"enable": False},
            "under_construction": room["status"] == "UnderConstruction",
            "apply_background_image_to_all_displays": False,
            "background_image_info": [],
            "pro_device": room["pro_device"],
        },
        stored["setup"],
    )
    setup.pop("screen_lock_pin", None)  # written, never read back
    return {"basic": basic, "device": dict(stored["device"]), "setup": setup}


@routes("POST /rooms")
async def add_room(call: Call) -> dict[str, Any]:
    body = body_of(call)
    missing = [(name, "is required") for name in ("name", "type") if not body.get(name)]
    if missing:
        raise validation_failed(missing)
    user_id = body.get("user_id")
    if isinstance(user_id, str) and user_id:
        user_id = call.state.find_user(call.account, user_id)["id"]
    room_id = _room_id()
    room: dict[str, Any] = {
        "id": room_id,
        "room_id": _room_id(),
        "name": body["name"],
        "activation_code": _activation_code(),
        "location_id": body.get("location_id") or "",
        "status": "Offline",
        "tag_ids": list(body.get("tag_ids") or []),
        "type": body["type"],
        "calendar_resource_id": body.get("calendar_resource_id") or "",
        "user_id": user_id or "",
        "pro_device": bool(body.get("pro_device", False)),
        "_profile": {"basic": {}, "device": {"device_profile_id": ""}, "setup": {}},
        "_settings": {},
    }
    call.records("rooms")[room_id] = room
    answer = {
        k: room[k]
        for k in ("id", "room_id", "name", "location_id", "type", "pro_device")
        if room[k] != ""
    }
    answer["tags"] = [{"tag_id": tag, "tag_name": tag} for tag in room["tag_ids"]]
    for key in ("calendar_resource_id", "user_id"):
        if room[key]:
            answer[key] = room[key]
    return answer


@routes("GET /rooms")
async def list_rooms(call: Call) -> dict[str, Any]:
    query = call.query
    tags = {t for t in str(query.get("tag_ids", "")).split(",") if t}
    name = str(query.get("query_name", "")).lower()
    rows = []
    for room in call.records("rooms").values():
        if "status" in query and room["status"] != query["status"]:
            continue
        if "type" in query and room["type"] != query["type"]:
            continue
        if "location_id" in query and room["location_id"] != query["location_id"]:
            continue
        if query.get("unassigned_rooms") and room["location_id"]:
            continue
        if tags and not tags & set(room["tag_ids"]):
            continue
        if name and name not in room["name"].lower():
            continue
        rows.append(_list_row(room))
    filters = tuple(f"{k}={v}" for k, v in sorted(query.items()) if k not in _PAGING)
    return call.page(rows, "rooms", key=filters)


_PAGING = frozenset({"page_size", "next_page_token"})


@routes("GET /rooms/{roomId}")
async def get_room(call: Call) -> dict[str, Any]:
    room = _room(call)
    if call.query.get("regenerate_activation_code"):
        room["activation_code"] = _activation_code()
    return _profile(room)


@routes("PATCH /rooms/{roomId}")
async def update_room(call: Call) -> None:
    room = _room(call)
    body = body_of(call)
    stored = room["_profile"]
    basic = dict(body.get("basic") or {})
    if "name" in basic:
        room["name"] = basic.pop("name")
    if "zoom_room_type" in basic:
        room["type"] = basic.pop("zoom_room_type")
    for key in ("tag_ids", "calendar_resource_id"):
        if key in basic:
            room[key] = basic.pop(key)
    stored["basic"] = merged(stored["basic"], basic)
    if isinstance(body.get("device"), Mapping):
        stored["device"] = merged(stored["device"], body["device"])
    setup = dict(body.get("setup") or {})
    if "pro_device" in setup:
        room["pro_device"] = bool(setup.pop("pro_device"))
    if "under_construction" in setup:
        building = bool(setup.pop("under_construction"))
        if building:
            room["status"] = "UnderConstruction"
        elif room["status"] == "UnderConstruction":
            room["status"] = "Offline"
    stored["setup"] = merged(stored["setup"], setup)


@routes("DELETE /rooms/{roomId}")
async def delete_room(call: Call) -> None:
    room = _room(call)
    del call.records("rooms")[room["id"]]


@routes("PUT /rooms/{roomId}/location")
async def move_room(call: Call) -> None:
    room = _room(call)
    location = body_of(call).get("location_id")
    if not isinstance(location, str) or not location:
        raise validation_failed([("location_id", "is required")])
    room["location_id"] = location


@routes("GET /rooms/{roomId}/devices")
async def list_devices(call: Call) -> dict[str, Any]:
    _room(call)
    return {"devices": []}


_SETTING_KEYS = {
    "meeting": ("meeting_security", "zoom_rooms"),
    "alert": ("client_alert", "notification"),
    "signage": ("digital_signage",),
    "scheduling_display": ("scheduling_display",),
}


def _setting_type(call: Call) -> str:
    kind = str(call.query.get("setting_type", "meeting"))
    if kind not in _SETTING_KEYS:
        raise validation_failed([("setting_type", f"must be one of {', '.join(_SETTING_KEYS)}")])
    return kind


@routes("GET /rooms/{id}/settings")
async def get_settings(call: Call) -> dict[str, Any]:
    """The settings of one ``setting_type``: the described ones (made from the response schema's
    member with those keys), with what was changed laid over them."""
    room = _room(call, "id")
    kind = _setting_type(call)
    keys = _SETTING_KEYS[kind]
    schema = (call.spec.response or {}).get("schema") or {}
    members = [m for m in schema.get("oneOf") or [schema] if isinstance(m, Mapping)]
    member = next((m for m in members if keys[0] in (m.get("properties") or {})), {})
    made = synthesize(member)
    base = {k: v for k, v in made.items() if k in keys} if isinstance(made, dict) else {}
    return merged(base, room["_settings"].get(kind, {}))


@routes("PATCH /rooms/{id}/settings")
async def update_settings(call: Call) -> None:
    room = _room(call, "id")
    kind = _setting_type(call)
    sent = {k: v for k, v in body_of(call).items() if k in _SETTING_KEYS[kind]}
    settings: dict[str, Any] = room["_settings"]
    settings[kind] = merged(settings.get(kind, {}), sent)

"""Groups and their members (``/groups``): made, read, listed, renamed and deleted.

A group is ``{"id", "name", "total_members"}``; its members are users of the account. Zoom's
rules kept: a name is unique in the account (409, code 4132), an unknown group is 404 with code
4130, a user in no group can be added to one, and removing a member answers 204.
"""

from __future__ import annotations

import secrets
from typing import Any

from aiozoom.testing._router import Call, Routes, validation_failed
from aiozoom.testing._state import ApiFailure, iso
from aiozoom.testing.resources._common import body_of

__all__ = ["routes"]

routes = Routes()

GROUP_MISSING = (4130, "A group with this {groupId} does not exist.")


def _group(call: Call) -> dict[str, Any]:
    return call.find("groups", "groupId", GROUP_MISSING)


def _members(call: Call, group: dict[str, Any]) -> list[str]:
    members: list[str] = group.setdefault("_members", [])
    return members


def _public(group: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in group.items() if not k.startswith("_")}


def _unique_name(call: Call, name: str, current: str | None = None) -> None:
    for group in call.records("groups").values():
        if group["name"].lower() == name.lower() and group["id"] != current:
            raise ApiFailure(409, 4132, f'The group name "{name}" is already in use.')


@routes("POST /groups")
async def create_group(call: Call) -> dict[str, Any]:
    name = body_of(call).get("name")
    if not isinstance(name, str) or not name.strip():
        raise validation_failed([("name", "is required")], "Invalid parameter: name.")
    _unique_name(call, name)
    group_id = secrets.token_urlsafe(16)[:22]
    group: dict[str, Any] = {"id": group_id, "name": name, "total_members": 0}
    call.records("groups")[group_id] = group
    return _public(group)


@routes("GET /groups")
async def list_groups(call: Call) -> dict[str, Any]:
    groups = [_public(g) for g in call.records("groups").values()]
    return call.page(groups, "groups")


@routes("GET /groups/{groupId}")
async def get_group(call: Call) -> dict[str, Any]:
    return _public(_group(call))


@routes("PATCH /groups/{groupId}")
async def update_group(call: Call) -> None:
    group = _group(call)
    name = body_of(call).get("name")
    if isinstance(name, str) and name.strip():
        _unique_name(call, name, current=group["id"])
        group["name"] = name


@routes("DELETE /groups/{groupId}")
async def delete_group(call: Call) -> None:
    group = _group(call)
    del call.records("groups")[group["id"]]


@routes("POST /groups/{groupId}/members")
async def add_members(call: Call) -> dict[str, Any]:
    group = _group(call)
    members = _members(call, group)
    added = []
    sent = body_of(call).get("members")
    for i, entry in enumerate(sent or []):
        key = entry.get("id") or entry.get("email") if isinstance(entry, dict) else None
        if not isinstance(key, str):
            raise validation_failed([(f"members[{i}]", "needs an id or an email")])
        user = call.state.find_user(call.account, key)
        if user["id"] not in members:
            members.append(user["id"])
            added.append(user["id"])
    group["total_members"] = len(members)
    return {"ids": ",".join(added), "added_at": iso(call.fake.clock())}


@routes("GET /groups/{groupId}/members")
async def list_members(call: Call) -> dict[str, Any]:
    group = _group(call)
    rows = []
    for uid in _members(call, group):
        user = call.account.users.get(uid)
        if user is not None:
            rows.append(
                {
                    "id": user["id"],
                    "email": user["email"],
                    "first_name": user["first_name"],
                    "last_name": user["last_name"],
                    "type": user["type"],
                    "primary_group": True,
                }
            )
    return call.page(rows, "members", key=(group["id"],))


@routes("DELETE /groups/{groupId}/members/{memberId}")
async def remove_member(call: Call) -> None:
    group = _group(call)
    members = _members(call, group)
    member = call.param("memberId")
    if member not in members:
        raise ApiFailure(404, 1001, f"User does not exist: {member}.")
    members.remove(member)
    group["total_members"] = len(members)

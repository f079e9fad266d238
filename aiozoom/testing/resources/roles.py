"""Roles (``/roles``) and their members: made, read, listed, changed and deleted.

State: the account's ``"roles"`` records, by role ID, each in the shape ``GET /roles/{roleId}``
describes (``total_members`` counted when answering). Every account starts with Zoom's three
built-in roles: Owner (``"0"``), Admin (``"1"``) and Member (``"2"``). A role's members are the
account's users whose ``role_id`` is the role's ID (each user has exactly one role), so assigning
a role moves a user from its previous one, and withdrawing it makes the user a Member again.

Zoom's rules kept: a role name is unique in the account (400, code 1224); an unknown role answers
400 with code 1034 (``Provided `role_id` does not exist.``), as Zoom documents; ``GET /roles``
lists the roles of one ``type`` (``common`` unless asked); the Owner and Member roles take no
members added or withdrawn (400, code 300), the account owner keeps the Owner role and the
built-in roles cannot be deleted (400, code 300); members are named by user ID or email (an
unknown user: 404, code 1001); role members are paged by ``next_page_token`` and ``page_number``;
a deleted role's members become Members. ``DELETE /roles/{roleId}`` answers 204, as the
description's "Role deleted." says (its 200 is an error answer filed under 200).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from aiozoom.testing._router import Call, Routes, validation_failed
from aiozoom.testing._state import ApiFailure, iso
from aiozoom.testing.resources._common import body_of, documented_code

__all__ = ["routes"]

routes = Routes()

OWNER, ADMIN, MEMBER = "0", "1", "2"
ROLE_MISSING = (1034, "Provided `role_id` does not exist.")
NAME_TAKEN = (1224, "Role name {roleName} has already been used.")
FIXED_MEMBERS = "Can't delete or add members for Normal/Owner roles."

_BUILT_IN: tuple[dict[str, Any], ...] = (
    {
        "id": OWNER,
        "name": "Owner",
        "description": "Account owner has full privileges to access and manage a Zoom account.",
        "type": "common",
        "privileges": ["AccountProfile:Read", "AccountProfile:Edit", "Role:Read", "Role:Edit"],
    },
    {
        "id": ADMIN,
        "name": "Admin",
        "description": "Admins have wide-ranging privileges to access and manage a Zoom account.",
        "type": "common",
        "privileges": ["User:Read", "User:Edit", "Role:Read"],
    },
    {
        "id": MEMBER,
        "name": "Member",
        "description": "Members have access to basic Zoom video meetings functions but no "
        "account management privileges.",
        "type": "common",
        "privileges": [],
    },
)
_LIST_FIELDS = ("id", "name", "description", "type", "total_members")


def _roles(call: Call) -> dict[str, dict[str, Any]]:
    """The account's roles, the built-in ones first."""
    roles = call.records("roles")
    if not roles:
        for role in _BUILT_IN:
            roles[role["id"]] = {**role, "privileges": list(role["privileges"])}
    return roles


def _members(call: Call, role_id: str) -> list[dict[str, Any]]:
    users = call.account.users
    return [users[uid] for uid in call.account.user_order if users[uid].get("role_id") == role_id]


def _public(call: Call, role: Mapping[str, Any]) -> dict[str, Any]:
    answer = {k: v for k, v in role.items() if not k.startswith("_")}
    answer["total_members"] = len(_members(call, role["id"]))
    return answer


def _role(call: Call) -> dict[str, Any]:
    role_id = call.param("roleId")
    role = _roles(call).get(role_id)
    if role is None:
        raise documented_code(call, 400, *ROLE_MISSING, roleId=role_id)
    return role


def _unique_name(call: Call, name: str, current: str | None = None) -> None:
    for role in _roles(call).values():
        if role["name"].lower() == name.lower() and role["id"] != current:
            raise documented_code(call, 400, *NAME_TAKEN, roleName=name)


def _members_change(call: Call, role: Mapping[str, Any]) -> None:
    if role["id"] in (OWNER, MEMBER):
        raise ApiFailure(400, 300, FIXED_MEMBERS)


@routes("GET /roles")
async def list_roles(call: Call) -> dict[str, Any]:
    kind = call.query.get("type", "common")
    rows = [
        {k: v for k, v in _public(call, r).items() if k in _LIST_FIELDS}
        for r in _roles(call).values()
        if r.get("type", "common") == kind
    ]
    return {"total_records": len(rows), "roles": rows}


@routes("POST /roles")
async def create_role(call: Call) -> dict[str, Any]:
    body = body_of(call)
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise validation_failed([("name", "is required")])
    _unique_name(call, name)
    roles = _roles(call)
    role_id = secrets.token_urlsafe(16)[:22]
    roles[role_id] = {
        "id": role_id,
        "name": name,
        "description": body.get("description", ""),
        "type": body.get("type") or "common",
        "privileges": list(body.get("privileges") or []),
    }
    return _public(call, roles[role_id])


@routes("GET /roles/{roleId}")
async def get_role(call: Call) -> dict[str, Any]:
    return _public(call, _role(call))


@routes("PATCH /roles/{roleId}")
async def update_role(call: Call) -> dict[str, Any]:
    role = _role(call)
    body = body_of(call)
    name = body.get("name")
    if isinstance(name, str) and name.strip():
        _unique_name(call, name, current=role["id"])
        role["name"] = name
    for key in ("description", "sub_account_privileges"):
        if key in body:
            role[key] = body[key]
    if "privileges" in body:
        role["privileges"] = list(body["privileges"])
    return {}  # the description documents 200 with an empty object


@routes("DELETE /roles/{roleId}")
async def delete_role(call: Call) -> web.StreamResponse:
    role = _role(call)
    if role["id"] in (OWNER, ADMIN, MEMBER):
        raise ApiFailure(400, 300, "Can't delete the built-in Owner, Admin or Member role.")
    for user in _members(call, role["id"]):
        user["role_id"] = MEMBER
    del _roles(call)[role["id"]]
    return web.Response(status=204)  # its description's 204 (its 200 is a note on an error)


@routes("GET /roles/{roleId}/members")
async def list_members(call: Call) -> dict[str, Any]:
    role = _role(call)
    rows = [
        {
            "id": user["id"],
            "email": user["email"],
            "first_name": user["first_name"],
            "last_name": user["last_name"],
            "type": user["type"],
            "department": user.get("dept", ""),
        }
        for user in _members(call, role["id"])
    ]
    return call.page(rows, "members", key=(role["id"],))


@routes("POST /roles/{roleId}/members")
async def add_members(call: Call) -> dict[str, Any]:
    role = _role(call)
    _members_change(call, role)
    sent = body_of(call).get("members") or []
    users = []
    for i, entry in enumerate(sent):
        key = entry.get("id") or entry.get("email") if isinstance(entry, Mapping) else None
        if not isinstance(key, str):
            raise validation_failed([(f"members[{i}]", "needs an id or an email")])
        user = call.state.find_user(call.account, key)
        if user["id"] == call.account.owner_id:
            raise ApiFailure(400, 300, "The account owner's role cannot be changed.")
        users.append(user)
    for user in users:
        user["role_id"] = role["id"]
    ids = ",".join(dict.fromkeys(user["id"] for user in users))
    return {"ids": ids, "add_at": iso(call.fake.clock())}


@routes("DELETE /roles/{roleId}/members/{memberId}")
async def remove_member(call: Call) -> None:
    role = _role(call)
    _members_change(call, role)
    member = call.param("memberId")
    user = call.account.users.get(member)
    if user is None or user.get("role_id") != role["id"]:
        raise ApiFailure(404, 1001, f"User does not exist: {member}.")
    user["role_id"] = MEMBER

"""``aiozoom users list``: the account's users, as a table or as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, cast

import click

from aiozoom.cli.connection import Connection, connection_options
from aiozoom.cli.output import as_json, print_json, print_table, text

if TYPE_CHECKING:
    from aiozoom.client import ZoomClient
    from aiozoom.models.users import UserListItem

__all__ = ["USER_TYPES", "users"]

USER_TYPES = {1: "basic", 2: "licensed", 4: "unassigned", 99: "none"}
"""Zoom's user ``type`` numbers, as the table shows them (another number is shown as it is)."""

Status = Literal["active", "inactive", "pending"]


@click.group()
def users() -> None:
    """The account's users."""


@users.command("list")
@click.option(
    "--status",
    type=click.Choice(["active", "inactive", "pending"]),
    default="active",
    show_default=True,
    help="list the users with this status",
)
@as_json
@connection_options
def list_users(connection: Connection, status: str, as_json: bool) -> None:
    """List the account's users: id, email, name, type, status and when each was created.

    With --json, one JSON object per line, each as Zoom sent it.
    """

    async def fetch(zoom: ZoomClient) -> list[UserListItem]:
        found = []
        async for user in zoom.users.list(status=cast(Status, status)):
            if as_json:
                print_json(user)
            else:
                found.append(user)
        return found

    found = connection.run(fetch)
    if not as_json:
        print_table(
            ("id", "email", "name", "type", "status", "created"),
            (
                (
                    user.id,
                    user.email,
                    " ".join(text(part) for part in (user.first_name, user.last_name) if part),
                    USER_TYPES.get(user.type, user.type) if isinstance(user.type, int) else None,
                    user.status,
                    user.created_at,
                )
                for user in found
            ),
        )

"""``aiozoom meetings list`` and ``aiozoom meetings create``: a user's meetings."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal, cast

import click

from aiozoom.cli.connection import Connection, connection_options
from aiozoom.cli.failures import about_user
from aiozoom.cli.output import as_json, print_json, print_table, text
from aiozoom.cli.params import utc_datetime

if TYPE_CHECKING:
    from aiozoom.client import ZoomClient
    from aiozoom.models.meetings import MeetingCreateResponse, MeetingListItem

__all__ = ["MEETING_TYPES", "meetings"]

MEETING_TYPES = {
    1: "instant",
    2: "scheduled",
    3: "recurring, no fixed time",
    8: "recurring",
    10: "screen share",
}
"""Zoom's meeting ``type`` numbers, as the table shows them (another number is shown as it is)."""

ListType = Literal["scheduled", "live", "upcoming", "upcoming_meetings", "previous_meetings"]


@click.group()
def meetings() -> None:
    """A user's meetings."""


@meetings.command("list")
@click.argument("user")
@click.option(
    "--type",
    "kind",
    type=click.Choice(["scheduled", "live", "upcoming", "upcoming_meetings", "previous_meetings"]),
    default="scheduled",
    show_default=True,
    help="which meetings: scheduled (all unexpired), live (in progress now), upcoming, ...",
)
@as_json
@connection_options
def list_meetings(connection: Connection, user: str, kind: str, as_json: bool) -> None:
    """List USER's meetings: id, topic, type, start (UTC), duration and join URL.

    USER is a user ID or email address, or me. With --json, one JSON object per line, each as
    Zoom sent it.
    """

    async def fetch(zoom: ZoomClient) -> list[MeetingListItem]:
        found = []
        with about_user(user):
            async for meeting in zoom.meetings.list(user, type=cast(ListType, kind)):
                if as_json:
                    print_json(meeting)
                else:
                    found.append(meeting)
        return found

    found = connection.run(fetch)
    if not as_json:
        print_table(
            ("id", "topic", "type", "start", "minutes", "join URL"),
            (
                (
                    meeting.id,
                    meeting.topic,
                    _meeting_type(meeting.type),
                    meeting.start_time,
                    meeting.duration,
                    meeting.join_url,
                )
                for meeting in found
            ),
        )


@meetings.command("create")
@click.argument("user")
@click.option("--topic", required=True, help="the meeting's topic")
@click.option(
    "--start",
    callback=utc_datetime,
    metavar="DATETIME",
    help="when it starts, ISO 8601: 2026-12-01T10:00 (UTC without an offset) or "
    "2026-12-01T10:00+02:00 [default: none, an instant meeting]",
)
@click.option(
    "--duration",
    type=click.IntRange(min=1),
    default=60,
    show_default=True,
    metavar="MINUTES",
    help="the scheduled duration",
)
@click.option(
    "--timezone",
    metavar="TZ",
    help="the meeting's time zone (e.g. Europe/Berlin), in which Zoom shows its start to "
    "people [default: the user's]",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="print Zoom's answer as one JSON object [default: the meeting and its join URL as text]",
)
@connection_options
def create_meeting(
    connection: Connection,
    user: str,
    topic: str,
    start: datetime | None,
    duration: int,
    timezone: str | None,
    as_json: bool,
) -> None:
    """Create a meeting for USER and print its join URL.

    USER is a user ID or email address, or me. With --start the meeting is scheduled, without it
    it is an instant meeting. With --json, Zoom's answer as one JSON object (note that its
    start_url lets whoever has it start the meeting as the host).
    """

    async def create(zoom: ZoomClient) -> MeetingCreateResponse:
        with about_user(user):
            return await zoom.meetings.create(
                user,
                topic=topic,
                type=2 if start is not None else 1,
                start_time=start,
                duration=duration,
                timezone=timezone,
            )

    meeting = connection.run(create)
    if as_json:
        print_json(meeting)
        return
    when = f", starting {text(meeting.start_time)}" if start is not None else ""
    print(f"created meeting {meeting.id} “{text(meeting.topic)}” for {user}{when}")
    print(f"join URL: {text(meeting.join_url)}")


def _meeting_type(number: object) -> object:
    return MEETING_TYPES.get(number, number) if isinstance(number, int) else number

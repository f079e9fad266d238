"""``aiozoom webhooks serve``: receive Zoom's webhooks and print each event as it arrives.

Runs :class:`aiozoom.webhooks.WebhookReceiver` (signatures checked, URL validation answered,
redeliveries dropped) and prints one line per event on standard output: when it happened (ISO,
UTC), its name and a short summary -- or, with ``--json``, the delivery's body as one JSON line.
Rejected deliveries and the listening address are logged on standard error.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re

import click
from aiohttp import web

from aiozoom.cli.logs import show_info
from aiozoom.cli.output import iso_time
from aiozoom.cli.params import listen_options
from aiozoom.webhooks import (
    MeetingEvent,
    MeetingParticipantEvent,
    MeetingParticipantJoined,
    RecordingEvent,
    WebhookEvent,
    WebhookReceiver,
)

__all__ = ["HEADER_TIMEOUT", "summary", "webhooks"]

logger = logging.getLogger("aiozoom.cli")

HEADER_TIMEOUT = 15.0
"""Seconds a connection gets to send a request's headers (aiohttp's ``keepalive_timeout``)."""

_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@click.group()
def webhooks() -> None:
    """Zoom's event notifications (webhooks)."""


@webhooks.command("serve")
@click.option(
    "--secret-token-env",
    "secret_env",
    default="ZOOM_WEBHOOK_SECRET_TOKEN",
    show_default=True,
    metavar="NAME",
    help="the environment variable holding the app's webhook Secret Token",
)
@listen_options(default_port=8000)
@click.option(
    "--path",
    default="/",
    show_default=True,
    help="the path Zoom posts to (the app's event notification endpoint URL)",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="print each delivery's body as a JSON line [default: a summary line]",
)
def serve(secret_env: str, host: str, port: int, path: str, as_json: bool) -> None:
    """Receive Zoom's webhooks and print each event: time (UTC), name and a summary.

    The secret token is read from the environment (ZOOM_WEBHOOK_SECRET_TOKEN unless
    --secret-token-env names another variable), never from the command line. Zoom needs an
    https URL: put a TLS-terminating proxy or tunnel in front. Stop it with Ctrl-C.
    """
    if not _ENV_NAME.fullmatch(secret_env):
        raise click.BadParameter(
            "not an environment variable name", param_hint="--secret-token-env"
        )
    secret = os.environ.get(secret_env, "")
    if not secret:
        raise click.UsageError(
            f"set {secret_env} (the app's webhook Secret Token) in the environment"
        )
    if not path.startswith("/"):
        raise click.BadParameter(f"must start with '/': {path!r}", param_hint="--path")
    show_info()
    asyncio.run(_serve(WebhookReceiver(secret), host, port, path, as_json=as_json))


async def _serve(
    receiver: WebhookReceiver, host: str, port: int, path: str, *, as_json: bool
) -> None:
    @receiver.on_any
    async def print_event(event: WebhookEvent) -> None:
        line = json.dumps(event.raw, ensure_ascii=False) if as_json else summary(event)
        print(line, flush=True)

    runner = web.AppRunner(
        receiver.app(path=path), access_log=None, keepalive_timeout=HEADER_TIMEOUT
    )
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        for address in runner.addresses:
            logger.info("receiving Zoom webhooks at %s", _url(address, path))
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def summary(event: WebhookEvent) -> str:
    """``2026-05-01T10:00:00Z  meeting.started  meeting 85746065432 “Standup”``."""
    when = iso_time(event.occurred_at) if event.occurred_at is not None else "(no time)"
    return f"{when}  {event.event}  {_what(event)}"


def _what(event: WebhookEvent) -> str:
    if isinstance(event, MeetingParticipantEvent):
        who = event.participant.user_name or event.participant.email or "someone"
        verb = "joined" if isinstance(event, MeetingParticipantJoined) else "left"
        return f"{who} {verb} {_meeting(event.meeting.id, event.meeting.topic)}"
    if isinstance(event, MeetingEvent):
        return _meeting(event.meeting.id, event.meeting.topic)
    if isinstance(event, RecordingEvent):
        files = len(event.recording.recording_files)
        size = event.recording.total_size
        total = f", {size:,} bytes" if size is not None else ""
        return (
            f"{_meeting(event.recording.id, event.recording.topic)}: "
            f"{files} file{'s' if files != 1 else ''}{total}"
        )
    obj = event.object or {}
    ident = obj.get("id")
    return f"account {event.account_id or '?'}" + (f", object {ident}" if ident else "")


def _meeting(number: int | None, topic: str | None) -> str:
    return f"meeting {number if number is not None else '?'}" + (f" “{topic}”" if topic else "")


def _url(address: object, path: str) -> str:
    if isinstance(address, tuple) and len(address) >= 2:
        host, port = address[0], address[1]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}{path}"
    return str(address)

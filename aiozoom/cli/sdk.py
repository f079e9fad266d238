"""``aiozoom sdk-signature``, ``aiozoom sdk-server`` and ``aiozoom decode-signature``.

Meeting SDK signatures for local development. The SDK key comes from ``ZOOM_SDK_KEY`` (or
``--sdk-key``: it is not secret, every signature carries it); the SDK secret only from
``ZOOM_SDK_SECRET``, never from the command line, where other users of the machine could read it
in the process list. ``signature-server``, the old name of ``sdk-server``, still works.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

import click

from aiozoom.cli.failures import FAILED
from aiozoom.cli.logs import show_info
from aiozoom.cli.output import unix_time
from aiozoom.cli.params import listen_options
from aiozoom.sdk import (
    DEFAULT_EXPIRES_IN,
    MAX_EXPIRES_IN,
    MIN_EXPIRES_IN,
    SignatureArgumentError,
    decode_signature,
    meeting_sdk_signature,
    normalize_meeting_number,
    run_signature_server,
)

__all__ = ["decode_signature_command", "sdk_server", "sdk_signature", "signature_server"]

_ROLES = {0: "attendee", 1: "host"}


def _sdk_secret() -> str:
    secret = os.environ.get("ZOOM_SDK_SECRET", "")
    if not secret:
        raise click.UsageError("set ZOOM_SDK_SECRET in the environment")
    return secret


def _sdk_key(value: str | None) -> str:
    if not value:
        raise click.UsageError("set ZOOM_SDK_KEY or pass --sdk-key")
    return value


def _meeting_number(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """The digits of a meeting number given with the spaces Zoom prints it with."""
    try:
        return normalize_meeting_number(value, name="meeting number")
    except SignatureArgumentError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


_sdk_key_option = click.option(
    "--sdk-key",
    envvar="ZOOM_SDK_KEY",
    show_envvar=True,
    help="the Meeting SDK key, a.k.a. Client ID (required; by default from the environment)",
)
_expires_option = click.option(
    "--expires",
    type=click.IntRange(MIN_EXPIRES_IN, MAX_EXPIRES_IN),
    default=DEFAULT_EXPIRES_IN,
    show_default=True,
    metavar="SECONDS",
    help=f"how long a signature is valid ({MIN_EXPIRES_IN} to {MAX_EXPIRES_IN} s, Zoom's limits)",
)


@click.command("sdk-signature", short_help="Print a Meeting SDK signature for a meeting.")
@click.option(
    "--meeting",
    required=True,
    callback=_meeting_number,
    metavar="NUMBER",
    help="the meeting number",
)
@click.option(
    "--role",
    type=click.IntRange(0, 1),
    default=0,
    metavar="0|1",
    show_default=True,
    help="0 to join as an attendee, 1 as the host (a host also needs the user's ZAK)",
)
@_expires_option
@_sdk_key_option
def sdk_signature(meeting: str, role: int, expires: int, sdk_key: str | None) -> None:
    """Print a Meeting SDK signature (a JWT) for joining the meeting numbered --meeting.

    The signature goes to standard output alone, so `$(aiozoom sdk-signature ...)` captures it;
    when it expires goes to standard error. The SDK secret is read from ZOOM_SDK_SECRET.
    """
    key, secret = _sdk_key(sdk_key), _sdk_secret()
    token = meeting_sdk_signature(key, secret, meeting, role, expires_in=expires)
    print(token)
    exp = decode_signature(token).claims["exp"]
    print(
        f"signature for meeting {meeting} as {_ROLES[role]}, valid until {unix_time(exp)}",
        file=sys.stderr,
    )


@click.command("sdk-server", short_help="Serve Meeting SDK signatures (development).")
@listen_options(default_port=4000)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="an origin (https://app.example.com) whose pages may call the endpoint; repeatable "
    "[default: none, CORS off]",
)
@_expires_option
@_sdk_key_option
def sdk_server(
    host: str, port: int, cors_origins: tuple[str, ...], expires: int, sdk_key: str | None
) -> None:
    """Serve Meeting SDK signatures to a web page, for local development.

    POST / {"meetingNumber": "123 4567 8901", "role": 0} answers {"signature", "sdkKey"}.
    It signs for whoever can reach it, so it listens on loopback unless told otherwise; in
    production mount aiozoom.sdk.signature_app behind your own authentication. The SDK secret is
    read from ZOOM_SDK_SECRET. Stop it with Ctrl-C.
    """
    key, secret = _sdk_key(sdk_key), _sdk_secret()
    show_info()
    server = run_signature_server(
        key, secret, host=host, port=port, cors_origins=cors_origins, expires_in=expires
    )
    try:
        asyncio.run(server)
    except SignatureArgumentError as exc:  # a --cors-origin that is not an origin
        raise click.UsageError(str(exc)) from None


signature_server = click.Command(
    "signature-server",
    callback=sdk_server.callback,
    params=sdk_server.params,
    help="The old name of sdk-server.",
    hidden=True,
)


@click.command("decode-signature", short_help="Decode and check an SDK signature.")
@click.argument("token")
def decode_signature_command(token: str) -> int:
    """Show what is inside a Meeting or Video SDK signature, and what Zoom would object to.

    TOKEN is the signature (a JWT), or - to read it from standard input. When ZOOM_SDK_SECRET is
    set, the signature is verified with it too. Exits 1 when there is a problem.
    """
    if token == "-":
        token = sys.stdin.read().strip()
    try:
        info = decode_signature(token, os.environ.get("ZOOM_SDK_SECRET") or None)
    except SignatureArgumentError as exc:
        raise click.BadParameter(str(exc), param_hint="TOKEN") from None
    print(json.dumps({"header": dict(info.header), "claims": dict(info.claims)}, indent=2))
    print(f"kind: {info.kind or 'unknown'}")
    for claim, label in (("iat", "issued at"), ("exp", "expires at")):
        if claim in info.claims:
            print(f"{label}: {unix_time(info.claims[claim]) or 'not a time'}")
    verified = {True: "yes", False: "NO", None: "not checked (ZOOM_SDK_SECRET not set)"}
    print(f"signature verifies: {verified[info.verified]}")
    print(f"expired: {'yes' if info.expired else 'no'}")
    for problem in info.problems:
        print(f"problem: {problem}")
    return 0 if info.verified is not False and not info.problems else FAILED

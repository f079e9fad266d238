"""Values the commands read from their options, checked and converted as click parses them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import click

__all__ = ["listen_options", "parse_utc_datetime", "utc_datetime"]

F = TypeVar("F", bound=Callable[..., Any])


def listen_options(*, default_port: int) -> Callable[[F], F]:
    """``--host`` (loopback by default) and ``--port`` for a command that runs a server."""

    def add(command: F) -> F:
        command = click.option(
            "--port",
            type=click.IntRange(0, 65535),
            default=default_port,
            show_default=True,
            metavar="PORT",
            help="the port to listen on; 0 picks a free one",
        )(command)
        return click.option(
            "--host", default="127.0.0.1", show_default=True, help="the address to listen on"
        )(command)

    return add


def parse_utc_datetime(text: str) -> datetime:
    """An ISO 8601 date-time (``2026-12-01T10:00``, ``2026-12-01T10:00:00+02:00``, ``...Z``) as
    an aware ``datetime`` in UTC; one without an offset is taken as UTC. ``ValueError``
    otherwise, its message fit to follow the option's name."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"not a date-time: {text!r} (ISO 8601: 2026-12-01T10:00 is UTC, "
            "2026-12-01T10:00+02:00 has an offset)"
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def utc_datetime(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    """An option callback: :func:`parse_utc_datetime`, or ``None`` when the option is not given."""
    if value is None:
        return None
    try:
        return parse_utc_datetime(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None

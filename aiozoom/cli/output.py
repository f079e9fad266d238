"""What the commands print: rich tables for people, JSON for scripts, times as ISO dates in UTC.

Tables go to standard output; when it is not a terminal they are never squeezed to 80 columns,
so ``aiozoom users list | grep`` sees whole lines. Cell text is never read as rich markup, so a
meeting topic like ``[bold]`` prints as it is. ``--json`` prints one JSON object per line (JSON
Lines) for lists, and one object for a single result: Zoom's answer as it came, with times as
Zoom writes them.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import click
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from aiozoom.models import UNSET, unstructure

__all__ = [
    "as_json",
    "console",
    "iso_time",
    "print_json",
    "print_table",
    "text",
    "unix_time",
]

_JSON_HELP = "print one JSON object per line for scripts [default: a table]"

F = TypeVar("F", bound=Callable[..., Any])

_WIDE = 10_000
"""Columns for a table written to a pipe or file: as wide as its widest row."""


def as_json(command: F) -> F:
    """The ``--json`` flag of a list command, passed to it as ``as_json``."""
    return click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)(command)


def console() -> Console:
    """A console on the current standard output (a test's, when a test captures it)."""
    out = sys.stdout
    wide = not (hasattr(out, "isatty") and out.isatty())
    return Console(
        file=out, highlight=False, markup=False, emoji=False, width=_WIDE if wide else None
    )


def text(value: object) -> str:
    """A cell: empty for a value Zoom did not send (or sent as null), dates as :func:`iso_time`."""
    if value is None or value is UNSET:
        return ""
    if isinstance(value, datetime):
        return iso_time(value)
    return str(value)


def iso_time(moment: datetime) -> str:
    """``2026-12-01T10:00:00Z``: an aware time in UTC, to the second (naive: taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def unix_time(seconds: object) -> str | None:
    """Unix seconds as :func:`iso_time`; ``None`` for anything that is not a plausible time."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return None
    try:
        if not math.isfinite(seconds):
            return None
        return iso_time(datetime.fromtimestamp(seconds, tz=UTC))
    except (OverflowError, OSError, ValueError):
        return None


def print_table(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A table with a header row; ``None``/unset cells stay empty."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for name in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(Text(text(cell)) for cell in row))
    console().print(table)


def print_json(value: object) -> None:
    """One JSON document on one line: a model as Zoom sent it, or plain data."""
    print(json.dumps(unstructure(value), ensure_ascii=False, default=str), flush=True)

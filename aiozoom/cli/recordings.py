"""``aiozoom recordings download``: every cloud recording of a user between two dates, to disk."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from aiozoom.cli.connection import Connection, connection_options
from aiozoom.cli.failures import about_user
from aiozoom.cli.progress import Report, progress_bars

if TYPE_CHECKING:
    from aiozoom.client import ZoomClient
    from aiozoom.downloads import DownloadResult

__all__ = ["recordings"]


@click.group()
def recordings() -> None:
    """Cloud recordings."""


@recordings.command("download")
@click.option(
    "--from",
    "start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    required=True,
    help="the first day (UTC, YYYY-MM-DD) of meetings to fetch",
)
@click.option(
    "--to",
    "end",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="the last day (UTC, YYYY-MM-DD) [default: today]",
)
@click.option(
    "--user",
    default="me",
    show_default=True,
    help="whose recordings: a user ID or email ('me': the token's user)",
)
@click.option(
    "--all-users",
    is_flag=True,
    help="every active user of the account instead of --user [default: off]",
)
@click.option(
    "--dest",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("recordings"),
    show_default=True,
    help="the folder files go to (one folder per meeting inside it)",
)
@click.option(
    "--type",
    "file_types",
    multiple=True,
    help="only files of this type (MP4, M4A, TRANSCRIPT, CHAT, ...); repeatable [default: all]",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 32),
    default=4,
    show_default=True,
    help="files downloaded at once",
)
@connection_options
def download(
    connection: Connection,
    start: datetime,
    end: datetime | None,
    user: str,
    all_users: bool,
    dest: Path,
    file_types: tuple[str, ...],
    concurrency: int,
) -> int:
    """Download every recording file of a user's (or, with --all-users, the account's) meetings
    from --from to --to into --dest.

    Zoom answers for one month at a time: longer ranges are fetched month by month. Files
    already complete on disk are skipped, so running the command again after an interruption
    fetches only what is missing. A progress bar per file and one for the total.
    """
    first = start.date()
    last = end.date() if end is not None else datetime.now(UTC).date()
    if last < first:
        raise click.BadParameter("must not be before --from", param_hint="--to")
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(
            f"cannot write to {dest}: {exc.strerror or type(exc).__name__}"
        ) from None

    async def fetch(zoom: ZoomClient) -> DownloadResult:
        with progress_bars() as bars:
            files: dict[Path, Report] = {}

            def report(path: Path, done: int, total: int | None) -> None:
                reporter = files.get(path)
                if reporter is None:
                    reporter = files[path] = bars(
                        f"{path.parent.name[:20]}/{path.name}", total or 0
                    )
                reporter(done, total)

            # an unknown --user is worded as the other commands word it
            with contextlib.nullcontext() if all_users else about_user(user):
                return await zoom.recordings.download_all(
                    dest,
                    start=first,
                    end=last,
                    user_id=None if all_users else user,
                    concurrency=concurrency,
                    file_types=file_types or None,
                    progress=report,
                )

    result = connection.run(fetch)
    click.echo(
        f"{len(result.downloaded)} downloaded, {len(result.skipped)} already complete, "
        f"{len(result.failed)} failed, in {dest}"
    )
    for path, error in result.failed:
        click.echo(f"aiozoom: error: {path}: {error}", err=True)
    return 1 if result.failed else 0

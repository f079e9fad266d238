"""The ``aiozoom`` click group, and how a run of it ends: a status, one error line, or help.

Each command group is a module beside this one (``users``, ``meetings``, ``sdk``, ``webhooks``);
adding one is a module with a click group and a line in :data:`COMMANDS`. :func:`run` turns
whatever a command raises into one line on standard error and an exit status (see
:mod:`aiozoom.cli`), with the traceback only under ``--debug``.
"""

from __future__ import annotations

import asyncio
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import click

from aiozoom._version import __version__
from aiozoom.cli import USAGE_ERROR, ErrorExit
from aiozoom.cli import demo as demo_scenario
from aiozoom.cli.failures import FAILED, describe
from aiozoom.cli.logs import log_to_stderr
from aiozoom.cli.meetings import meetings
from aiozoom.cli.recordings import recordings
from aiozoom.cli.sdk import decode_signature_command, sdk_server, sdk_signature, signature_server
from aiozoom.cli.users import users
from aiozoom.cli.webhooks import webhooks

__all__ = ["COMMANDS", "INTERRUPTED", "aiozoom", "run"]

INTERRUPTED = 130
"""The exit status after Ctrl-C (128 + SIGINT), as shells report it."""


class _NotRaised(click.UsageError):
    """Stands in for an exception this version of click does not have."""


_NO_ARGS_IS_HELP: type[click.UsageError] = getattr(
    click.exceptions, "NoArgsIsHelpError", _NotRaised
)
"""What click (8.2 on) raises for a group run without a command; 8.1 prints the help itself."""

_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=_SETTINGS)
@click.version_option(
    __version__, "-V", "--version", prog_name="aiozoom", message="%(prog)s %(version)s"
)
@click.option(
    "--debug",
    is_flag=True,
    envvar="AIOZOOM_DEBUG",
    show_envvar=True,
    help="on an error, show the traceback; log aiozoom's debug lines (token requests, "
    "retries) on standard error [default: off]",
)
@click.pass_context
def aiozoom(ctx: click.Context, debug: bool) -> None:
    """aiozoom: the Zoom API from the command line.

    API commands authenticate as a Server-to-Server OAuth app whose credentials come from
    ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (or their options). Add --json to
    a command for output a script can read. Run `aiozoom COMMAND --help` for a command's options.
    """
    ctx.with_resource(log_to_stderr(ctx, debug=debug))


@aiozoom.command("demo", short_help="A recording bot at work on an embedded fake Zoom.")
@click.option(
    "--ttl",
    type=click.IntRange(min=8),
    default=120,
    show_default=True,
    metavar="SECONDS",
    help="token lifetime on the fake Zoom (an hour at Zoom)",
)
@click.option(
    "--meetings",
    "meeting_count",
    type=click.IntRange(1, len(demo_scenario.TOPICS)),
    default=len(demo_scenario.TOPICS),
    show_default=True,
    metavar="N",
    help="meetings held and recorded",
)
@click.option(
    "--mp4-mib",
    type=click.IntRange(min=1),
    default=24,
    show_default=True,
    metavar="MIB",
    help="size of each meeting's MP4 recording",
)
@click.option(
    "--dest",
    type=click.Path(file_okay=False, writable=True, path_type=Path),
    help="where the recordings are saved [default: a temporary directory, removed at the end]",
)
def demo(ttl: int, meeting_count: int, mp4_mib: int, dest: Path | None) -> None:
    """Watch a recording bot work on an embedded fake Zoom: no account, no network.

    Meetings are created and end; each recording.completed webhook makes the bot download the
    recording's files with progress bars; tokens are rotated as time passes and recovered after
    Zoom revokes them; a dropped connection is resumed.
    """
    asyncio.run(demo_scenario.run_demo(ttl=ttl, meetings=meeting_count, mp4_mib=mp4_mib, dest=dest))


COMMANDS: tuple[click.Command, ...] = (
    users,
    meetings,
    recordings,
    webhooks,
    sdk_signature,
    sdk_server,
    signature_server,
    decode_signature_command,
)
"""The command groups and commands beside ``demo`` (``--help`` lists them alphabetically)."""

for _command in COMMANDS:
    aiozoom.add_command(_command)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line; see :func:`aiozoom.cli.main` for what it returns and raises."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = False
    try:
        with aiozoom.make_context("aiozoom", args) as ctx:
            debug = bool(ctx.params.get("debug"))
            status = aiozoom.invoke(ctx)
    except _NO_ARGS_IS_HELP as exc:  # click >= 8.2; older click prints the help and exits 0
        if exc.ctx is not None:
            click.echo(exc.ctx.get_help())
        return 0
    except click.exceptions.Exit as exc:  # --help, --version
        return exc.exit_code
    except click.UsageError as exc:
        _fail(_usage(exc), USAGE_ERROR, exc, debug)
    except click.ClickException as exc:
        _fail(exc.format_message(), exc.exit_code, exc, debug)
    except (KeyboardInterrupt, click.Abort):
        return INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return FAILED
    except Exception as exc:
        _fail(describe(exc), FAILED, exc, debug)
    return status if isinstance(status, int) else 0


def _fail(message: str, status: int, exc: BaseException, debug: bool) -> NoReturn:
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    line = f"aiozoom: error: {message}"
    print(line, file=sys.stderr, flush=True)
    raise ErrorExit(line, status) from None


def _usage(exc: click.UsageError) -> str:
    """``--start: not a date-time: 'tomorrow'`` rather than click's ``Invalid value for...``;
    a misspelt or missing option points to the command's ``--help``."""
    if isinstance(exc, click.BadParameter) and not isinstance(exc, click.MissingParameter):
        return f"{_parameter(exc)}: {exc.message}"
    message = exc.format_message()
    misuse = (
        click.NoSuchOption,
        click.BadOptionUsage,
        click.BadArgumentUsage,
        click.MissingParameter,
    )
    if exc.ctx is not None and (isinstance(exc, misuse) or message.startswith("No such command")):
        return f"{message.rstrip('.')} (see '{exc.ctx.command_path} --help')"
    return message


def _parameter(exc: click.BadParameter) -> str:
    """The option (``--start``) or argument (``TOKEN``) a bad value was given for."""
    if isinstance(exc.param_hint, str):
        return exc.param_hint.strip("'\"")
    param = exc.param
    if param is None:
        return "value"
    if isinstance(param, click.Option) and param.opts:
        return max(param.opts, key=len)
    return param.human_readable_name


def _silence_stdout() -> None:
    """After the reader of a pipe went away: drop what is still buffered, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass

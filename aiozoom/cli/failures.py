"""How the command line words a failure: one line a person can act on, never a traceback.

Commands raise :class:`CommandError` for failures they can name themselves (``user X does not
exist``); anything else that escapes a command is worded by :func:`describe`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from aiozoom.errors import NotFoundError, TokenRequestError, ZoomError

__all__ = ["FAILED", "CommandError", "about_user", "describe"]

FAILED = 1
"""The exit status of a command that ran and failed."""

_USER_NOT_FOUND = 1001


class CommandError(click.ClickException):
    """A command failed for a reason it words itself; exit status 1."""

    exit_code = FAILED


@contextmanager
def about_user(user: str) -> Iterator[None]:
    """Words Zoom's "user does not exist" (404, code 1001) as ``user X does not exist``."""
    try:
        yield
    except NotFoundError as exc:
        if exc.code != _USER_NOT_FOUND:
            raise
        raise CommandError(f"user {user} does not exist ({exc.status}, code {exc.code})") from exc


def describe(exc: BaseException) -> str:
    """One line for an error no command worded: what Zoom or the network said."""
    if isinstance(exc, TokenRequestError):
        if exc.error is not None and not exc.transient:
            return f"Zoom refused the credentials ({exc.error}): {exc.reason or 'no reason given'}"
        return str(exc)
    if isinstance(exc, ZoomError):
        return str(exc)
    if isinstance(exc, OSError | ValueError):
        return str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {exc} (rerun with --debug for the traceback)"

"""Where the command line's log lines go: standard error, one message a line.

While a command runs, the ``aiozoom`` loggers write to standard error: errors only by default (a
failed command says why in its own one line; the retries and token refreshes that led there are
for ``--debug``, which shows everything), and a server command calls :func:`show_info` so its
"listening on" line, rejected deliveries and the like appear too. Nothing is left configured
after the command ends.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

__all__ = ["log_to_stderr", "show_info"]

_HANDLER = "aiozoom.cli.log_handler"
"""The key of the command's log handler in ``click.Context.meta``."""


@contextmanager
def log_to_stderr(ctx: click.Context, *, debug: bool) -> Iterator[None]:
    """Send the ``aiozoom`` loggers' records to standard error while the command runs."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.setLevel(logging.DEBUG if debug else logging.ERROR)
    logger = logging.getLogger("aiozoom")
    saved = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if debug else logging.INFO)
    ctx.meta[_HANDLER] = handler
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved)


def show_info() -> None:
    """Show warnings and INFO lines too (a server's address, rejected requests) from here on."""
    handler = click.get_current_context().meta.get(_HANDLER)
    if isinstance(handler, logging.Handler) and handler.level > logging.INFO:
        handler.setLevel(logging.INFO)

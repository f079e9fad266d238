"""The ``aiozoom`` command line: the Zoom API from a shell, SDK signatures, webhooks, the demo.

:func:`main` is the entry point of the ``aiozoom`` console script and of ``python -m aiozoom``.
The command line is built on click (arguments) and rich (tables), the ``cli`` extra
(``pip install 'aiozoom-sdk[cli]'``); they are imported only when :func:`main` runs, so
``import aiozoom`` never pays for them. The commands live one module per group beside this one
(:mod:`aiozoom.cli.users`, :mod:`aiozoom.cli.meetings`, ...) and are put together in
:mod:`aiozoom.cli.app`.

Exit statuses: 0 done; 1 the command failed (Zoom refused, a network error, a signature with
problems); 2 the command line was wrong (a bad option, a missing credential, the ``cli`` extra not
installed); 130 interrupted with Ctrl-C.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["ErrorExit", "main"]

USAGE_ERROR = 2
"""The exit status of a wrong command line (as click and argparse use it)."""


class ErrorExit(SystemExit):
    """How :func:`main` ends a failed command, after writing its one line to standard error.

    ``code`` is the exit status (1 or 2); ``str()`` is the line written, so a caller that runs
    :func:`main` in process can tell failures apart.
    """

    def __init__(self, message: str, status: int) -> None:
        super().__init__(status)
        self.message = message

    def __str__(self) -> str:
        return self.message


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``aiozoom`` command line on ``argv`` (default: ``sys.argv[1:]``).

    Returns the exit status of a command that ran (0, or 1 when ``decode-signature`` finds
    problems; 130 after Ctrl-C). A command that fails writes one line, ``aiozoom: error: ...``, to
    standard error and raises :class:`ErrorExit` (a ``SystemExit``) with status 1, or 2 for a wrong
    command line. ``--debug`` adds the traceback.
    """
    try:
        import click  # noqa: F401 - only checking that the extra is installed
        import rich  # noqa: F401
    except ImportError as exc:
        line = (
            f"aiozoom: error: the command line needs {exc.name or 'click and rich'}: "
            "pip install 'aiozoom-sdk[cli]'"
        )
        print(line, file=sys.stderr)
        raise ErrorExit(line, USAGE_ERROR) from None

    from aiozoom.cli.app import run

    return run(argv)

"""Progress bars for downloads: one per file and one for all of them (rich), or plain lines.

``with progress_bars() as bar:`` gives a factory: ``report = bar(name, size)`` adds a file's bar
(and its size to the total) and returns the ``progress(done, total)`` callback that
``zoom.recordings.download`` takes. Without rich installed, each file prints one line when done.
Both go to standard error, so a script reading standard output gets the results alone.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["ProgressFactory", "Report", "progress_bars"]

MIB = 1024 * 1024

Report = Callable[[int, int | None], object]
ProgressFactory = Callable[[str, int], Report]


def _plain(name: str, size: int) -> Report:
    def report(done: int, total: int | None) -> None:
        if total is not None and done == total:
            print(f"    {name}: {done / MIB:.1f} MiB", file=sys.stderr)

    return report


@contextmanager
def progress_bars() -> Iterator[ProgressFactory]:
    """Bars while the block runs; see the module's documentation."""
    try:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TransferSpeedColumn,
        )
    except ImportError:  # the library alone, without the CLI's extras
        yield _plain
        return
    bars = Progress(
        TextColumn("    {task.description:<34}"),
        BarColumn(),
        DownloadColumn(binary_units=True),
        TransferSpeedColumn(),
        console=Console(file=sys.stderr),
    )
    overall = None
    planned = 0

    def factory(name: str, size: int) -> Report:
        nonlocal overall, planned
        if overall is None:  # drawn from the first file on: no empty bar before an error
            bars.start()
            overall = bars.add_task("all files", total=0)
        total_task = overall
        task = bars.add_task(name, total=size)
        planned += size
        bars.update(total_task, total=planned)
        seen = 0

        def report(done: int, total: int | None) -> None:
            nonlocal seen
            bars.update(total_task, advance=done - seen)
            seen = done
            bars.update(task, completed=done)

        return report

    try:
        yield factory
    finally:
        if overall is not None:
            bars.stop()

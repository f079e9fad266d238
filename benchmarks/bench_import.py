"""``import aiozoom`` beside ``import aiohttp``, each in a fresh interpreter, in one run.

Both imports run alternately ``--rounds`` times in new processes with warm bytecode caches (one
unmeasured import of each first writes them, even where ``PYTHONDONTWRITEBYTECODE`` is set),
outside any checkout so that ``PYTHONPATH`` decides which aiozoom is imported (checked), and
report the median wall time of the import statement alone (measured inside the child with
``perf_counter``, so interpreter start-up is not counted) and the ratio of the medians.
``--also PATH`` measures the aiozoom found at PATH too (a checkout of another revision),
alternating with the others, so a change is compared within one run.

    python benchmarks/bench_import.py [--rounds 31] [--also /tmp/base]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = (
    "import time, json, sys; t = time.perf_counter(); import {module}; "
    "e = time.perf_counter() - t; "
    "print(json.dumps([e, sum(1 for m in sys.modules if m.startswith('aiozoom')), "
    "getattr(sys.modules.get('aiozoom'), '__file__', '')]))"
)


def _run(module: str, path: str | None) -> tuple[float, int]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # warm caches: the first run writes the bytecode
    if path is not None:
        env["PYTHONPATH"] = path
    out = subprocess.run(
        [sys.executable, "-c", CHILD.format(module=module)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=tempfile.gettempdir(),  # not a checkout: PYTHONPATH says which aiozoom is imported
        timeout=60,
    )
    seconds, modules, where = json.loads(out.stdout)
    if path is not None and module == "aiozoom" and not where.startswith(path):
        raise SystemExit(f"imported aiozoom from {where}, not from {path}")
    return float(seconds), int(modules)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=31)
    parser.add_argument("--also", default=None, help="another checkout's root to measure too")
    args = parser.parse_args(argv)
    here = str(Path(__file__).resolve().parents[1])
    subjects: dict[str, tuple[str, str | None]] = {
        "aiohttp": ("aiohttp", None),
        "aiozoom": ("aiozoom", here),
    }
    if args.also:
        subjects["aiozoom (--also)"] = ("aiozoom", args.also)
    times: dict[str, list[float]] = {name: [] for name in subjects}
    modules: dict[str, int] = {}
    for module, path in subjects.values():
        _run(module, path)  # compile and cache the bytecode
    for _ in range(args.rounds):
        for name, (module, path) in subjects.items():
            seconds, count = _run(module, path)
            times[name].append(seconds)
            modules[name] = count
    base = statistics.median(times["aiohttp"])
    print(f"rounds: {args.rounds}; medians (min-max), ratio to import aiohttp")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"  import {name:18s} {median * 1000:7.1f} ms "
            f"({min(values) * 1000:.1f}-{max(values) * 1000:.1f})  {median / base:5.2f}x  "
            f"aiozoom modules loaded: {modules[name]}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Peak memory of ``async for user in zoom.users.list()``: 100,000 users against 1,000.

The paginator holds one page at a time, so listing 100 times more users should cost about the
same memory. Each measurement is a fresh Python process that lists every user of a fake Zoom
running in another process (so the fake's own 100,000 users are not counted) and reports its peak
resident set size (``ru_maxrss``) and, in separate runs, the peak of Python allocations seen by
``tracemalloc``. The figure is the median over runs of each; the target is that the 100,000-user
peak exceeds the 1,000-user peak by less than 50 MB.

    python benchmarks/bench_pagination_memory.py [--runs 5] [--small 1000] [--large 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import resource
import statistics
import subprocess
import sys
import tracemalloc
from multiprocessing.connection import Connection
from typing import Any

TARGET_MB = 50.0


def _serve(users: int, conn: Connection) -> None:
    from aiozoom.testing import FakeZoom

    async def main() -> None:
        fake = FakeZoom(users=1)
        fake.add_users(users - 1)
        async with fake:
            conn.send({**fake.credentials(), "users": users})
            await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # until "stop"

    asyncio.run(main())


async def _list_all(server: dict[str, Any]) -> int:
    from aiozoom.auth import ServerToServerOAuth
    from aiozoom.client import ZoomClient

    auth = ServerToServerOAuth(
        server["account_id"],
        server["client_id"],
        server["client_secret"],
        token_url=server["token_url"],
    )
    count = 0
    async with ZoomClient(auth, base_url=server["base_url"]) as zoom:
        async for user in zoom.users.list():
            if user.id is None:
                raise AssertionError("a user without an id")
            count += 1
    return count


def _child(server: dict[str, Any], trace: bool) -> None:
    """One measurement, in a fresh process: list every user, print the peaks as JSON."""
    if trace:
        tracemalloc.start()
    count = asyncio.run(_list_all(server))
    if count != server["users"]:
        raise SystemExit(f"listed {count} users, expected {server['users']}")
    result: dict[str, Any] = {"users": count}
    if trace:
        result["traced_peak_bytes"] = tracemalloc.get_traced_memory()[1]
    else:
        result["maxrss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(result))


def _measure(server: dict[str, Any], trace: bool) -> int:
    args = [sys.executable, __file__, "--child", json.dumps(server)]
    if trace:
        args.append("--trace")
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return int(result["traced_peak_bytes" if trace else "maxrss_bytes"])


def _runs(users: int, runs: int) -> tuple[list[int], list[int]]:
    parent, child = multiprocessing.Pipe()
    server_process = multiprocessing.Process(target=_serve, args=(users, child), daemon=True)
    server_process.start()
    try:
        server = parent.recv()
        rss = [_measure(server, trace=False) for _ in range(runs)]
        traced = [_measure(server, trace=True) for _ in range(runs)]
    finally:
        parent.send("stop")
        server_process.join(timeout=10)
    return rss, traced


def _mb(value: float) -> str:
    return f"{value / 1e6:7.1f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(json.loads(args.child), args.trace)
        return 0

    medians: dict[int, tuple[float, float]] = {}
    for users in (args.small, args.large):
        rss, traced = _runs(users, args.runs)
        medians[users] = (statistics.median(rss), statistics.median(traced))
        print(f"{users:>7,} users  peak RSS   runs: {', '.join(_mb(v).strip() for v in rss)}")
        print(f"{users:>7,} users  tracemalloc runs: {', '.join(_mb(v).strip() for v in traced)}")
    small_rss, small_traced = medians[args.small]
    large_rss, large_traced = medians[args.large]
    growth_rss = large_rss - small_rss
    growth_traced = large_traced - small_traced
    print()
    print(
        f"median peak RSS:         {args.small:,}: {_mb(small_rss)}   {args.large:,}: "
        f"{_mb(large_rss)}   growth {_mb(growth_rss)}"
    )
    print(
        f"median tracemalloc peak: {args.small:,}: {_mb(small_traced)}   {args.large:,}: "
        f"{_mb(large_traced)}   growth {_mb(growth_traced)}"
    )
    ok = growth_rss < TARGET_MB * 1e6 and growth_traced < TARGET_MB * 1e6
    print(f"target: growth < {TARGET_MB:.0f} MB -> {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Acceptance: four worker processes offering twice Zoom's Pro Medium limit, one budget in Redis.

FakeZoom runs in a process of its own with Zoom's Pro limits switched on (Medium: 20 requests a
second per account, fixed one-second windows, 429s with Zoom's headers). A redis-server is
started on a free loopback port (or ``--redis URL`` is used). Four worker processes, each with its
own event loop and ``ZoomClient`` of the same account, each start a ``GET /users`` (Medium) every
0.1 s -- 10 a second each, 40 in all, twice the limit -- for ``--seconds``. Variants, one after
the other:

- ``redis``: each worker's client has a ``RedisRateLimiter`` on the same Redis (the target);
- ``local``: each worker has its own ``RateLimiter("pro")`` (contrast: four budgets of 20).

Reported per variant: ``RateLimitExceeded`` raised to callers (split into 429s Zoom answered that
reached a caller, and refusals by the limiter itself), the 429s the fake answered (its
``rate_limited`` counter; retries absorb most of them), and the throughput -- calls completed in
the run's whole seconds, which start on a whole wall-clock second, so they are exactly that many of
the fake's windows -- as a fraction of the limit. **Targets** (``redis`` variant): no
``RateLimitExceeded`` reaches a caller, the fake answers no 429, and throughput >= 0.90 of the
limit. Exits 1 when a target is missed.

    python benchmarks/bench_redis_rate_limits.py [--seconds 6] [--redis URL] [--only redis]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import shutil
import sys
import time
import uuid
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tools/, beside benchmarks/

from bench_rate_limits import _serve  # the fake's process, Zoom's Pro limits on

from aiozoom import RateLimiter, RateLimitExceeded, RateLimits, ServerToServerOAuth, ZoomClient
from aiozoom.redis import RedisRateLimiter
from tools.redis_server import RedisServer

LIMIT = RateLimits.pro().medium
WORKERS = 4
INTERVAL = 0.1  # each worker starts a call this often: 4 / 0.1 = 40 a second


def _worker(conn: Connection, index: int, info: dict[str, str], options: dict[str, Any]) -> None:
    conn.send(asyncio.run(_work(conn, index, info, options)))


async def _work(
    conn: Connection, index: int, info: dict[str, str], options: dict[str, Any]
) -> dict[str, Any]:
    limiter: RateLimiter
    if options["variant"] == "redis":
        limiter = RedisRateLimiter(
            options["redis"], account_id=info["account_id"], limits="pro", prefix=options["prefix"]
        )
    else:
        limiter = RateLimiter("pro")
    auth = ServerToServerOAuth(
        info["account_id"], info["client_id"], info["client_secret"], token_url=info["token_url"]
    )
    zoom = ZoomClient(auth, base_url=info["base_url"], rate_limiter=limiter)
    seconds: int = options["seconds"]
    done: list[float] = []  # wall-clock times of completed calls
    zoom_429s = 0
    refused = 0
    other: list[str] = []

    async def call() -> None:
        nonlocal zoom_429s, refused
        try:
            await zoom.request("GET", "/users", params={"page_size": 1})
            done.append(time.time())
        except RateLimitExceeded as exc:
            if exc.sent:
                zoom_429s += 1
            else:
                refused += 1
        except Exception as exc:  # reported, not hidden
            other.append(f"{type(exc).__name__}: {exc}")

    tasks: list[asyncio.Task[None]] = []
    try:
        await zoom.users.get("me")  # the token (a Light call), outside the timing
        conn.send("ready")
        wall_start: float = await asyncio.get_running_loop().run_in_executor(None, conn.recv)
        # each worker's calls offset by a quarter of the interval, so the offer is even
        first = wall_start + index * INTERVAL / WORKERS
        await asyncio.sleep(max(0.0, first - time.time()))
        start = time.perf_counter()
        n = 0
        while (due := start + n * INTERVAL) < start + seconds - index * INTERVAL / WORKERS:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            tasks.append(asyncio.create_task(call()))
            n += 1
        await asyncio.sleep(max(0.0, wall_start + seconds - time.time()))
        for task in tasks:
            task.cancel()  # the queue the over-offer built; cancelling loses nothing
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        await zoom.close()
        if isinstance(limiter, RedisRateLimiter):
            await limiter.aclose()
    return {
        "offered": len(tasks),
        "completed": sum(1 for t in done if wall_start <= t < wall_start + seconds),
        "zoom_429s_to_callers": zoom_429s,
        "refused_by_limiter": refused,
        "other_errors": other[:3],
    }


def run_variant(
    variant: str, info: dict[str, str], redis_url: str, seconds: int, fake: Connection
) -> dict[str, Any]:
    options = {
        "variant": variant,
        "redis": redis_url,
        "prefix": f"bench-{uuid.uuid4().hex[:8]}:",
        "seconds": seconds,
    }
    pipes = []
    workers = []
    for index in range(WORKERS):
        parent, child = multiprocessing.Pipe()
        process = multiprocessing.Process(
            target=_worker, args=(child, index, info, options), daemon=True
        )
        process.start()
        pipes.append(parent)
        workers.append(process)
    fake.send("count")
    before = fake.recv()
    for pipe in pipes:
        if not pipe.poll(30):
            raise RuntimeError("a worker did not get ready in 30 s")
        assert pipe.recv() == "ready"
    wall_start = float(math.ceil(time.time()) + 1)  # a window's start, a second ahead
    for pipe in pipes:
        pipe.send(wall_start)
    results = []
    for pipe in pipes:
        if not pipe.poll(seconds + 30):
            raise RuntimeError("a worker did not finish in time")
        results.append(pipe.recv())
    for process in workers:
        process.join(10)
    fake.send("count")
    after = fake.recv()
    completed = sum(r["completed"] for r in results)
    throughput = completed / seconds
    return {
        "offered": sum(r["offered"] for r in results),
        "completed": completed,
        "throughput": round(throughput, 2),
        "fraction_of_limit": round(throughput / LIMIT, 3),
        "zoom_429s_to_callers": sum(r["zoom_429s_to_callers"] for r in results),
        "refused_by_limiter": sum(r["refused_by_limiter"] for r in results),
        "zoom_429s_answered": after - before,
        "per_worker_completed": [r["completed"] for r in results],
        "other_errors": [e for r in results for e in r["other_errors"]][:3],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--redis", help="a Redis URL (default: start a redis-server)")
    parser.add_argument("--only", choices=["redis", "local"], help="run one variant only")
    args = parser.parse_args()
    if args.seconds < 2:
        parser.error("--seconds must be a whole number of at least 2")
    server = None
    if not args.redis:
        binary = shutil.which("redis-server")
        if binary is None:
            sys.exit("redis-server is not installed; give --redis URL")
        server = RedisServer(binary)
        server.start()
    redis_url = args.redis or (server.url if server else "")
    parent, child = multiprocessing.Pipe()
    fake = multiprocessing.Process(target=_serve, args=(child,), daemon=True)
    fake.start()
    info = parent.recv()
    results: dict[str, Any] = {}
    began = time.monotonic()
    try:
        for variant in ("redis", "local"):
            if args.only in (None, variant):
                results[variant] = run_variant(variant, info, redis_url, args.seconds, parent)
    finally:
        parent.send("stop")
        fake.join(5)
        if server is not None:
            server.close()
    results["elapsed_s"] = round(time.monotonic() - began, 1)
    print(json.dumps(results, indent=2))
    failed = []
    if "redis" in results:
        shared = results["redis"]
        if shared["zoom_429s_to_callers"] or shared["refused_by_limiter"]:
            failed.append("RateLimitExceeded reached callers")
        if shared["zoom_429s_answered"]:
            failed.append("Zoom answered 429s")
        if shared["fraction_of_limit"] < 0.90:
            failed.append("throughput below 0.90 of the limit")
    print("targets:", "met" if not failed else f"missed: {'; '.join(failed)}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

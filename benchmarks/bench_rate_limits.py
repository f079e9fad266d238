"""Soak: four clients offering twice Zoom's Pro Medium limit to a fake Zoom that enforces it.

FakeZoom runs in a child process with Zoom's Pro limits switched on (Medium: 20 requests a second
per account, fixed one-second windows, 429s with Zoom's headers). Four ``ZoomClient``\\ s of the
same account each start a ``GET /users`` (Medium) every 0.1 s -- 40 a second offered in all, twice
the limit -- for ``--seconds``. Three variants, one after the other in the same run:

- ``pro``: the four clients share one ``RateLimiter(RateLimits.pro())``;
- ``adaptive``: they share one ``RateLimiter()`` (the default: plan unknown, paced from the first
  429 on);
- ``no limiter``: ``rate_limiter=None``, retries only.

For each: the calls that failed with a 429 (must be 0 with a limiter), the 429s Zoom answered
(absorbed by retries), and the throughput achieved as a fraction of the limit (target >= 0.90 with
the plan's limiter). A run starts on a whole wall-clock second and lasts whole seconds, so it covers
exactly that many of Zoom's fixed one-second windows (client and fake share one machine's clock);
throughput is the calls completed within it divided by its length.

    python benchmarks/bench_rate_limits.py [--seconds 6]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import sys
import time
from multiprocessing.connection import Connection
from typing import Any

from aiozoom import RateLimiter, RateLimitExceeded, RateLimits, ServerToServerOAuth, ZoomClient
from aiozoom.testing import FakeZoom

LIMIT = RateLimits.pro().medium
CLIENTS = 4
INTERVAL = 0.1  # each client starts a call this often: 4 / 0.1 = 40 a second


def _serve(conn: Connection) -> None:
    async def main() -> None:
        async with FakeZoom(users=50) as fake:
            fake.enforce_rate_limits("pro")
            conn.send(fake.credentials())
            loop = asyncio.get_running_loop()
            while (await loop.run_in_executor(None, conn.recv)) == "count":
                conn.send(sum(fake.rate_limited.values()))

    asyncio.run(main())


async def soak(info: dict[str, str], limiter: RateLimiter | None, seconds: int) -> dict[str, Any]:
    auth = ServerToServerOAuth(
        info["account_id"], info["client_id"], info["client_secret"], token_url=info["token_url"]
    )
    clients = [
        ZoomClient(auth, base_url=info["base_url"], rate_limiter=limiter) for _ in range(CLIENTS)
    ]
    done: list[float] = []  # wall-clock times of completed calls
    refused = 0
    other: list[str] = []

    async def call(zoom: ZoomClient) -> None:
        nonlocal refused
        try:
            await zoom.request("GET", "/users", params={"page_size": 1})
            done.append(time.time())
        except RateLimitExceeded:
            refused += 1
        except Exception as exc:  # reported, not hidden
            other.append(f"{type(exc).__name__}: {exc}")

    async def offer(zoom: ZoomClient, start: float) -> list[asyncio.Task[None]]:
        tasks = []
        n = 0
        while (due := start + n * INTERVAL) < start + seconds:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            tasks.append(asyncio.create_task(call(zoom)))
            n += 1
        return tasks

    try:
        await clients[0].users.get("me")  # the token, outside the timing
        await asyncio.sleep(1.0 + math.ceil(time.time()) - time.time())  # a window's start
        wall_start = time.time()
        start = time.perf_counter()
        batches = await asyncio.gather(
            *(offer(z, start + i * INTERVAL / CLIENTS) for i, z in enumerate(clients))
        )
        end = start + seconds
        tasks = [t for batch in batches for t in batch]
        await asyncio.sleep(max(0.0, end - time.perf_counter()))
        for task in tasks:
            task.cancel()  # the queue the over-offer built; cancelling loses nothing
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        for zoom in clients:
            await zoom.close()
    completed = sum(1 for t in done if t < wall_start + seconds)
    throughput = completed / seconds
    return {
        "offered": len(tasks),
        "completed": completed,
        "throughput": round(throughput, 2),
        "fraction_of_limit": round(throughput / LIMIT, 3),
        "refused_to_callers": refused,
        "other_errors": other[:3],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=6)
    args = parser.parse_args()
    if args.seconds < 2:
        parser.error("--seconds must be a whole number of at least 2")
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=_serve, args=(child,), daemon=True)
    server.start()
    info = parent.recv()
    results = {}
    seen = 0
    try:
        for name, limiter in (
            ("pro", RateLimiter(RateLimits.pro())),
            ("adaptive", RateLimiter()),
            ("no limiter", None),
        ):
            result = asyncio.run(soak(info, limiter, args.seconds))
            parent.send("count")
            total = parent.recv()
            result["zoom_429s"] = total - seen
            seen = total
            results[name] = result
    finally:
        parent.send("stop")
        server.join(5)
    print(json.dumps(results, indent=2))
    failed = [name for name in ("pro", "adaptive") if results[name]["refused_to_callers"]]
    if results["pro"]["fraction_of_limit"] < 0.90:
        failed.append("pro (throughput)")
    print("targets:", "met" if not failed else f"missed by {', '.join(failed)}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

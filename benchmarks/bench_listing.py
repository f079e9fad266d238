"""Listing 10,000 users: the typed ``async for`` against a bare aiohttp loop over the pages.

FakeZoom runs in a child process with ``--users`` users. Each round walks the whole list twice,
alternating which goes first: ``async for user in zoom.users.list()`` reading each user's ``id``
and ``email``, and a bare ``aiohttp`` loop asking ``GET /users`` page by page with the same
bearer token and page size, decoding each page with ``json`` and reading the same two keys. The
figure is the median over rounds of the typed walk's wall time over the bare one's (the
typed-speed target: at most 1.5x).

    python benchmarks/bench_listing.py [--users 10000] [--rounds 7] [--json json|msgspec]

``--json msgspec`` decodes with msgspec on both sides (aiozoom's ``speedups`` extra).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import statistics
import sys
import time
from multiprocessing.connection import Connection
from typing import Any

import aiohttp

from aiozoom.auth import ServerToServerOAuth
from aiozoom.client import ZoomClient
from aiozoom.testing import FakeZoom


def _serve(users: int, conn: Connection) -> None:
    async def main() -> None:
        fake = FakeZoom(users=1)
        fake.add_users(users - 1)
        async with fake:
            conn.send(fake.credentials())
            await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # until "stop"

    asyncio.run(main())


async def bench(info: dict[str, str], rounds: int, decoder: str = "json") -> dict[str, Any]:
    auth = ServerToServerOAuth(
        info["account_id"], info["client_id"], info["client_secret"], token_url=info["token_url"]
    )
    base = info["base_url"]
    loads: Any = json.loads  # both sides decode with the same library: json, or msgspec
    if decoder == "msgspec":
        import msgspec

        loads = msgspec.json.Decoder().decode
    async with ZoomClient(auth, base_url=base, json_loads=loads) as zoom:
        await zoom.request("GET", "/users/me")
        headers = {"Authorization": f"Bearer {await auth.get_token(zoom.session)}"}
        size = zoom.users.list()._page_size or 300

        async def typed() -> int:
            count = 0
            async for user in zoom.users.list():
                _ = (user.id, user.email)
                count += 1
            return count

        async def bare() -> int:
            count = 0
            params: dict[str, str] = {"page_size": str(size)}
            async with aiohttp.ClientSession() as session:
                while True:
                    async with session.get(f"{base}/users", params=params, headers=headers) as r:
                        r.raise_for_status()
                        page = loads(await r.read())
                    for user in page["users"]:
                        _ = (user.get("id"), user.get("email"))
                        count += 1
                    token = page.get("next_page_token")
                    if not token:
                        return count
                    params = {"page_size": str(size), "next_page_token": token}

        counts = {await typed(), await bare()}  # warm both
        ratios, typed_s, bare_s = [], [], []
        for i in range(rounds):
            order = [(typed, typed_s), (bare, bare_s)]
            if i % 2:
                order.reverse()
            for walk, times in order:
                start = time.perf_counter()
                counts.add(await walk())
                times.append(time.perf_counter() - start)
            ratios.append(typed_s[-1] / bare_s[-1])
    return {
        "json": decoder,
        "users": sorted(counts),
        "page_size": size,
        "rounds": rounds,
        "bare_seconds_median": round(statistics.median(bare_s), 3),
        "typed_seconds_median": round(statistics.median(typed_s), 3),
        "ratio_median": round(statistics.median(ratios), 3),
        "ratios": [round(r, 3) for r in ratios],
        "target": 1.5,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--json", choices=("json", "msgspec"), default="json", help="the decoder of both sides"
    )
    args = parser.parse_args()
    here, there = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(
        target=_serve, args=(args.users, there), daemon=True
    )
    server.start()
    try:
        if not here.poll(120):
            raise SystemExit("the fake Zoom process did not start")
        result = asyncio.run(bench(here.recv(), args.rounds, args.json))
    finally:
        here.send("stop")
        server.join(10)
        if server.is_alive():
            server.kill()
    print(json.dumps(result, indent=2))
    return 0 if result["ratio_median"] <= result["target"] else 1


if __name__ == "__main__":
    sys.exit(main())

"""Requests per second through ZoomClient against bare aiohttp with a fixed bearer token.

FakeZoom runs in a child process (its own core), so the client side of each run is what differs.
Each round runs both variants back to back with the same request mix and concurrency; the
figure is the median over rounds of ``ZoomClient rps / bare aiohttp rps``. Target: >= 0.90 (the
middleware and client cost at most 10% of raw aiohttp throughput).

    python benchmarks/bench_throughput.py [--requests 3000] [--concurrency 16] [--rounds 7]
                                          [--typed] [--json json|msgspec]

``--typed`` calls ``zoom.users.get(user_id)`` (the typed method: a ``User`` model) against the
bare session's ``GET /users/{user_id}`` decoded to a dict, instead of ``zoom.request``; each
round also runs ``zoom.request`` on that path, to show what the typed layer itself costs.
``--json msgspec`` decodes with msgspec on both sides (aiozoom's ``speedups`` extra); the
default is the standard library's ``json`` on both.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from multiprocessing.connection import Connection
from typing import Any

import aiohttp

from aiozoom.auth import ServerToServerOAuth
from aiozoom.client import ZoomClient
from aiozoom.testing import FakeZoom


def _serve(conn: Connection) -> None:
    async def main() -> None:
        async with FakeZoom(users=50) as fake:
            conn.send(fake.credentials())
            await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # wait for "stop"

    asyncio.run(main())


async def _drive(
    call: Callable[[], Awaitable[Any]], requests: int, concurrency: int
) -> tuple[float, float]:
    """Requests per second, and client CPU microseconds per request."""
    remaining = requests

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await call()

    start, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return requests / wall, cpu / requests * 1e6


async def bench(
    info: dict[str, str],
    requests: int,
    concurrency: int,
    rounds: int,
    typed: bool = False,
    decoder: str = "json",
) -> dict[str, Any]:
    auth = ServerToServerOAuth(
        info["account_id"], info["client_id"], info["client_secret"], token_url=info["token_url"]
    )
    base = info["base_url"]
    loads = None  # both sides decode with the same library: json, or msgspec
    if decoder == "msgspec":
        import msgspec

        loads = msgspec.json.Decoder().decode
    async with ZoomClient(auth, base_url=base, json_loads=loads) as zoom:
        me = await zoom.request("GET", "/users/me")  # the token once, outside the timing
        token = await auth.get_token(zoom.session)
        headers = {"Authorization": f"Bearer {token}"}
        path = f"/users/{me['id']}" if typed else "/users/me"
        async with aiohttp.ClientSession() as raw:

            async def bare() -> Any:
                async with raw.get(f"{base}{path}", headers=headers) as resp:
                    resp.raise_for_status()
                    if loads is not None:
                        return loads(await resp.read())
                    return await resp.json()

            async def untyped() -> Any:
                return await zoom.request("GET", path)

            client = untyped
            if typed:
                user_id = me["id"]

                async def client() -> Any:
                    return await zoom.users.get(user_id)

            variants = [bare, client, untyped] if typed else [bare, client]
            for call in variants:
                await _drive(call, 200, concurrency)  # warm the connection pools
            ratios, cpu_ratios, untyped_ratios = [], [], []
            raw_rps, client_rps, raw_cpu, client_cpu = [], [], [], []  # type: ignore[var-annotated]
            untyped_rps: list[float] = []
            for i in range(rounds):
                order = [(bare, raw_rps, raw_cpu), (client, client_rps, client_cpu)]
                if typed:
                    order.append((untyped, untyped_rps, []))
                order = order[i % len(order) :] + order[: i % len(order)]  # each goes first in turn
                for call, rps, cpu in order:
                    r, c = await _drive(call, requests, concurrency)
                    rps.append(r)
                    cpu.append(c)
                ratios.append(client_rps[-1] / raw_rps[-1])
                cpu_ratios.append(client_cpu[-1] / raw_cpu[-1])
                if typed:
                    untyped_ratios.append(untyped_rps[-1] / raw_rps[-1])
    extra = {}
    if typed:  # zoom.request on the same path, in the same rounds
        extra = {
            "request_same_path_ratio_median": round(statistics.median(untyped_ratios), 3),
            "typed_to_request_ratio_median": round(
                statistics.median(t / u for t, u in zip(client_rps, untyped_rps, strict=True)), 3
            ),
        }
    return {
        "call": "zoom.users.get(user_id)" if typed else "zoom.request('GET', '/users/me')",
        "json": decoder,
        "requests_per_round": requests,
        "concurrency": concurrency,
        "rounds": rounds,
        "bare_aiohttp_rps_median": round(statistics.median(raw_rps)),
        "zoomclient_rps_median": round(statistics.median(client_rps)),
        "ratio_median": round(statistics.median(ratios), 3),
        "ratios": [round(r, 3) for r in ratios],
        "bare_aiohttp_cpu_us_per_request_median": round(statistics.median(raw_cpu), 1),
        "zoomclient_cpu_us_per_request_median": round(statistics.median(client_cpu), 1),
        "cpu_ratio_median": round(statistics.median(cpu_ratios), 3),
        **extra,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--target", type=float, default=0.90)
    parser.add_argument("--typed", action="store_true", help="the typed users.get")
    parser.add_argument(
        "--json", choices=("json", "msgspec"), default="json", help="the decoder of both sides"
    )
    args = parser.parse_args()
    here, there = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(target=_serve, args=(there,), daemon=True)
    server.start()
    try:
        if not here.poll(30):
            raise SystemExit("the fake Zoom process did not start")
        info = here.recv()
        result = asyncio.run(
            bench(info, args.requests, args.concurrency, args.rounds, args.typed, args.json)
        )
    finally:
        here.send("stop")
        server.join(10)
        if server.is_alive():
            server.kill()
    result["target"] = args.target
    result["meets_target"] = result["ratio_median"] >= args.target
    print(json.dumps(result, indent=2))
    return 0 if result["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())

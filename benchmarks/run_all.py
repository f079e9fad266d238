"""The benchmark suite in one command: every scenario, its baselines, a report and plots.

FakeZoom (10,000 users) runs on loopback in a process of its own, so what differs between the
variants is the client side; the fake's CPU use is sampled around every timed run and reported,
so a scenario where the fake is the bottleneck (one core busy) is visible. Every scenario runs
several rounds, alternating which variant goes first, and reports medians; every figure is also
given as a ratio to a baseline measured in the same run:

- the floor: a bare ``aiohttp.ClientSession`` with a fixed bearer token, decoding with the JSON
  library aiozoom uses by default (msgspec when installed), at the same concurrency;
- ``zoomus`` (the established synchronous client, on ``requests``) pointed at the fake with its
  ``base_uri`` and ``oauth_uri`` options, run at concurrency as its users run it: a
  ``ThreadPoolExecutor`` of N threads;
- aiozoom with its defaults: the typed ``zoom.users.get(id)``, and ``zoom.request``.

Scenarios: ``GET /users/{id}`` at concurrency 1, 16 and 128 (with the client's CPU time per
call), and at 16 against a server that answers at once, which leaves the client as the bottleneck
and so measures the clients' own cost per call; listing 10,000 users through
pagination (time, and memory page by page in fresh processes); 1,000 concurrent requests across a
token expiry (time, token requests made); structuring a 300-record page into models (reusing
``bench_structuring.py``); ``import aiozoom`` against ``import aiohttp`` (reusing
``bench_import.py``). The report replaces the part of ``docs/benchmarks.md`` between
``<!-- suite:begin -->`` and ``<!-- suite:end -->``; the plots go to ``docs/img/``.

    python benchmarks/run_all.py [--quick] [--no-write]

A full run takes about 3 minutes on a 2-core machine, ``--quick`` about 1. Needs the ``bench``
extra (``pip install -e '.[bench]'``: zoomus and matplotlib). Exits 1 when a target is not met.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import importlib.metadata
import io
import json
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import aiohttp
import bench_import
import bench_structuring
from bench_throughput import _drive

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
IMG = ROOT / "docs" / "img"
BEGIN, END = "<!-- suite:begin -->", "<!-- suite:end -->"
USERS = 10_000
PAGE_SIZE = 300
CONCURRENCIES = (1, 16, 128)
BURST = 1_000
SATURATED = 0.90  # the fake's CPU share of one core above which it is the bottleneck


# ---------------------------------------------------------------------------- the fake's process


def _serve(users: int, conn: Connection) -> None:
    """FakeZoom in its own process, answering commands on ``conn`` until "stop"."""
    from aiozoom.testing import FakeZoom

    async def main() -> None:
        shift = [0.0]  # the fake's clock runs ahead of real time by this much ("expire")
        fake = FakeZoom(users=1, clock=lambda: time.time() + shift[0])
        fake.add_users(users - 1)
        async with fake:
            conn.send(fake.credentials())
            loop = asyncio.get_running_loop()
            while True:
                command = await loop.run_in_executor(None, conn.recv)
                if command == "stop":
                    return
                if command == "expire":  # every token issued so far is now expired
                    shift[0] += fake.token_ttl + 1
                if command == "cpu":
                    conn.send(time.process_time())
                else:
                    conn.send(fake.token_requests)

    asyncio.run(main())


class Fake:
    """The fake's process: its credentials, and commands to it."""

    def __init__(self, users: int) -> None:
        self.conn, there = multiprocessing.Pipe()
        context = multiprocessing.get_context("spawn")
        self.process = context.Process(target=_serve, args=(users, there), daemon=True)
        self.process.start()
        if not self.conn.poll(180):
            raise SystemExit("the fake Zoom process did not start")
        self.info: dict[str, str] = self.conn.recv()
        self.busy: dict[str, list[float]] = {}  # the fake's CPU share during each timed run

    def ask(self, command: str) -> Any:
        self.conn.send(command)
        return self.conn.recv()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send("stop")
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()

    @contextlib.contextmanager
    def watch(self, label: str) -> Any:
        """Time the block; note the fake's CPU share of one core meanwhile under ``label``."""
        cpu, start = self.ask("cpu"), time.perf_counter()
        timing: dict[str, float] = {}
        yield timing
        wall = time.perf_counter() - start
        timing["seconds"] = wall
        self.busy.setdefault(label, []).append((self.ask("cpu") - cpu) / wall)


def _auth(info: dict[str, str]) -> Any:
    from aiozoom.auth import ServerToServerOAuth

    return ServerToServerOAuth(
        info["account_id"], info["client_id"], info["client_secret"], token_url=info["token_url"]
    )


def _zoomus(info: dict[str, str]) -> Any:
    from zoomus import ZoomClient as ZoomusClient

    return ZoomusClient(
        info["client_id"],
        info["client_secret"],
        info["account_id"],
        base_uri=info["base_url"],
        oauth_uri=info["token_url"],
    )


def _zoomus_get(client: Any, user_id: str) -> Any:
    """``client.user.get``, refreshing the token on a 401 as zoomus's users must (it does not)."""
    resp = client.user.get(id=user_id)
    if resp.status_code == 401:
        client.refresh_token()
        resp = client.user.get(id=user_id)
    resp.raise_for_status()
    return resp.json()


def _threads(call: Callable[[], Any], requests: int, threads: int) -> None:
    with ThreadPoolExecutor(threads) as pool:
        for future in [pool.submit(call) for _ in range(requests)]:
            future.result()


def _rotate(items: list[Any], i: int) -> list[Any]:
    return items[i % len(items) :] + items[: i % len(items)]


async def _get_json(
    raw: aiohttp.ClientSession, url: str, headers: dict[str, str], loads: Any, **options: Any
) -> Any:
    """The floor's call: a bare aiohttp GET, decoded with ``loads`` (aiozoom's default decoder)."""
    async with raw.get(url, headers=headers, **options) as resp:
        resp.raise_for_status()
        return loads(await resp.read()) if loads else await resp.json()


# ------------------------------------------------------------------------------------ scenarios


async def throughput(fake: Fake, rounds: int, scale: float) -> dict[str, Any]:
    """``GET /users/{id}``, requests per second, by concurrency and variant."""
    from aiozoom.client import ZoomClient
    from aiozoom.http.responses import default_json_loads

    info, base = fake.info, fake.info["base_url"]
    loads = default_json_loads()
    auth = _auth(info)
    zoomus = _zoomus(info)
    result: dict[str, Any] = {"json": getattr(loads, "__module__", None) or "json", "cpu": {}}
    async with ZoomClient(auth, base_url=base) as zoom, aiohttp.ClientSession() as raw:
        user_id = (await zoom.request("GET", "/users/me"))["id"]
        headers = {"Authorization": f"Bearer {await auth.get_token(zoom.session)}"}
        url = f"{base}/users/{user_id}"

        async def bare() -> Any:
            return await _get_json(raw, url, headers, loads)

        async def typed() -> Any:
            return await zoom.users.get(user_id)

        async def request() -> Any:
            return await zoom.request("GET", f"/users/{user_id}")

        def sync() -> Any:
            return _zoomus_get(zoomus, user_id)

        for c in CONCURRENCIES:
            n = int((600 if c == 1 else 2500) * scale)
            n_zoomus = int((150 if c == 1 else 500) * scale)
            variants: list[tuple[str, Callable[[], Awaitable[Any]] | None]] = [
                ("bare aiohttp", bare),
                ("aiozoom typed", typed),
                ("aiozoom request", request),
                ("zoomus", None),
            ]
            for _, call in variants:  # warm the pools
                if call is not None:
                    await _drive(call, 100, c)
            _threads(sync, min(c, 16), c)
            rps: dict[str, list[float]] = {name: [] for name, _ in variants}
            cpu: dict[str, list[float]] = {name: [] for name, _ in variants}
            for i in range(rounds):
                for name, call in _rotate(variants, i):
                    began = time.process_time()
                    with fake.watch(f"GET c={c} {name}") as t:
                        if call is None:
                            _threads(sync, n_zoomus, c)
                        else:
                            await _drive(call, n, c)
                    count = n_zoomus if call is None else n
                    rps[name].append(count / t["seconds"])
                    cpu[name].append((time.process_time() - began) / count * 1e6)
            result[c] = {name: statistics.median(values) for name, values in rps.items()}
            result["cpu"][c] = {name: statistics.median(values) for name, values in cpu.items()}
    return result


def _list_zoomus(client: Any, on_page: Callable[[int], None] | None = None) -> int:
    count, token = 0, None
    while True:
        resp = client.user.list(page_size=PAGE_SIZE, next_page_token=token)
        resp.raise_for_status()
        page = resp.json()
        for user in page["users"]:
            _ = (user.get("id"), user.get("email"))
            count += 1
        if on_page is not None:
            on_page(count)
        token = page.get("next_page_token")
        if not token:
            return count


async def _listers(
    info: dict[str, str], zoom: Any, raw: aiohttp.ClientSession, headers: dict[str, str]
) -> dict[str, Callable[[Callable[[int], None] | None], Awaitable[int]]]:
    from aiozoom.http.responses import default_json_loads

    loads = default_json_loads()
    base = info["base_url"]

    async def bare(on_page: Callable[[int], None] | None = None) -> int:
        count, params = 0, {"page_size": str(PAGE_SIZE)}
        while True:
            page = await _get_json(raw, f"{base}/users", headers, loads, params=params)
            for user in page["users"]:
                _ = (user.get("id"), user.get("email"))
                count += 1
            if on_page is not None:
                on_page(count)
            token = page.get("next_page_token")
            if not token:
                return count
            params = {"page_size": str(PAGE_SIZE), "next_page_token": token}

    async def typed(on_page: Callable[[int], None] | None = None) -> int:
        count = 0
        async for user in zoom.users.list(page_size=PAGE_SIZE):
            _ = (user.id, user.email)
            count += 1
            if on_page is not None and count % PAGE_SIZE == 0:
                on_page(count)
        if on_page is not None and count % PAGE_SIZE:
            on_page(count)
        return count

    zoomus = _zoomus(info)

    async def sync(on_page: Callable[[int], None] | None = None) -> int:
        return _list_zoomus(zoomus, on_page)

    return {"bare aiohttp": bare, "aiozoom typed": typed, "zoomus": sync}


async def listing(fake: Fake, rounds: int) -> dict[str, Any]:
    """Listing every user, seconds by variant (memory is measured in fresh processes)."""
    from aiozoom.client import ZoomClient

    auth = _auth(fake.info)
    async with ZoomClient(auth, base_url=fake.info["base_url"]) as zoom:
        await zoom.request("GET", "/users/me")
        headers = {"Authorization": f"Bearer {await auth.get_token(zoom.session)}"}
        async with aiohttp.ClientSession() as raw:
            walks = list((await _listers(fake.info, zoom, raw, headers)).items())
            for _, walk in walks:
                assert await walk(None) == USERS  # warm, and check
            seconds: dict[str, list[float]] = {name: [] for name, _ in walks}
            for i in range(rounds):
                for name, walk in _rotate(walks, i):
                    with fake.watch(f"list {name}") as t:
                        await walk(None)
                    seconds[name].append(t["seconds"])
    return {name: statistics.median(values) for name, values in seconds.items()}


def _rss() -> int:
    """This process's resident set size now, in bytes."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _reset_peak_rss() -> bool:
    """Start this process's peak resident set size afresh (Linux); whether that worked."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _peak_rss() -> int:
    """This process's peak resident set size since the last reset, in bytes (Linux)."""
    status = Path("/proc/self/status").read_text()
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kib) * 1024


async def _list_child(info: dict[str, str], variant: str, trace: bool) -> dict[str, Any]:
    """In a fresh process: list every user; traced Python memory by page, or the RSS peak."""
    from aiozoom.client import ZoomClient

    auth = _auth(info)
    async with ZoomClient(auth, base_url=info["base_url"]) as zoom:
        await zoom.request("GET", "/users/me")
        headers = {"Authorization": f"Bearer {await auth.get_token(zoom.session)}"}
        async with aiohttp.ClientSession() as raw:
            walk = (await _listers(info, zoom, raw, headers))[variant]
            if not trace:  # no tracemalloc: it costs memory of its own
                before = sampled = _rss()
                reset = _reset_peak_rss()  # else the peak would be the imports', not the walk's

                def sample(_: int) -> None:
                    nonlocal sampled
                    sampled = max(sampled, _rss())

                count = await walk(sample)
                peak = _peak_rss() if reset else sampled
                assert count == USERS, count
                return {"rss_before": before, "maxrss": peak}
            pages: list[int] = []
            tracemalloc.start()
            count = await walk(lambda _: pages.append(tracemalloc.get_traced_memory()[0]))
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    assert count == USERS, count
    return {"pages": pages, "traced_peak": peak}


def memory(fake: Fake, runs: int) -> dict[str, Any]:
    """Memory while listing, each a fresh process: traced Python memory by page; peak RSS."""
    variants = ("bare aiohttp", "aiozoom typed", "zoomus")
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for i in range(runs):
        for variant in _rotate(list(variants), i):
            for mode in ("trace", "rss"):
                args = [sys.executable, __file__, "--child-list", variant, mode]
                done = subprocess.run(
                    [*args, json.dumps(fake.info)],
                    check=True,
                    capture_output=True,
                    text=True,
                    timeout=300,
                )
                result = json.loads(done.stdout.strip().splitlines()[-1])
                found.setdefault((variant, mode), []).append(result)
    out: dict[str, Any] = {}
    for variant in variants:
        traced, rss = found[variant, "trace"], found[variant, "rss"]
        out[variant] = {
            "traced_peak": statistics.median(r["traced_peak"] for r in traced),
            "pages": traced[len(traced) // 2]["pages"],
            "maxrss": statistics.median(r["maxrss"] for r in rss),
            "rss_growth": statistics.median(r["maxrss"] - r["rss_before"] for r in rss),
        }
    return out


def _answer_at_once(body: bytes, conn: Connection) -> None:
    """An HTTP/1.1 server that answers every request with ``body`` at once, until killed."""

    answer = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
    )

    class Answer(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.transport: Any = transport
            self.pending = b""

        def data_received(self, data: bytes) -> None:
            self.pending += data
            requests = self.pending.count(b"\r\n\r\n")  # GETs: no bodies
            if requests:
                self.pending = self.pending[self.pending.rfind(b"\r\n\r\n") + 4 :]
                self.transport.write(answer * requests)

    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(Answer, "127.0.0.1", 0)
        conn.send(server.sockets[0].getsockname()[1])
        await asyncio.Event().wait()

    asyncio.run(main())


async def client_cost(fake: Fake, rounds: int, scale: float) -> dict[str, Any]:
    """``GET /users/{id}`` at concurrency 16 against a server that answers the fake's user at
    once: the client is the bottleneck, so the figures are the clients' own costs."""
    from aiozoom.auth import StaticToken
    from aiozoom.client import ZoomClient
    from aiozoom.http.responses import default_json_loads

    loads = default_json_loads()
    async with ZoomClient(_auth(fake.info), base_url=fake.info["base_url"]) as zoom:
        user = await zoom.request("GET", "/users/me")
    conn, there = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(
        target=_answer_at_once, args=(json.dumps(user).encode(), there), daemon=True
    )
    server.start()
    try:
        if not conn.poll(60):
            raise SystemExit("the answering server did not start")
        base = f"http://127.0.0.1:{conn.recv()}/v2"
        url, headers = f"{base}/users/{user['id']}", {"Authorization": "Bearer token"}
        n, c = int(3000 * scale), 16
        async with (
            ZoomClient(StaticToken("token"), base_url=base) as zoom,
            aiohttp.ClientSession() as raw,
        ):

            async def bare() -> Any:
                return await _get_json(raw, url, headers, loads)

            async def typed() -> Any:
                return await zoom.users.get(user["id"])

            async def request() -> Any:
                return await zoom.request("GET", f"/users/{user['id']}")

            variants = [
                ("bare aiohttp", bare),
                ("aiozoom typed", typed),
                ("aiozoom request", request),
            ]
            for _, call in variants:
                await _drive(call, 300, c)
            runs: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in variants}
            for i in range(rounds):
                for name, call in _rotate(variants, i):
                    runs[name].append(await _drive(call, n, c))
    finally:
        server.kill()
        server.join(10)
    return {
        name: {
            "rps": statistics.median(rps for rps, _ in values),
            "cpu": statistics.median(cpu for _, cpu in values),
        }
        for name, values in runs.items()
    }


async def token_expiry(fake: Fake, rounds: int) -> dict[str, Any]:
    """1,000 concurrent requests once every token has expired: seconds and token requests."""
    from aiozoom.client import ZoomClient
    from aiozoom.http.responses import default_json_loads

    loads = default_json_loads()
    base = fake.info["base_url"]
    auth = _auth(fake.info)
    threads = max(CONCURRENCIES)
    seconds: dict[str, list[float]] = {"bare aiohttp": [], "aiozoom typed": [], "zoomus": []}
    tokens: dict[str, list[int]] = {"aiozoom typed": [], "zoomus": []}
    async with ZoomClient(auth, base_url=base) as zoom, aiohttp.ClientSession() as raw:
        user_id = (await zoom.request("GET", "/users/me"))["id"]
        url = f"{base}/users/{user_id}"

        async def bare(headers: dict[str, str]) -> Any:
            return await _get_json(raw, url, headers, loads)

        for i in range(rounds):
            for name in _rotate(list(seconds), i):
                if name == "bare aiohttp":  # the floor: the same burst with a valid token
                    await zoom.users.get(user_id)  # a live token, after another's "expire"
                    headers = {"Authorization": f"Bearer {await auth.get_token(zoom.session)}"}
                    await asyncio.gather(*(bare(headers) for _ in range(100)))
                    with fake.watch(f"expiry {name}") as t:
                        await asyncio.gather(*(bare(headers) for _ in range(BURST)))
                    seconds[name].append(t["seconds"])
                    continue
                client = None
                if name == "zoomus":
                    client = _zoomus(fake.info)
                    _threads(lambda c=client: _zoomus_get(c, user_id), threads, threads)
                else:
                    await asyncio.gather(*(zoom.users.get(user_id) for _ in range(100)))
                before = fake.ask("expire")
                with fake.watch(f"expiry {name}") as t:
                    if client is not None:
                        _threads(lambda c=client: _zoomus_get(c, user_id), BURST, threads)
                    else:
                        await asyncio.gather(*(zoom.users.get(user_id) for _ in range(BURST)))
                seconds[name].append(t["seconds"])
                tokens[name].append(fake.ask("tokens") - before)
    return {
        "seconds": {name: statistics.median(v) for name, v in seconds.items()},
        "tokens": {name: statistics.median(v) for name, v in tokens.items()},
        "tokens_max": {name: max(v) for name, v in tokens.items()},
        "threads": threads,
    }


def structuring(runs: int, number: int) -> dict[str, float]:
    """bench_structuring.py, ``runs`` times; the medians of its best-of timings."""
    outs = []
    for _ in range(runs):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            bench_structuring.main(["--number", str(number), "--repeat", "5"])
        outs.append(json.loads(buffer.getvalue()))
    return {key: statistics.median(o[key] for o in outs) for key in outs[0]}


def imports(rounds: int) -> dict[str, float]:
    """``import aiohttp`` and ``import aiozoom`` in fresh interpreters (bench_import.py)."""
    subjects = {"aiohttp": None, "aiozoom": str(ROOT)}
    for module, path in subjects.items():
        bench_import._run(module, path)  # compile and cache the bytecode
    times: dict[str, list[float]] = {module: [] for module in subjects}
    for i in range(rounds):
        for module, path in _rotate(list(subjects.items()), i):
            times[module].append(bench_import._run(module, path)[0])
    return {module: statistics.median(values) for module, values in times.items()}


# ------------------------------------------------------------------------------------- the report


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, str]:
    model, memory_kb = platform.processor() or platform.machine(), 0
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    return {
        "cores": str(os.cpu_count()),
        "cpu": model,
        "memory": f"{memory_kb / 2**20:.0f} GiB" if memory_kb else "unknown",
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "aiozoom": _version("aiozoom-sdk"),
        "aiohttp": _version("aiohttp"),
        "zoomus": _version("zoomus"),
        "msgspec": _version("msgspec"),
        "requests": _version("requests"),
    }


def _n(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def _yes(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def targets(r: dict[str, Any]) -> list[tuple[str, bool, str]]:
    tp = r["throughput"]
    floor = [
        (c, name, tp[c][name] / tp[c]["bare aiohttp"])
        for c in CONCURRENCIES
        for name in ("aiozoom typed", "aiozoom request")
    ]
    worst = min(floor, key=lambda f: f[2])
    vs_zoomus = [(c, tp[c]["aiozoom typed"] / tp[c]["zoomus"]) for c in (16, 128)]
    ratio = r["imports"]["aiozoom"] / r["imports"]["aiohttp"]
    return [
        (
            "aiozoom within 10% of the floor (typed and request, every concurrency)",
            worst[2] >= 0.90,
            f"lowest ratio {worst[2]:.3f} ({worst[1]}, c={worst[0]})",
        ),
        (
            "aiozoom at least 8x zoomus's throughput at concurrency 16 and 128",
            all(x >= 8 for _, x in vs_zoomus),
            ", ".join(f"c={c}: {x:.1f}x" for c, x in vs_zoomus),
        ),
        ("`import aiozoom` at most 1.3x `import aiohttp`", ratio <= 1.3, f"{ratio:.2f}x"),
    ]


def report(r: dict[str, Any], argv: list[str]) -> str:
    m, tp, mem, ex, st, im = (
        r["machine"],
        r["throughput"],
        r["memory"],
        r["expiry"],
        r["structuring"],
        r["imports"],
    )
    lines = [
        "## The suite (generated)",
        "",
        f"Generated by `python benchmarks/run_all.py{' ' if argv else ''}{' '.join(argv)}` on "
        f"{r['date']} in {r['elapsed']:.0f} s: everything between the `suite` markers is "
        "rewritten by each run. Every scenario ran "
        f"{r['rounds']} rounds (variants alternating which goes first); figures are medians, "
        "ratios are to baselines measured in the same run. FakeZoom (10,000 users) ran on "
        "loopback in a process of its own.",
        "",
        "Run it with `python benchmarks/run_all.py` (about 3 minutes here; `--quick` about 1, "
        "`--no-write` prints the section and changes no file) after `pip install -e '.[bench]'` "
        "(zoomus and matplotlib). It exits 1 when a target below is not met.",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory']} memory, {m['os']}; "
        f"load average {r['load'][0]:.2f} at the start, {r['load'][1]:.2f} at the end "
        "(other work on the machine slows both sides alike, but adds noise). "
        f"Python {m['python']}; aiozoom {m['aiozoom']}, aiohttp {m['aiohttp']}, "
        f"zoomus {m['zoomus']} (requests {m['requests']}), msgspec {m['msgspec']} "
        f"(aiozoom's default decoder, so the floor decodes with it too; zoomus decodes with "
        "requests' `json`).",
        "",
        "### Targets",
        "",
        "| target | result | measured |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {_yes(ok)} | {detail} |" for name, ok, detail in targets(r)]
    lines += [
        "",
        "### `GET /users/{id}` by concurrency",
        "",
        "Requests per second. The floor is a bare `aiohttp.ClientSession` with a fixed bearer "
        "token; zoomus runs in a `ThreadPoolExecutor` of as many threads as the concurrency "
        "(`requests` opens a connection per call, as zoomus uses it). "
        "The last column is the fake's CPU use during the busiest variant's runs, as a share of "
        "one core.",
        "",
        "| concurrency | bare aiohttp | aiozoom typed | aiozoom request | zoomus "
        "| typed / floor | request / floor | typed / zoomus | fake's CPU (max) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for c in CONCURRENCIES:
        row = tp[c]
        floor = row["bare aiohttp"]
        busy = max(max(v) for k, v in r["busy"].items() if k.startswith(f"GET c={c} "))
        lines.append(
            f"| {c} | {_n(floor)} | {_n(row['aiozoom typed'])} | {_n(row['aiozoom request'])} "
            f"| {_n(row['zoomus'])} | {row['aiozoom typed'] / floor:.3f} "
            f"| {row['aiozoom request'] / floor:.3f} "
            f"| {row['aiozoom typed'] / row['zoomus']:.1f}x | {busy:.0%} |"
        )
    cpu = tp["cpu"]
    lines += [
        "",
        "The client's CPU time per call in the same runs (the benchmark process's CPU time over "
        "the calls made, µs; zoomus's threads included):",
        "",
        "| concurrency | bare aiohttp | aiozoom typed | aiozoom request | zoomus "
        "| typed - bare | request - bare |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in CONCURRENCIES:
        row = cpu[c]
        bare = row["bare aiohttp"]
        lines.append(
            f"| {c} | {bare:.1f} | {row['aiozoom typed']:.1f} | {row['aiozoom request']:.1f} "
            f"| {row['zoomus']:.0f} | {row['aiozoom typed'] - bare:+.1f} "
            f"| {row['aiozoom request'] - bare:+.1f} |"
        )
    cost = r["cost"]
    bare_cost = cost["bare aiohttp"]
    lines += [
        "",
        "The same call at concurrency 16 against a server that answers the fake's user at once "
        "(no Zoom logic, a few µs a request), so that the client alone is the bottleneck: "
        "the clients' own cost.",
        "",
        "| variant | requests per second | ratio to bare | client CPU per call, µs | over bare |",
        "|---|---|---|---|---|",
    ]
    for name in ("bare aiohttp", "aiozoom typed", "aiozoom request"):
        row = cost[name]
        lines.append(
            f"| {name} | {_n(row['rps'])} | {row['rps'] / bare_cost['rps']:.3f} "
            f"| {row['cpu']:.1f} | {row['cpu'] - bare_cost['cpu']:+.1f} |"
        )
    short = [
        (c, name)
        for c in CONCURRENCIES
        for name in ("aiozoom typed", "aiozoom request")
        if tp[c][name] / tp[c]["bare aiohttp"] < 0.90
    ]
    if short:
        typed_extra = cost["aiozoom typed"]["cpu"] - bare_cost["cpu"]
        request_extra = cost["aiozoom request"]["cpu"] - bare_cost["cpu"]
        lines += [
            "",
            f"Where a ratio above is below 0.90 ({', '.join(f'{n}, c={k}' for k, n in short)}), "
            f"both processes are busy, the fake on one of the machine's {r['machine']['cores']} "
            "cores and the client on the other, and aiozoom's own work per call shows in full: "
            f"{typed_extra:+.1f} µs (typed) and {request_extra:+.1f} µs (request) of CPU over "
            f"bare aiohttp's {bare_cost['cpu']:.1f} µs when the client alone is the limit. That "
            "work is checking the call, the deadline and the retry budget, the rate-limit "
            "headers and Zoom's error bodies, and (typed) the path and the model. Against Zoom, "
            "where a call waits tens of milliseconds for the network, it costs no throughput.",
        ]
    ls = r["listing"]
    lines += [
        "",
        "![requests per second by concurrency](img/suite_throughput.png)",
        "",
        f"### Listing {USERS:,} users",
        "",
        f"Pages of {PAGE_SIZE}; each walk reads every user's `id` and `email`. Memory was measured "
        f"in fresh processes ({r['memory_runs']} of each kind per variant, medians; every child "
        "imports aiohttp, aiozoom and zoomus alike): the peak of Python allocations "
        "(`tracemalloc`, started after the imports and the first request), and in runs without "
        "tracemalloc the resident set's peak while listing (its high-water mark reset after "
        "the imports and the first request, so it is the walk's own) and its growth over the "
        "resident set before the first page.",
        "",
        "| variant | seconds | ratio to bare | traced peak | ratio to bare | RSS growth "
        "| peak RSS while listing | fake's CPU (max) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in ("bare aiohttp", "aiozoom typed", "zoomus"):
        busy = max(r["busy"][f"list {name}"])
        lines.append(
            f"| {name} | {ls[name]:.3f} | {ls[name] / ls['bare aiohttp']:.2f} "
            f"| {mem[name]['traced_peak'] / 1e6:.2f} MB "
            f"| {mem[name]['traced_peak'] / mem['bare aiohttp']['traced_peak']:.2f} "
            f"| {mem[name]['rss_growth'] / 1e6:.1f} MB | {mem[name]['maxrss'] / 1e6:.1f} MB "
            f"| {busy:.0%} |"
        )
    lines += [
        "",
        "![memory over pages while listing](img/suite_listing_memory.png)",
        "",
        f"### {BURST:,} concurrent requests across a token expiry",
        "",
        f"Every token the fake had issued expires just before the burst of {BURST:,} "
        "`GET /users/{id}`: aiozoom's requests are answered 401 (code 124) and replayed with one "
        "new token; zoomus does nothing about expiry itself, so its calls do what its users "
        "must do: on a 401, `client.refresh_token()` and call again, in a "
        f"`ThreadPoolExecutor` of {ex['threads']} threads. The floor is the same burst from bare "
        "aiohttp with a valid token.",
        "",
        "| variant | seconds | ratio to floor | token requests (median, max) | fake's CPU (max) |",
        "|---|---|---|---|---|",
    ]
    for name in ("bare aiohttp", "aiozoom typed", "zoomus"):
        secs = ex["seconds"][name]
        made = (
            f"{ex['tokens'][name]:.0f}, {ex['tokens_max'][name]}"
            if name in ex["tokens"]
            else "- (valid token)"
        )
        busy = max(r["busy"][f"expiry {name}"])
        lines.append(
            f"| {name} | {secs:.3f} | {secs / ex['seconds']['bare aiohttp']:.2f} | {made} "
            f"| {busy:.0%} |"
        )
    lines += [
        "",
        f"### Structuring a {st['records']:.0f}-record page",
        "",
        "`bench_structuring.py`'s measurement (best of its repeats), run "
        f"{r['structuring_runs']} times, medians; µs per record, ratio to `json.loads` of the "
        "page.",
        "",
        "| step | µs per record | ratio to json.loads |",
        "|---|---|---|",
        f"| `json.loads` of the page | {st['json_loads_us_per_record']:.2f} | 1.00 |",
        f"| `structure(page, UserList).users` | {st['structure_us_per_record']:.2f} "
        f"| {st['ratio']:.2f} |",
        f"| that, reading `id` and `email` | {st['structure_and_read_two_us_per_record']:.2f} "
        f"| {st['ratio_read_two']:.2f} |",
        f"| that, reading every field | {st['structure_and_read_all_us_per_record']:.2f} "
        f"| {st['ratio_read_all']:.2f} |",
        "",
        "### Import time",
        "",
        f"`bench_import.py`'s measurement: the import statement alone in a fresh interpreter, warm "
        f"bytecode caches, {r['import_rounds']} rounds alternating, medians.",
        "",
        "| import | ms | ratio to aiohttp |",
        "|---|---|---|",
        f"| `import aiohttp` | {im['aiohttp'] * 1000:.1f} | 1.00 |",
        f"| `import aiozoom` | {im['aiozoom'] * 1000:.1f} | {im['aiozoom'] / im['aiohttp']:.2f} |",
        "",
        "### The fake as a bottleneck",
        "",
    ]
    hot = sorted(((max(v), k) for k, v in r["busy"].items() if max(v) >= SATURATED), reverse=True)
    if hot:
        lines.append(
            f"The fake used at least {SATURATED:.0%} of a core during: "
            + "; ".join(f"{k} ({v:.0%})" for v, k in hot)
            + ". There the fake, not the client, bounds the throughput, and ratios between "
            "variants understate the differences in client cost."
        )
    else:
        lines.append(
            f"The fake never used {SATURATED:.0%} of a core during a timed run: it was not the "
            "bottleneck."
        )
    return "\n".join(lines) + "\n"


def plots(r: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    IMG.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for name, style in (
        ("bare aiohttp", "k--o"),
        ("aiozoom typed", "C0-o"),
        ("aiozoom request", "C2-s"),
        ("zoomus", "C3-^"),
    ):
        ys = [r["throughput"][c][name] for c in CONCURRENCIES]
        ax.plot(CONCURRENCIES, ys, style, label=name)
    ax.set_xscale("log")
    ax.set_xticks(CONCURRENCIES, [str(c) for c in CONCURRENCIES])
    ax.set_xlabel("concurrency (tasks; threads for zoomus)")
    ax.set_ylabel("requests per second (median)")
    ax.set_title("GET /users/{id} against FakeZoom on loopback")
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(IMG / "suite_throughput.png", dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 4.2))
    for name, style in (("bare aiohttp", "k--"), ("aiozoom typed", "C0-"), ("zoomus", "C3-")):
        pages = r["memory"][name]["pages"]
        ax.plot(range(1, len(pages) + 1), [p / 1e6 for p in pages], style, label=name)
    ax.set_xlabel(f"pages listed ({PAGE_SIZE} users each)")
    ax.set_ylabel("traced Python memory after the page (MB)")
    ax.set_title(f"Listing {USERS:,} users: memory page by page")
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(IMG / "suite_listing_memory.png", dpi=110)
    plt.close(fig)


def write(section: str) -> None:
    text = DOC.read_text()
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{DOC} has no {BEGIN} ... {END} markers")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n{section}{END}{tail}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds: about a minute")
    parser.add_argument("--no-write", action="store_true", help="print; change no file")
    parser.add_argument("--child-list", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_list:
        variant, mode, info = args.child_list
        print(json.dumps(asyncio.run(_list_child(json.loads(info), variant, mode == "trace"))))
        return 0
    argv = sys.argv[1:] if argv is None else argv
    shown = [a for a in argv if a == "--quick"]
    rounds = 3 if args.quick else 9
    start = time.perf_counter()
    r: dict[str, Any] = {
        "machine": machine(),
        "load": [os.getloadavg()[0]],
        "date": datetime.date.today().isoformat(),
        "rounds": rounds,
        "memory_runs": 1 if args.quick else 3,
        "structuring_runs": 3 if args.quick else 5,
        "import_rounds": 11 if args.quick else 31,
    }

    def step(name: str) -> None:
        print(f"[{time.perf_counter() - start:6.1f} s] {name}", file=sys.stderr, flush=True)

    step("starting the fake (10,000 users)")
    fake = Fake(USERS)
    try:
        step("GET /users/{id} at concurrency 1, 16, 128")
        r["throughput"] = asyncio.run(throughput(fake, rounds, 0.4 if args.quick else 2.0))
        step("the clients' own cost: GET /users/{id} from a server that answers at once")
        r["cost"] = asyncio.run(client_cost(fake, rounds, 0.4 if args.quick else 1.0))
        step("listing 10,000 users")
        r["listing"] = asyncio.run(listing(fake, rounds))
        step("memory while listing, in fresh processes")
        r["memory"] = memory(fake, r["memory_runs"])
        step("1,000 concurrent requests across a token expiry")
        r["expiry"] = asyncio.run(token_expiry(fake, rounds))
    finally:
        r["busy"] = fake.busy
        fake.stop()
    step("structuring a 300-record page")
    r["structuring"] = structuring(r["structuring_runs"], 20 if args.quick else 50)
    step("import times")
    r["imports"] = imports(r["import_rounds"])
    r["elapsed"] = time.perf_counter() - start
    r["load"].append(os.getloadavg()[0])
    section = report(r, shown)
    print(section)
    if not args.no_write:
        plots(r)
        write(section)
        step(f"wrote {DOC.relative_to(ROOT)} and {IMG.relative_to(ROOT)}/suite_*.png")
    return 0 if all(ok for _, ok, _ in targets(r)) else 1


if __name__ == "__main__":
    raise SystemExit(main())

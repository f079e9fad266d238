"""A fleet of four worker processes sharing one Redis (tokens and rate budget) while Redis is
killed and started again: no request fails because of it, and after the restart the fleet is
back to one token (a revocation costs one token request, not one per worker)."""

from __future__ import annotations

import asyncio
import multiprocessing
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as EventType
from typing import Any

from aiozoom.auth import ServerToServerOAuth
from aiozoom.client import ZoomClient
from aiozoom.redis import RedisRateLimiter, RedisTokenStore
from aiozoom.testing import FakeZoom

from .redis_server import RedisServer

WORKERS = 4
BOUND = 30.0  # seconds any one wait may take


def _worker(info: dict[str, str], redis_url: str, stop: EventType, conn: Connection) -> None:
    """Calls ``GET /users/me`` ten at a time until told to stop; sends back the calls that
    succeeded and every failure."""

    async def main() -> dict[str, Any]:
        ok, failures = 0, []
        async with RedisTokenStore(redis_url) as store:
            auth = ServerToServerOAuth(
                info["account_id"],
                info["client_id"],
                info["client_secret"],
                token_url=info["token_url"],
                store=store,
            )
            limiter = RedisRateLimiter(redis_url, account_id=info["account_id"], limits="business")
            async with ZoomClient(auth, base_url=info["base_url"], rate_limiter=limiter) as zoom:
                conn.send("ready")
                while not stop.is_set():
                    results = await asyncio.gather(
                        *(zoom.request("GET", "/users/me") for _ in range(10)),
                        return_exceptions=True,
                    )
                    ok += sum(isinstance(r, dict) for r in results)
                    failures += [repr(r) for r in results if isinstance(r, BaseException)]
                    await asyncio.sleep(0.01)  # a steady load, not a busy loop
            await limiter.aclose()
        return {"ok": ok, "failures": failures[:5], "failed": len(failures)}

    try:
        conn.send(asyncio.run(main()))
    except BaseException as exc:
        conn.send({"ok": 0, "failures": [repr(exc)], "failed": -1})


async def _until(condition: Any, what: str) -> None:
    """Wait (bounded) until ``condition()`` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + BOUND
    while not condition():
        assert loop.time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


async def test_four_workers_ride_out_a_redis_restart_and_come_back_to_one_token(
    redis_url: str, redis_process: RedisServer
) -> None:
    ctx = multiprocessing.get_context("spawn")
    loop = asyncio.get_running_loop()
    async with FakeZoom() as fake:
        stop = ctx.Event()
        pipes = [ctx.Pipe() for _ in range(WORKERS)]
        workers = [
            ctx.Process(
                target=_worker, args=(fake.credentials(), redis_url, stop, there), daemon=True
            )
            for _, there in pipes
        ]
        calls = lambda: fake.api_count("GET", "/v2/users/me")  # noqa: E731
        try:
            for w in workers:
                w.start()
            for here, _ in pipes:
                assert await loop.run_in_executor(None, here.poll, BOUND), "a worker did not start"
                assert here.recv() == "ready"
            await _until(lambda: calls() > 200, "the fleet to call")
            assert fake.token_requests == 1  # one token for the fleet

            redis_process.kill()  # Redis crashes, its data with it
            before = calls()
            await _until(lambda: calls() > before + 200, "calls while Redis is down")
            fake.revoke_tokens()  # each worker now mints its own: nothing to share them through
            revoked = calls()
            await _until(lambda: calls() > revoked + 200, "calls after the revocation")
            tokens_while_down = fake.token_requests

            redis_process.start()  # on the same port, empty
            back = calls()
            await _until(lambda: calls() > back + 400, "calls once Redis is back")
            settled = fake.token_requests
            fake.revoke_tokens()  # now one worker refreshes, the others adopt its token
            revoked = calls()
            await _until(lambda: calls() > revoked + 400, "calls after the second revocation")
            tokens_after = fake.token_requests - settled
        finally:
            stop.set()
            results = []
            for here, _ in pipes:
                if await loop.run_in_executor(None, here.poll, BOUND):
                    results.append(here.recv())
            for w in workers:
                await loop.run_in_executor(None, w.join, BOUND)
                if w.is_alive():
                    w.kill()
    assert [r["failed"] for r in results] == [0] * WORKERS, [r["failures"] for r in results]
    assert all(r["ok"] > 0 for r in results)
    assert 2 <= tokens_while_down <= 1 + WORKERS  # each process on its own while Redis was down
    assert tokens_after == 1  # the fleet is back to one token

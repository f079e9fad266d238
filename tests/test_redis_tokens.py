"""RedisTokenStore against a real redis-server: what it keeps and how (hashed keys, encryption at
rest, compare-and-set, the refresh lease), one token request for a fleet of processes, user-OAuth
rotation across workers, and a Redis outage (local state, one warning, shared state back)."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import random
import time
from collections.abc import AsyncIterator, Callable
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as EventType
from typing import Any, cast

import pytest
import redis.asyncio as aioredis

from aiozoom import TokenStorageError
from aiozoom.auth import ServerToServerOAuth, Token
from aiozoom.client import ZoomClient
from aiozoom.redis import RedisTokenStore
from aiozoom.testing import FakeClock, FakeZoom

from .conftest import s2s_for, user_oauth
from .redis_server import RedisServer

BOUND = 10.0  # seconds any one step may take before it counts as a hang
KEY = "zoom-user:owner"

MakeStore = Callable[..., RedisTokenStore]


@pytest.fixture
async def make_store(redis_url: str) -> AsyncIterator[MakeStore]:
    """Stores on the test's redis-server (each like another worker's), closed afterwards."""
    made: list[RedisTokenStore] = []

    def make(**options: Any) -> RedisTokenStore:
        store = RedisTokenStore(redis_url, **options)
        made.append(store)
        return store

    yield make
    for store in made:
        await store.aclose()


@pytest.fixture
async def raw(redis_url: str) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.from_url(redis_url)
    yield client
    await client.aclose()


def token(name: str, *, at: float = 1_800_000_000.0, ttl: float = 3600, **fields: Any) -> Token:
    return Token(access_token=name, expires_at=at + ttl, issued_at=at, **fields)


def s2s_key(fake: FakeZoom) -> str:
    return f"s2s:{fake.account.account_id}:{fake.account.client_id}"


# -- the store ----------------------------------------------------------------------------------


async def test_get_put_and_compare_and_set(make_store: MakeStore) -> None:
    store, other = make_store(), make_store()
    first = token("at-1", refresh_token="rt-1", scope="user:read", api_url="https://api.zoom.us")
    second, third = token("at-2", at=1_800_000_100.0), token("at-3", at=1_800_000_200.0)

    assert await store.get(KEY) is None
    assert await store.compare_and_set(KEY, None, first)  # against absence
    assert await other.get(KEY) == first  # every field survives the round trip
    assert not await other.compare_and_set(KEY, None, second)  # not absent any more
    assert await other.compare_and_set(KEY, first, second)
    assert not await store.compare_and_set(KEY, first, third)  # stale expected: refused
    assert await store.get(KEY) == second
    await store.put(KEY, third)
    assert await other.get(KEY) == third
    assert await other.get("another key") is None


async def test_redis_keys_are_hashes_never_credentials(
    fake: FakeZoom, clock: FakeClock, make_store: MakeStore, raw: aioredis.Redis
) -> None:
    store = make_store(clock=clock)
    async with ZoomClient(s2s_for(fake, clock, store=store), base_url=fake.base_url) as zoom:
        await zoom.request("GET", "/users/me")
    owner = await store.acquire_lease(s2s_key(fake))
    assert owner is not None
    keys = [k.decode() async for k in raw.scan_iter()]
    assert sorted(k.split(":")[1] for k in keys) == ["lease", "token"]
    assert all(k.startswith("aiozoom:") and len(k.split(":")[2]) == 64 for k in keys)
    account = fake.account
    secrets = [s2s_key(fake), account.account_id, account.client_id, account.client_secret]
    secrets += list(fake.state.tokens)
    for key in keys:
        for secret in secrets:
            assert secret not in key
    assert "secret" not in repr(store) and "redis://" not in repr(store)
    with_password = RedisTokenStore("redis://:hunter2@127.0.0.1:1/0")
    assert "hunter2" not in repr(with_password)
    await with_password.aclose()


async def test_tokens_are_encrypted_at_rest_and_a_wrong_key_never_yields_garbage(
    make_store: MakeStore, raw: aioredis.Redis
) -> None:
    key = os.urandom(32)
    store, peer = make_store(encryption_key=key), make_store(encryption_key=key)
    first = token("access-token-secret", refresh_token="refresh-token-secret")
    await store.put(KEY, first)
    (name,) = [k async for k in raw.scan_iter()]
    value = cast(bytes, await raw.get(name))
    assert b"access-token-secret" not in value and b"refresh-token-secret" not in value
    assert await peer.get(KEY) == first
    # random nonces: the same token seals differently, and compare-and-set still matches it
    second = token("at-2", at=1_800_000_100.0, refresh_token="rt-2")
    assert await peer.compare_and_set(KEY, first, second)
    assert await raw.get(name) != value

    for wrong in (make_store(encryption_key=os.urandom(32)), make_store()):
        with pytest.raises(TokenStorageError):
            await wrong.get(KEY)
    sealed = bytearray(cast(bytes, await raw.get(name)))
    sealed[-5] ^= 1  # one bit of the ciphertext
    await raw.set(name, bytes(sealed))
    with pytest.raises(TokenStorageError, match="could not be decrypted"):
        await store.get(KEY)
    with pytest.raises(ValueError, match="32 bytes"):
        RedisTokenStore("redis://127.0.0.1:1/0", encryption_key=b"short")


async def test_a_plain_value_that_was_altered_is_refused(
    make_store: MakeStore, raw: aioredis.Redis
) -> None:
    store = make_store()
    await store.put(KEY, token("at-1"))
    (name,) = [k async for k in raw.scan_iter()]
    value = cast(bytes, await raw.get(name))
    await raw.set(name, value.replace(b"at-1", b"at-X"))
    with pytest.raises(TokenStorageError, match="altered"):
        await store.get(KEY)
    await raw.set(name, b"not a token")
    with pytest.raises(TokenStorageError, match="format"):
        await store.get(KEY)


async def test_redis_keeps_a_token_a_little_beyond_its_expiry(
    clock: FakeClock, make_store: MakeStore, raw: aioredis.Redis
) -> None:
    store = make_store(clock=clock)
    await store.put("s2s", token("at", at=clock(), ttl=3599))
    await store.put(KEY, token("at", at=clock(), ttl=3599, refresh_token="rt"))
    s2s_ttl = await raw.pttl(store.token_key("s2s"))
    assert 3599_000 < s2s_ttl <= 3659_000  # the token's life and a minute
    # a refresh token outlives its access token: kept as long as Zoom honours it (90 days)
    assert await raw.pttl(store.token_key(KEY)) > 89 * 24 * 3600_000


async def test_the_lease_is_exclusive_and_only_its_owner_releases_it(
    make_store: MakeStore,
) -> None:
    one, two = make_store(), make_store(lease_ttl=0.2)
    owner = await one.acquire_lease(KEY)
    assert owner is not None
    assert await two.acquire_lease(KEY) is None
    await two.release_lease(KEY, "someone else")
    assert await two.acquire_lease(KEY) is None  # still held
    await one.release_lease(KEY, owner)
    short = await two.acquire_lease(KEY)  # lease_ttl 0.2 s
    assert short is not None
    assert await one.acquire_lease(KEY) is None
    deadline = time.monotonic() + BOUND
    while (taken := await one.acquire_lease(KEY)) is None:  # the holder vanished: it expires
        assert time.monotonic() < deadline
        await asyncio.sleep(0.05)
    await two.release_lease(KEY, short)  # expired and taken since: not two's to release
    assert await two.acquire_lease(KEY) is None
    await one.release_lease(KEY, taken)


# -- providers sharing it -----------------------------------------------------------------------


class CountingStore(RedisTokenStore):
    """Counts the lease requests refused because another worker holds the lease."""

    def __init__(self, url: str, **options: Any) -> None:
        super().__init__(url, **options)
        self.refused = 0
        self._refusal = asyncio.Condition()

    async def acquire_lease(self, key: str, ttl: float | None = None) -> str | None:
        owner = await super().acquire_lease(key, ttl)
        if owner is None:
            async with self._refusal:
                self.refused += 1
                self._refusal.notify_all()
        return owner

    async def refused_at_least(self, count: int) -> None:
        async with self._refusal:
            await self._refusal.wait_for(lambda: self.refused >= count)


async def test_a_worker_waits_for_the_lease_holders_token_instead_of_refreshing(
    fake: FakeZoom, clock: FakeClock, make_store: MakeStore, redis_url: str
) -> None:
    a = s2s_for(fake, clock, store=make_store(clock=clock))
    b_store = CountingStore(redis_url, clock=clock)
    b = s2s_for(fake, clock, store=b_store)
    async with (
        ZoomClient(a, base_url=fake.base_url) as za,
        ZoomClient(b, base_url=fake.base_url) as zb,
        b_store,
    ):
        fake.token_gate = asyncio.Event()  # hold a's token request at the fake
        first = asyncio.ensure_future(za.request("GET", "/users/me"))
        await asyncio.wait_for(fake.wait_token_requests_in_flight(1), BOUND)
        second = asyncio.ensure_future(zb.request("GET", "/users/me"))
        await asyncio.wait_for(b_store.refused_at_least(3), BOUND)  # b polls the store...
        assert fake.token_requests == 1  # ...and does not ask Zoom meanwhile
        fake.token_gate.set()
        await asyncio.wait_for(asyncio.gather(first, second), BOUND)
        assert fake.token_requests == 1
        assert a.current_token == b.current_token

        fake.revoke_tokens()  # both get a 401: re-read the store, one of them mints
        await asyncio.wait_for(
            asyncio.gather(za.request("GET", "/users/me"), zb.request("GET", "/users/me")), BOUND
        )
        assert fake.token_requests == 2
        assert a.current_token == b.current_token


async def test_a_lease_whose_holder_vanished_is_taken_over(
    fake: FakeZoom, clock: FakeClock, make_store: MakeStore
) -> None:
    vanished = make_store(lease_ttl=0.3)
    assert await vanished.acquire_lease(s2s_key(fake)) is not None  # and never released
    auth = s2s_for(fake, clock, store=make_store(clock=clock))
    async with ZoomClient(auth, base_url=fake.base_url) as zoom:
        started = time.monotonic()
        me = await asyncio.wait_for(zoom.request("GET", "/users/me"), BOUND)
    assert me["id"] == fake.account.owner_id
    assert fake.token_requests == 1
    assert 0.2 < time.monotonic() - started < 3  # waited for the lease to expire, not longer


def live_refresh_tokens(fake: FakeZoom) -> list[str]:
    owner = fake.account.owner_id
    return [t for t, (_, user) in fake.state.refresh_tokens.items() if user == owner]


async def test_user_oauth_rotation_is_one_compare_and_set_per_expiry_across_workers(
    fake: FakeZoom, clock: FakeClock, make_store: MakeStore, raw: aioredis.Redis
) -> None:
    first = fake.issue_user_tokens()
    stores = [make_store(clock=clock, encryption_key=b"k" * 32) for _ in range(3)]
    workers = [
        user_oauth(fake, clock, first, store=s, key=KEY, rng=random.Random(n))
        for n, s in enumerate(stores)
    ]
    clients = [ZoomClient(w, base_url=fake.base_url) for w in workers]
    try:
        for _ in range(15):
            clock.advance(fake.token_ttl + 1)
            results = await asyncio.wait_for(
                asyncio.gather(*(c.request("GET", "/users/me") for c in clients[:2])), BOUND
            )
            assert [r["id"] for r in results] == [fake.account.owner_id] * 2
            stored = await stores[2].get(KEY)
            assert stored is not None and [stored.refresh_token] == live_refresh_tokens(fake)
        # the third worker's pair is 15 rotations stale: it adopts the stored pair, never
        # refreshing with (or saving) its own
        clock.advance(fake.token_ttl - 1)  # (the stored pair is due for the others, not expired)
        assert workers[2].current_token is not None
        assert workers[2].current_token.refresh_token == first["refresh_token"]
        me = await asyncio.wait_for(clients[2].request("GET", "/users/me"), BOUND)
        assert me["id"] == fake.account.owner_id
    finally:
        for c in clients:
            await c.close()
    assert fake.token_requests_by_grant["refresh_token"] == 16  # one per expiry, none refused
    assert fake.api_requests[("GET", "/v2/users/me", 401)] == 0
    stored = await stores[0].get(KEY)
    assert stored is not None and [stored.refresh_token] == live_refresh_tokens(fake)


# -- a fleet of processes -----------------------------------------------------------------------


def _fleet_worker(
    info: dict[str, str], redis_url: str, calls: int, go: EventType, conn: Connection
) -> None:
    async def main() -> dict[str, Any]:
        async with RedisTokenStore(redis_url) as store:
            auth = ServerToServerOAuth(
                info["account_id"],
                info["client_id"],
                info["client_secret"],
                token_url=info["token_url"],
                store=store,
            )
            async with ZoomClient(auth, base_url=info["base_url"]) as zoom:
                conn.send("ready")
                loop = asyncio.get_running_loop()
                if not await loop.run_in_executor(None, go.wait, 60):
                    return {"ok": 0, "errors": ["never told to go"]}
                results = await asyncio.gather(
                    *(zoom.request("GET", "/users/me") for _ in range(calls)),
                    return_exceptions=True,
                )
        ok = sum(isinstance(r, dict) and "id" in r for r in results)
        errors = [repr(r) for r in results if isinstance(r, BaseException)][:3]
        return {"ok": ok, "errors": errors}

    try:
        conn.send(asyncio.run(main()))
    except BaseException as exc:
        conn.send({"ok": 0, "errors": [repr(exc)]})


async def test_eight_processes_of_two_hundred_requests_at_expiry_make_one_token_request(
    redis_url: str,
) -> None:
    processes, calls = 8, 200
    ctx = multiprocessing.get_context("spawn")
    loop = asyncio.get_running_loop()
    async with FakeZoom() as fake, RedisTokenStore(redis_url) as store:
        now = time.time()
        expired = Token(access_token="expired", expires_at=now - 1, issued_at=now - 3600)
        await store.put(s2s_key(fake), expired)  # the fleet's token has just expired
        go = ctx.Event()
        pipes = [ctx.Pipe() for _ in range(processes)]
        workers = [
            ctx.Process(
                target=_fleet_worker,
                args=(fake.credentials(), redis_url, calls, go, there),
                daemon=True,
            )
            for _, there in pipes
        ]
        try:
            for w in workers:
                w.start()
            for here, _ in pipes:  # every worker set up; then all fire at once
                assert await loop.run_in_executor(None, here.poll, 60), "a worker did not start"
                assert here.recv() == "ready"
            started = time.perf_counter()
            go.set()
            results = []
            for here, _ in pipes:
                assert await loop.run_in_executor(None, here.poll, 60), "a worker hung"
                results.append(here.recv())
            elapsed = time.perf_counter() - started
            for w in workers:
                await loop.run_in_executor(None, w.join, BOUND)
        finally:
            for w in workers:
                if w.is_alive():
                    w.kill()
                    w.join(BOUND)
        assert [r["errors"] for r in results] == [[]] * processes
        assert [r["ok"] for r in results] == [calls] * processes
        assert fake.token_requests == 1
        assert fake.api_count("GET", "/v2/users/me") == processes * calls
        assert fake.api_requests[("GET", "/v2/users/me", 401)] == 0
        stored = await store.get(s2s_key(fake))
        assert stored is not None and stored.access_token in fake.state.tokens
    print(f"\n8 x 200 requests at expiry: {fake.token_requests} token request, {elapsed:.2f} s")


# -- outages ------------------------------------------------------------------------------------


def warnings_from_redis(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "aiozoom.redis" and r.levelno >= logging.WARNING
    ]


async def test_without_redis_each_process_goes_on_locally_then_shared_state_takes_over(
    fake: FakeZoom,
    clock: FakeClock,
    make_store: MakeStore,
    redis_process: RedisServer,
    raw: aioredis.Redis,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="aiozoom.redis")
    here = make_store(clock=clock)  # this process's store
    redis_process.kill()
    try:
        first = s2s_for(fake, clock, store=here)
        second = s2s_for(fake, clock, store=here)
        async with (
            ZoomClient(first, base_url=fake.base_url) as a,
            ZoomClient(second, base_url=fake.base_url) as b,
        ):
            for _ in range(3):
                await asyncio.wait_for(a.request("GET", "/users/me"), BOUND)
                await asyncio.wait_for(b.request("GET", "/users/me"), BOUND)
        assert fake.token_requests == 1  # one token for the process, kept locally
        assert first.current_token == second.current_token
        assert len(warnings_from_redis(caplog)) == 1
        assert "unreachable" in warnings_from_redis(caplog)[0]
        assert "unreachable, working locally" in repr(here)
    finally:
        redis_process.start()  # empty: it lost everything

    # The next use of the store writes the token saved during the outage back...
    third = s2s_for(fake, clock, store=here)
    async with ZoomClient(third, base_url=fake.base_url) as c:
        await asyncio.wait_for(c.request("GET", "/users/me"), BOUND)
    assert third.current_token == first.current_token
    assert [k async for k in raw.scan_iter("aiozoom:token:*")]
    # ...so another worker adopts it rather than minting one of its own: one token for all.
    elsewhere = s2s_for(fake, clock, store=make_store(clock=clock))
    async with ZoomClient(elsewhere, base_url=fake.base_url) as d:
        await asyncio.wait_for(d.request("GET", "/users/me"), BOUND)
    assert elsewhere.current_token == first.current_token
    assert fake.token_requests == 1
    messages = [r.getMessage() for r in caplog.records if r.name == "aiozoom.redis"]
    assert any("shared state is back" in m for m in messages)
    assert any("saved during the outage" in m for m in messages)
    assert len(warnings_from_redis(caplog)) == 1

    # And refreshing is shared again: at expiry the two workers make one token request.
    clock.advance(fake.token_ttl + 1)
    async with (
        ZoomClient(third, base_url=fake.base_url) as c,
        ZoomClient(elsewhere, base_url=fake.base_url) as d,
    ):
        await asyncio.wait_for(
            asyncio.gather(c.request("GET", "/users/me"), d.request("GET", "/users/me")), BOUND
        )
    assert fake.token_requests == 2
    assert third.current_token == elsewhere.current_token


async def test_a_token_redis_lost_is_written_back_from_this_processs_copy(
    fake: FakeZoom, clock: FakeClock, make_store: MakeStore, raw: aioredis.Redis
) -> None:
    here = make_store(clock=clock)
    first = s2s_for(fake, clock, store=here)
    async with ZoomClient(first, base_url=fake.base_url) as zoom:
        await zoom.request("GET", "/users/me")
    await raw.flushall()  # a restart this process never noticed
    second = s2s_for(fake, clock, store=here)
    async with ZoomClient(second, base_url=fake.base_url) as zoom:
        await zoom.request("GET", "/users/me")
    assert second.current_token == first.current_token
    assert fake.token_requests == 1
    assert await make_store(clock=clock).get(s2s_key(fake)) == first.current_token

    await raw.flushall()
    clock.advance(fake.token_ttl + 1)  # an expired copy is not written back
    assert await here.get(s2s_key(fake)) is None


def test_a_store_serves_one_asyncio_run_after_another(redis_url: str) -> None:
    store = RedisTokenStore(redis_url)
    saved = token("at-1")

    async def save() -> None:
        await store.put(KEY, saved)
        await store.aclose()  # this loop's connections

    async def read() -> Token | None:
        try:
            return await store.get(KEY)
        finally:
            await store.aclose()

    asyncio.run(save())
    assert asyncio.run(read()) == saved

"""RedisDedupeStore against a real redis-server: SET NX PX semantics, one handler run for a
delivery and its redeliveries spread over three worker processes, and the local fallback while
Redis is down."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from multiprocessing.connection import Connection

import aiohttp
import pytest
import redis.asyncio as aioredis
from aiohttp import web

from aiozoom.redis import RedisDedupeStore
from aiozoom.testing import FakeClock, FakeZoom
from aiozoom.testing.webhooks import Delivery, WebhookSender, event_body
from aiozoom.webhooks import DedupeStore, WebhookEvent, WebhookReceiver

from .redis_server import RedisServer

SECRET = "redis-dedupe-webhook-secret-token"
BOUND = 5.0  # seconds any one wait in these tests may take


@pytest.fixture
async def client(redis_url: str) -> AsyncIterator[aioredis.Redis]:
    redis_client = aioredis.from_url(redis_url)
    yield redis_client
    await redis_client.aclose()


async def eventually(check: Callable[[], Awaitable[bool]], what: str) -> None:
    """Poll the async ``check()`` until it is true, for at most :data:`BOUND` seconds."""
    deadline = time.monotonic() + BOUND
    while not await check():
        assert time.monotonic() < deadline, f"not within {BOUND} s: {what}"
        await asyncio.sleep(0.01)


# --- semantics ----------------------------------------------------------------------------------


async def test_first_call_records_the_key_and_the_second_sees_it(
    redis_url: str, client: aioredis.Redis
) -> None:
    async with RedisDedupeStore(redis_url) as store:
        assert isinstance(store, DedupeStore)
        assert await store.seen_or_add("delivery-1", 60) is False
        assert await store.seen_or_add("delivery-1", 60) is True
        assert await store.seen_or_add("delivery-2", 60) is False
        assert not store.redis_down
    assert sorted(await client.keys("*")) == [
        b"aiozoom:webhook:delivery-1",
        b"aiozoom:webhook:delivery-2",
    ]
    assert await client.get("aiozoom:webhook:delivery-1") == b"1"
    assert 59_000 < await client.pttl("aiozoom:webhook:delivery-1") <= 60_000


async def test_keys_live_under_the_prefix_and_prefixes_do_not_share(
    client: aioredis.Redis,
) -> None:
    one = RedisDedupeStore(client, prefix="app-one:")
    two = RedisDedupeStore(client, prefix="app-two:")
    assert await one.seen_or_add("k", 60) is False
    assert await two.seen_or_add("k", 60) is False
    assert await one.seen_or_add("k", 60) is True
    assert sorted(await client.keys("*")) == [b"app-one:webhook:k", b"app-two:webhook:k"]
    assert one.key("k") == "app-one:webhook:k"
    await one.aclose()  # a client passed in stays open
    assert await client.ping() is True


async def test_a_key_expires_by_redis_after_its_ttl(client: aioredis.Redis) -> None:
    store = RedisDedupeStore(client)
    assert await store.seen_or_add("short", 0.05) is False
    assert 0 < await client.pttl("aiozoom:webhook:short") <= 50
    # Each True leaves the key and its expiry alone (NX); the first False is Redis' expiry.
    deadline = time.monotonic() + BOUND
    while await store.seen_or_add("short", 0.05):
        assert time.monotonic() < deadline, "the key did not expire"
        await asyncio.sleep(0.01)
    assert await store.seen_or_add("short", 0.05) is True  # recorded again


async def test_concurrent_calls_from_separate_connections_let_exactly_one_through(
    redis_url: str,
) -> None:
    stores = [RedisDedupeStore(redis_url) for _ in range(10)]
    try:
        answers = await asyncio.gather(*(s.seen_or_add("race", 60) for s in stores))
    finally:
        await asyncio.gather(*(s.aclose() for s in stores))
    assert sorted(answers) == [False] + [True] * 9


async def test_bad_arguments_and_a_repr_without_secrets(redis_process: RedisServer) -> None:
    url = f"redis://:hunter2@127.0.0.1:{redis_process.port}/3"
    async with RedisDedupeStore(url, prefix="p:") as store:
        text = repr(store)
        assert "hunter2" not in text
        assert text == (
            f"RedisDedupeStore(127.0.0.1:{redis_process.port}/3, prefix='p:', state='redis')"
        )
        for ttl in (0, -1, float("nan"), float("inf")):
            with pytest.raises(ValueError, match="ttl"):
                await store.seen_or_add("k", ttl)
    with pytest.raises(TypeError, match="client_or_url"):
        RedisDedupeStore(6379)  # type: ignore[arg-type]


# --- three worker processes behind one URL ------------------------------------------------------


def _worker(url: str, index: int, conn: Connection) -> None:
    """A receiver process: serves on a free port (sent to ``conn``) until ``conn`` says stop."""
    asyncio.run(_serve(url, index, conn))


async def _serve(url: str, index: int, conn: Connection) -> None:
    store = RedisDedupeStore(url)
    recorder = aioredis.from_url(url)
    receiver = WebhookReceiver(SECRET, dedupe_store=store)

    @receiver.on_any
    async def record(event: WebhookEvent) -> None:
        await recorder.rpush(f"runs:{event.payload['object']['id']}", index)

    runner = web.AppRunner(receiver.app(path="/zoom"))
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        conn.send(runner.addresses[0][1])
        await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # "stop"
    finally:
        await runner.cleanup()  # closes the receiver: its handlers finish first
        await store.aclose()
        await recorder.aclose()
    conn.send("stopped")


class Fleet:
    """Three receiver processes ("spawn"), each with its own port and RedisDedupeStore."""

    def __init__(self, redis_url: str, size: int = 3) -> None:
        context = multiprocessing.get_context("spawn")
        self.processes: list[multiprocessing.process.BaseProcess] = []
        self.pipes: list[Connection] = []
        for index in range(1, size + 1):
            ours, theirs = context.Pipe()
            process = context.Process(target=_worker, args=(redis_url, index, theirs), daemon=True)
            process.start()
            theirs.close()
            self.processes.append(process)
            self.pipes.append(ours)
        self.urls: list[str] = []
        for pipe in self.pipes:
            assert pipe.poll(15.0), "a worker did not start in time"
            self.urls.append(f"http://127.0.0.1:{pipe.recv()}/zoom")

    def stop(self) -> None:
        """Stop every worker, each after its running handlers finished."""
        for pipe in self.pipes:
            pipe.send("stop")
        for pipe in self.pipes:
            assert pipe.poll(BOUND), "a worker did not stop in time"
            assert pipe.recv() == "stopped"
        for process in self.processes:
            process.join(BOUND)
            assert process.exitcode == 0

    def kill(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.kill()
            process.join(BOUND)
        for pipe in self.pipes:
            pipe.close()


@pytest.fixture
def fleet(redis_url: str) -> Iterator[Fleet]:
    workers = Fleet(redis_url)
    try:
        yield workers
    finally:
        workers.kill()


async def test_a_webhook_delivered_to_three_workers_runs_its_handler_once(
    redis_url: str, client: aioredis.Redis, fleet: Fleet
) -> None:
    sender = WebhookSender(SECRET)
    one, two, three = fleet.urls
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=BOUND)) as session:
        # One after the other: the delivery to worker 1, Zoom's redeliveries to workers 2 and 3.
        first = await sender.send(session, one, event_body("meeting.started", {"id": 1}))
        second = await sender.redeliver(session, two, first)
        third = await sender.redeliver(session, three, second)
        sent = (first, second, third)
        assert [d.status for d in sent] == [200, 200, 200]
        assert len({d.headers["x-zm-signature"] for d in sent}) == 3

        # At the same moment: three deliveries (new timestamps and signatures, same body).
        body = event_body("meeting.started", {"id": 2})
        now = int(time.time())
        at_once = await asyncio.gather(
            *(
                sender.send(session, url, body, timestamp=now + i)
                for i, url in enumerate(fleet.urls)
            )
        )
        assert [d.status for d in at_once] == [200, 200, 200]
    await asyncio.to_thread(fleet.stop)  # waits for every worker's handlers

    assert await client.lrange("runs:1", 0, -1) == [b"1"]
    assert len(await client.lrange("runs:2", 0, -1)) == 1
    assert len(await client.keys("aiozoom:webhook:*")) == 2


# --- Redis down and back ------------------------------------------------------------------------


async def test_while_redis_is_down_a_worker_deduplicates_locally_and_then_uses_redis_again(
    redis_process: RedisServer,
    redis_url: str,
    client: aioredis.Redis,
    fake: FakeZoom,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="aiozoom.redis")
    store = RedisDedupeStore(redis_url)
    receiver = WebhookReceiver(SECRET, dedupe_store=store, clock=clock)
    runs: list[int] = []

    @receiver.on_any
    async def record(event: WebhookEvent) -> None:
        runs.append(event.payload["object"]["id"])

    runner = web.AppRunner(receiver.app(path="/zoom"))
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/zoom"

        async def deliver(meeting_id: int) -> Delivery:
            first = await fake.deliver_webhook(
                url, "meeting.started", {"id": meeting_id}, secret_token=SECRET
            )
            clock.advance(5 * 60)
            again = await fake.redeliver_webhook(url, first, secret_token=SECRET)
            assert (first.status, again.status) == (200, 200)
            return first

        await deliver(1)
        assert len(await client.keys("aiozoom:webhook:*")) == 1

        redis_process.kill()
        during = [await deliver(2), await deliver(3)]
        assert store.redis_down
        assert "local" in repr(store)

        redis_process.start()
        await client.connection_pool.disconnect()  # the test's own connection died with Redis
        await deliver(4)
        assert not store.redis_down
        assert len(await client.keys("aiozoom:webhook:*")) == 1  # 4's; Redis lost 1's
        # Accepted during the outage: a later redelivery is still dropped, now through Redis.
        clock.advance(20 * 60)
        for delivery in during:
            late = await fake.redeliver_webhook(url, delivery, secret_token=SECRET)
            assert late.status == 200
        assert len(await client.keys("aiozoom:webhook:*")) == 3
        await receiver.drain()
    finally:
        await runner.cleanup()
        await store.aclose()
        if redis_process.process is None:
            redis_process.start()

    assert runs == [1, 2, 3, 4]
    warnings = [r for r in caplog.records if r.name == "aiozoom.redis" and r.levelno >= 30]
    assert len(warnings) == 1
    assert "cross-worker deduplication is off until it is back" in warnings[0].getMessage()
    infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert any("Redis answers again" in line for line in infos)


async def test_a_redis_that_hangs_counts_as_down_after_the_call_bound(
    redis_process: RedisServer, redis_url: str
) -> None:
    assert redis_process.process is not None
    store = RedisDedupeStore(redis_url, timeout=0.2)
    try:
        assert await store.seen_or_add("before", 60) is False
        redis_process.process.send_signal(signal.SIGSTOP)  # accepts bytes, answers nothing
        try:
            started = time.monotonic()
            assert await store.seen_or_add("hung", 60) is False
            assert await store.seen_or_add("hung", 60) is True
            assert time.monotonic() - started < 2.0
            assert store.redis_down
        finally:
            redis_process.process.send_signal(signal.SIGCONT)
        await eventually(lambda: _answers(store), "Redis answers again")
        assert await store.seen_or_add("hung", 60) is True  # remembered locally, or by Redis
        assert await store.seen_or_add("before", 60) is True
    finally:
        await store.aclose()


async def _answers(store: RedisDedupeStore) -> bool:
    await store.seen_or_add("probe", 60)
    return not store.redis_down

"""The test tooling's redis-server: it answers, is emptied for each test, and comes back after a
kill (the Redis features' tests rely on all three)."""

from __future__ import annotations

import redis.asyncio as redis

from .redis_server import RedisServer


async def test_the_server_answers_and_starts_empty(redis_url: str) -> None:
    client = redis.from_url(redis_url)
    try:
        assert await client.ping() is True
        assert await client.dbsize() == 0
        await client.set("left", "behind")
    finally:
        await client.aclose()


async def test_each_test_gets_it_empty(redis_url: str) -> None:
    client = redis.from_url(redis_url)
    try:
        assert await client.get("left") is None
    finally:
        await client.aclose()


async def test_a_killed_server_starts_again_on_its_port(redis_process: RedisServer) -> None:
    port = redis_process.port
    redis_process.kill()
    redis_process.start()
    assert redis_process.port == port
    client = redis.from_url(redis_process.url)
    try:
        assert await client.ping() is True
    finally:
        await client.aclose()

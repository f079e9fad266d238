"""A webhook delivery processed once by a whole fleet of receivers: a Redis :class:`DedupeStore`.

::

    store = RedisDedupeStore("redis://redis.internal:6379/0")
    receiver = WebhookReceiver(secret_token, dedupe_store=store)

Each :meth:`~RedisDedupeStore.seen_or_add` is one ``SET <prefix>webhook:<key> 1 NX PX <ttl>``:
Redis checks and inserts atomically, so of a delivery and Zoom's redeliveries of it -- which may
reach different workers behind one URL, even at the same moment -- exactly one is new, and the
key expires with the dedupe window by Redis' own clock.

When Redis cannot be reached (or takes longer than the call bound), the store goes on with a
:class:`~aiozoom.webhooks.MemoryDedupeStore` of this process and logs one warning for the outage:
a redelivery that reaches the same worker is still caught, one that reaches another worker is
not. Every call tries Redis first, so shared deduplication is back as soon as Redis answers; keys
remembered locally during the outage are still honoured after it.
"""

from __future__ import annotations

import math
from typing import Any

import redis.asyncio as aioredis

from aiozoom.redis._outage import CALL_TIMEOUT, Outage, Unreachable
from aiozoom.webhooks.dedupe import MemoryDedupeStore

__all__ = ["RedisDedupeStore"]


class RedisDedupeStore:
    """A :class:`~aiozoom.webhooks.DedupeStore` shared by every process using the same Redis.

    :param client_or_url: a ``redis.asyncio.Redis`` client (left open by :meth:`aclose`), or a
        ``redis://`` / ``rediss://`` / ``unix://`` URL for a client this store owns and closes.
    :param prefix: prepended to every key, followed by ``webhook:`` and the delivery key.
    :param timeout: seconds one Redis call may take before Redis counts as unreachable.
    """

    def __init__(
        self,
        client_or_url: aioredis.Redis | str,
        *,
        prefix: str = "aiozoom:",
        timeout: float = CALL_TIMEOUT,
    ) -> None:
        if isinstance(client_or_url, str):
            self._client: aioredis.Redis = aioredis.from_url(client_or_url)
            self._owns_client = True
        elif isinstance(client_or_url, aioredis.Redis):
            self._client = client_or_url
            self._owns_client = False
        else:
            raise TypeError(
                "client_or_url must be a redis.asyncio.Redis client or a URL, not "
                f"{type(client_or_url).__name__}"
            )
        if not isinstance(prefix, str):
            raise TypeError(f"prefix must be a str, not {type(prefix).__name__}")
        self.prefix = prefix
        self._outage = Outage(
            "RedisDedupeStore",
            timeout=timeout,
            meanwhile="cross-worker deduplication is off until it is back: a redelivery is "
            "caught only by the worker that accepted the delivery",
        )
        self._local = MemoryDedupeStore()

    def __repr__(self) -> str:
        state = "local (Redis unreachable)" if self._outage.down else "redis"
        return (
            f"RedisDedupeStore({_location(self._client)}, prefix={self.prefix!r}, state={state!r})"
        )

    @property
    def redis_down(self) -> bool:
        """Whether the last call found Redis unreachable (deduplication is per process then)."""
        return self._outage.down

    def key(self, key: str) -> str:
        """The Redis key that records the delivery key ``key``."""
        return f"{self.prefix}webhook:{key}"

    async def seen_or_add(self, key: str, ttl: float) -> bool:
        """Atomically: ``True`` if ``key`` was recorded within its ``ttl``; else record it.

        Recorded in Redis when it answers, in this process's memory when it does not.
        """
        if not ttl > 0 or ttl == math.inf:
            raise ValueError("ttl must be a finite number of seconds > 0")
        ttl_ms = max(1, math.ceil(ttl * 1000))
        try:
            added = await self._outage.call(self._client.set(self.key(key), 1, nx=True, px=ttl_ms))
        except Unreachable:
            return await self._local.seen_or_add(key, ttl)
        if not added:
            return True
        # New to Redis; but this process may have accepted it locally while Redis was
        # unreachable (a restarted Redis has lost its keys too), and that still counts.
        return key in self._local

    async def aclose(self) -> None:
        """Close the Redis client if this store created it from a URL."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> RedisDedupeStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


def _location(client: aioredis.Redis) -> str:
    """Where ``client`` connects, without credentials: ``host:port/db`` or the socket path."""
    kwargs: dict[str, Any] = client.connection_pool.connection_kwargs
    db = kwargs.get("db", 0)
    if "path" in kwargs:
        return f"unix:{kwargs['path']}/{db}"
    return f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}/{db}"

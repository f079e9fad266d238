"""One token and one rate budget for a fleet of workers, through Redis (``pip install
'aiozoom-sdk[redis]'``, the official ``redis`` client's asyncio API).

- :class:`RedisTokenStore`: tokens shared per credential, one refresh for the whole fleet (a
  lease), rotation of user-OAuth refresh tokens as a compare-and-set;
- :class:`RedisRateLimiter`: Zoom's per-account, per-category budget enforced across processes;
- :class:`RedisDedupeStore`: a webhook delivery processed once by the whole fleet.

When Redis cannot be reached, each falls back to this process's own state (with one warning),
and shared state takes over again once Redis answers. Nothing here is imported by ``import
aiozoom``; this package needs the ``redis`` extra.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiozoom._lazy import lazy_attribute

if TYPE_CHECKING:
    from aiozoom.redis.dedupe import RedisDedupeStore
    from aiozoom.redis.limiter import RedisRateLimiter
    from aiozoom.redis.tokens import RedisTokenStore

__all__ = ["RedisDedupeStore", "RedisRateLimiter", "RedisTokenStore"]

_LAZY = {
    "RedisDedupeStore": ("aiozoom.redis.dedupe", "RedisDedupeStore"),
    "RedisRateLimiter": ("aiozoom.redis.limiter", "RedisRateLimiter"),
    "RedisTokenStore": ("aiozoom.redis.tokens", "RedisTokenStore"),
}


def __getattr__(name: str) -> Any:
    return lazy_attribute(globals(), _LAZY, name)

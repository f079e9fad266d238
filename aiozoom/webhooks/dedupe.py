"""Processing each Zoom webhook delivery once: the dedupe key, the store protocol, a memory store.

Zoom redelivers an event when it did not get a 2xx within 3 seconds, about 5, 20 and 60 minutes
later. A redelivery carries a new ``x-zm-request-timestamp`` and so a new signature, but the same
event. :func:`delivery_key` therefore ignores the headers and hashes what identifies the event:
the ``event`` name, ``event_ts`` and the ``payload``, serialised canonically (sorted keys, no
whitespace). That makes the key independent of how the JSON bytes happen to be laid out, and of
top-level per-delivery extras such as ``download_token``; two deliveries with the same key
describe the same thing, so acting on one of them is enough.

A :class:`DedupeStore` remembers keys for a window (the receiver's default is 2 hours, beyond
Zoom's last retry at about 65 minutes). Its one method, :meth:`~DedupeStore.seen_or_add`, is an
atomic check-and-insert so concurrent deliveries of the same event cannot both pass.
:class:`MemoryDedupeStore` is the in-process default; a shared store (e.g. Redis ``SET key 1 NX
EX ttl``) is needed when several receiver processes sit behind one URL.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import time
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from aiozoom.webhooks.events import WebhookEvent

__all__ = ["DEFAULT_DEDUPE_WINDOW", "DedupeStore", "MemoryDedupeStore", "delivery_key"]

DEFAULT_DEDUPE_WINDOW = 2 * 60 * 60
"""Seconds a delivery is remembered: Zoom's retries come within about 65 minutes."""


def delivery_key(event: WebhookEvent) -> str:
    """A key that is equal for a delivery and each of Zoom's redeliveries of it.

    ``sha256`` over the canonical JSON of ``[event, event_ts, payload]``; the headers (timestamp,
    signature) and top-level extras do not enter.
    """
    canonical = json.dumps(
        [event.event, event.raw.get("event_ts"), event.payload],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=True,
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


@runtime_checkable
class DedupeStore(Protocol):
    """Where the receiver records which deliveries it has already accepted."""

    async def seen_or_add(self, key: str, ttl: float) -> bool:
        """Atomically: return ``True`` if ``key`` is present and unexpired; otherwise record it
        for ``ttl`` seconds and return ``False``."""
        ...


class MemoryDedupeStore:
    """An in-process :class:`DedupeStore`; expired keys are evicted, so memory stays bounded.

    Memory is proportional to the deliveries accepted within one window. ``clock`` returns Unix
    seconds (default ``time.time``); tests pass a :class:`~aiozoom.testing.FakeClock`.
    """

    def __init__(self, *, clock: Callable[[], float] | None = None) -> None:
        self._clock = clock or time.time
        self._expiry: dict[str, float] = {}
        self._queue: list[tuple[float, str]] = []  # min-heap of (expiry, key)

    def __len__(self) -> int:
        """How many keys are remembered (expired keys count until the next call evicts them)."""
        return len(self._expiry)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._expiry.get(key, float("-inf")) > self._clock()

    def __repr__(self) -> str:
        return f"MemoryDedupeStore(keys={len(self._expiry)})"

    async def seen_or_add(self, key: str, ttl: float) -> bool:
        # No await inside: atomic with respect to other tasks on the event loop.
        if ttl <= 0:
            raise ValueError("ttl must be > 0")
        now = self._clock()
        self._evict(now)
        expiry = self._expiry.get(key)
        if expiry is not None and expiry > now:
            return True
        self._expiry[key] = now + ttl
        heapq.heappush(self._queue, (now + ttl, key))
        return False

    def evict_expired(self) -> int:
        """Drop every expired key now and return how many were dropped (also done on each call)."""
        before = len(self._expiry)
        self._evict(self._clock())
        return before - len(self._expiry)

    def _evict(self, now: float) -> None:
        queue, expiry = self._queue, self._expiry
        while queue and queue[0][0] <= now:
            when, key = heapq.heappop(queue)
            if expiry.get(key) == when:  # not re-added with a later expiry since
                del expiry[key]

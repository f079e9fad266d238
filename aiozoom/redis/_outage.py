"""What the Redis-backed classes share: which failures mean "Redis is not there", a bound on
every call, and one warning per outage (one info line when Redis is back)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TypeVar

import redis.exceptions

__all__ = ["CALL_TIMEOUT", "UNREACHABLE", "Outage", "Unreachable"]

T = TypeVar("T")

log = logging.getLogger("aiozoom.redis")

CALL_TIMEOUT = 2.0
"""Seconds any one Redis call may take before it counts as Redis being unreachable."""

UNREACHABLE: tuple[type[BaseException], ...] = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    TimeoutError,
    OSError,
)
"""Failures that mean Redis is unreachable or restarting (not a bug to raise)."""


class Outage:
    """Whether one Redis-backed object currently works on local state because Redis failed.

    ``await outage.call(coro)`` runs a Redis call bounded by ``timeout``; it returns the
    result, or raises :class:`Unreachable` after logging (once per outage) that ``what`` now
    works on this process's own state. The first call that succeeds again logs that shared
    state is back.
    """

    def __init__(
        self,
        what: str,
        *,
        timeout: float = CALL_TIMEOUT,
        meanwhile: str = "using this process's own state until it is back",
    ) -> None:
        self.what = what
        self.timeout = timeout
        self.meanwhile = meanwhile
        """What the warning says happens during the outage (what is lost)."""
        self.down = False

    async def call(self, step: Awaitable[T]) -> T:
        try:
            async with asyncio.timeout(self.timeout):
                result = await step
        except UNREACHABLE as exc:
            self.failed(exc)
            raise Unreachable(self.what) from None
        self.recovered()
        return result

    def failed(self, exc: BaseException) -> None:
        if not self.down:
            self.down = True
            log.warning(
                "%s: Redis is unreachable (%s); %s",
                self.what,
                type(exc).__name__,
                self.meanwhile,
            )

    def recovered(self) -> None:
        if self.down:
            self.down = False
            log.info("%s: Redis answers again; shared state is back", self.what)


class Unreachable(Exception):
    """Redis did not answer; the caller goes on with local state."""

"""The token provider protocol and the single-flight refresh every refreshing provider shares.

A provider has one job: hand out a valid token (refreshing it once, however many tasks ask at once)
and forget a token the server rejected. The fast path — a token that is not yet due — takes no lock
and does no I/O. Each provider instance has its own lock, so providers for different credentials
never wait on each other.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from typing import Protocol, runtime_checkable

import aiohttp

from aiozoom.auth.store import MemoryTokenStore, TokenStore
from aiozoom.auth.token import Clock, Token, refresh_deadline
from aiozoom.errors import TokenStorageError, ZoomError

__all__ = ["RefreshingProvider", "TokenProvider"]

log = logging.getLogger("aiozoom.auth")


@runtime_checkable
class TokenProvider(Protocol):
    """What the auth middleware needs from a credential."""

    async def get_token(self, session: aiohttp.ClientSession) -> str:
        """A bearer token that is valid now; ``session`` makes any token request needed."""
        ...

    async def invalidate(self, access_token: str) -> None:
        """Zoom rejected ``access_token``: stop handing it out (if it is still the current one)."""
        ...


class RefreshingProvider:
    """Shared machinery: cached token, proactive refresh with jitter, single flight, token store.

    Subclasses implement :meth:`_obtain` (get a brand-new token) and may override :meth:`_persist`.
    """

    def __init__(
        self,
        *,
        key: str,
        store: TokenStore | None,
        leeway: float,
        jitter: float,
        clock: Clock | None,
        rng: random.Random | None,
    ) -> None:
        if leeway < 0:
            raise ValueError("leeway must be >= 0 seconds")
        if not 0 <= jitter <= 1:
            raise ValueError("jitter must be between 0 and 1")
        self._key = key
        self._store: TokenStore = store if store is not None else MemoryTokenStore()
        self._leeway = leeway
        self._jitter = jitter
        self._clock: Clock = clock if clock is not None else time.time
        self._rng = rng if rng is not None else random.Random()
        self._lock = asyncio.Lock()
        self._current: Token | None = None
        self._refresh_at = float("-inf")
        self._rejected: str | None = None
        self._unsaved: Token | None = None
        self._last: Token | None = None

    @property
    def key(self) -> str:
        """The credential key this provider stores its token under."""
        return self._key

    @property
    def current_token(self) -> Token | None:
        """The token handed out now, if any (secrets are hidden from its ``repr``)."""
        return self._current

    async def get_token(self, session: aiohttp.ClientSession) -> str:
        token = self._current
        if token is not None and self._clock() < self._refresh_at:
            return token.access_token
        return await self._refresh(session)

    async def invalidate(self, access_token: str) -> None:
        token = self._current
        if token is not None and token.access_token == access_token:
            log.info("%s: Zoom rejected the current token; a new one will be obtained", self._key)
            self._current = None
            self._rejected = access_token

    async def _refresh(self, session: aiohttp.ClientSession) -> str:
        async with self._lock:
            current = self._current
            if current is not None and self._clock() < self._refresh_at:
                return current.access_token  # another task refreshed while this one waited
            if self._unsaved is None:  # else: obtained earlier, but saving failed: save first
                stored = await self._store.get(self._key)
                if stored is not None and self._usable(stored):
                    log.info("%s: adopted a newer token from the token store", self._key)
                    self._install(stored)
                    return stored.access_token
                self._log_due()
                self._unsaved = await self._obtain(session, stored or self._last)
                log.info("%s: obtained a new token%s", self._key, self._lifetime(self._unsaved))
            token = self._unsaved
            await self._save(token)
            self._unsaved = None
            self._install(token)
            return token.access_token

    async def _save(self, token: Token) -> None:
        try:
            await self._persist(token)
        except ZoomError:
            raise
        except Exception as exc:
            raise TokenStorageError(
                f"{self._key}: saving the new token failed ({type(exc).__name__}); "
                "it is kept in memory and saving is retried before it is used"
            ) from exc

    def _lifetime(self, token: Token) -> str:
        if token.expires_at is None:
            return ""
        return f", valid {token.expires_at - self._clock():.0f} s"

    def _usable(self, token: Token) -> bool:
        """Whether a stored token (e.g. from another worker) can be adopted instead of a refresh."""
        if token.access_token == self._rejected:
            return False
        if self._last is not None and token.access_token == self._last.access_token:
            return False  # the very token this provider has found due
        deadline = refresh_deadline(token, leeway=self._leeway, jitter=0.0, rnd=0.0)
        return self._clock() < deadline

    def _install(self, token: Token) -> None:
        self._current = self._last = token
        self._refresh_at = refresh_deadline(
            token, leeway=self._leeway, jitter=self._jitter, rnd=self._rng.random()
        )
        if token.expires_at is not None:
            log.debug("%s: token expires in %.0f s", self._key, token.expires_at - self._clock())

    def _log_due(self) -> None:
        last = self._last
        if self._current is None or last is None or last.expires_at is None:
            return
        left = last.expires_at - self._clock()
        if left > 0:
            log.info("%s: token expires in %.0f s, replacing it ahead of time", self._key, left)

    async def _obtain(self, session: aiohttp.ClientSession, previous: Token | None) -> Token:
        """Get a brand-new token. ``previous`` is the newest token known (possibly stale)."""
        raise NotImplementedError

    async def _persist(self, token: Token) -> None:
        """Save a newly obtained token before it is used."""
        await self._store.put(self._key, token)

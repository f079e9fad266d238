"""The token provider protocol and the refresh every refreshing provider shares.

A provider has one job: hand out a valid token (refreshing it once, however many tasks ask at once)
and forget a token the server rejected. The fast path — a token that is not yet due — does no I/O
and takes no lock.

A refresh runs as a task of its own that no caller owns: callers wait for it through
``asyncio.shield``, so a caller cancelled mid-refresh (its ``asyncio.wait_for``, the client's total
timeout) never cuts the token request, the save or the install short, and every other waiter still
gets the result. That matters for user OAuth, where Zoom rotates the refresh token on every
refresh: a pair Zoom has issued is always saved. Saving is a compare-and-set against the token the
refresh replaced, so when several workers share a store the newest pair wins and a worker that lost
the race adopts the winner's pair. A store that offers a refresh lease (``acquire_lease`` and
``release_lease``, e.g. :class:`~aiozoom.redis.RedisTokenStore`) makes that one refresh per fleet:
the worker holding the lease refreshes, saves and releases it, and the others poll the store
(bounded) for its token and adopt it, taking the lease themselves if the holder vanished. Each
provider holds no event-loop-bound state between refreshes, so it can be used from one
``asyncio.run`` after another.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable
from typing import Protocol, TypeVar, cast, runtime_checkable

import aiohttp
import attrs

from aiozoom.auth.store import MemoryTokenStore, TokenStore
from aiozoom.auth.token import Clock, Token, refresh_deadline
from aiozoom.errors import EventLoopError, TokenRequestError, TokenStorageError, ZoomError

__all__ = ["RefreshingProvider", "TokenProvider"]

log = logging.getLogger("aiozoom.auth")

T = TypeVar("T")

_STORE_POLL_FIRST = 0.02
_STORE_POLL_MAX = 0.5
_STORE_WAIT_LIMIT = 5.0
_ROUNDS = 4


@runtime_checkable
class TokenProvider(Protocol):
    """What the auth middleware needs from a credential."""

    async def get_token(self, session: aiohttp.ClientSession) -> str:
        """A bearer token that is valid now; ``session`` makes any token request needed."""
        ...

    async def invalidate(self, access_token: str) -> None:
        """Zoom rejected ``access_token``: stop handing it out (if it is still the current one)."""
        ...

    # A provider may also define ``ready_token(self) -> str | None``: the token ``get_token``
    # would return at once (no I/O, nothing awaited), or ``None`` when it would have to wait.
    # The middleware then skips ``get_token`` on the fast path of every request.


@attrs.define
class _Pending:
    """A token obtained from Zoom and not yet fully saved (kept until it is)."""

    token: Token
    expected: Token | None
    """What the store held when the refresh began: the compare in compare-and-set."""
    in_store: bool = False


def _retrieve(task: asyncio.Task[Token]) -> None:
    # Waiters get the outcome; this only keeps asyncio from warning when every waiter was cancelled.
    if not task.cancelled():
        task.exception()


def _older(token: Token, than: Token) -> bool:
    """Whether ``token`` was issued before ``than`` (``False`` when either time is unknown)."""
    return (
        token.issued_at is not None
        and than.issued_at is not None
        and token.issued_at < than.issued_at
    )


class RefreshingProvider:
    """Shared machinery: cached token, proactive refresh with jitter, single flight, token store.

    Subclasses implement :meth:`_obtain` (get a brand-new token) and may override :meth:`_notify`
    (tell the application about a saved token) and :meth:`_rotated_elsewhere`.
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
        timeout: float = 30.0,
    ) -> None:
        if leeway < 0:
            raise ValueError("leeway must be >= 0 seconds")
        if not 0 <= jitter <= 1:
            raise ValueError("jitter must be between 0 and 1")
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0:
            raise ValueError("timeout must be a positive number of seconds")
        self._key = key
        self._store: TokenStore = store if store is not None else MemoryTokenStore()
        self._shared_store = store is not None
        self._leeway = leeway
        self._jitter = jitter
        self._timeout = float(timeout)
        self._clock: Clock = clock if clock is not None else time.time
        self._rng = rng if rng is not None else random.Random()
        self._current: Token | None = None
        self._refresh_at = float("-inf")
        self._rejected: str | None = None
        self._last: Token | None = None
        self._pending: _Pending | None = None
        self._flight: asyncio.Task[Token] | None = None

    @property
    def key(self) -> str:
        """The credential key this provider stores its token under."""
        return self._key

    @property
    def shares_tokens(self) -> bool:
        """Whether this provider was given a token store (shared with other providers or
        processes), so a token it adopts may be one another holder has just found dead."""
        return self._shared_store

    @property
    def current_token(self) -> Token | None:
        """The token handed out now, if any (secrets are hidden from its ``repr``)."""
        return self._current

    @property
    def timeout(self) -> float:
        """Seconds any one step of a refresh (token request, store call, callback) may take."""
        return self._timeout

    async def get_token(self, session: aiohttp.ClientSession) -> str:
        token = self._current
        if token is not None and self._clock() < self._refresh_at:
            return token.access_token
        return (await self._join(session)).access_token

    def ready_token(self) -> str | None:
        """The current token if it is not yet due for a refresh, else ``None`` (no I/O)."""
        token = self._current
        if token is not None and self._clock() < self._refresh_at:
            return token.access_token
        return None

    async def invalidate(self, access_token: str) -> None:
        token = self._current
        if token is not None and token.access_token == access_token:
            log.info("%s: Zoom rejected the current token; a new one will be obtained", self._key)
            self._current = None
            self._rejected = access_token

    async def drain(self) -> None:
        """Wait until a refresh in flight has finished (at most about ``2 * timeout`` seconds).

        :class:`~aiozoom.ZoomClient` calls this before it closes its session, so that closing a
        session under a token request cannot lose a pair Zoom has already rotated.
        """
        task = self._flight
        if task is None or task.done() or task.get_loop() is not asyncio.get_running_loop():
            return
        # asyncio.wait neither raises the refresh's error nor cancels it if this caller is.
        await asyncio.wait({task}, timeout=2 * self._timeout + 1)

    # -- the single flight --------------------------------------------------------------------

    async def _join(self, session: aiohttp.ClientSession) -> Token:
        """Wait for the refresh in flight, starting one if there is none."""
        loop = asyncio.get_running_loop()
        task = self._flight
        if task is not None and task.get_loop() is not loop:
            other = task.get_loop()
            if not task.done() and not other.is_closed() and other.is_running():
                raise EventLoopError(
                    f"{self._key}: this token provider is refreshing in another event loop "
                    "that is still running; give each event loop (thread) its own provider"
                )
            task = None  # left over from an event loop that has ended
        if task is None or task.done():
            token = self._current
            if token is not None and self._clock() < self._refresh_at:
                return token  # a refresh finished between the caller's check and this one
            task = loop.create_task(self._refresh(session), name=f"aiozoom refresh {self._key}")
            task.add_done_callback(_retrieve)
            self._flight = task
        return await asyncio.shield(task)

    async def _refresh(self, session: aiohttp.ClientSession) -> Token:
        """Adopt a usable token from the store, or obtain one, save it and install it."""
        try:
            return await self._refresh_rounds(session)
        except ZoomError as exc:
            log.warning("%s: token refresh failed: %s", self._key, exc)
            raise

    async def _refresh_rounds(self, session: aiohttp.ClientSession) -> Token:
        if self._pending is not None:  # obtained earlier, but saving failed: save it first
            return await self._commit(self._pending)
        for _ in range(_ROUNDS):
            stored = await self._bounded(self._store.get(self._key), "reading the token store")
            if stored is not None and self._usable(stored):
                log.info("%s: adopted a newer token from the token store", self._key)
                return self._install(stored)
            leased = await self._lease(stored)
            if isinstance(leased, Token):
                log.info("%s: adopted the token another worker refreshed", self._key)
                return self._install(leased)
            owner, stored = leased
            try:
                self._log_due()
                try:
                    token = await self._obtain(
                        session, stored if stored is not None else self._last
                    )
                except TokenRequestError as exc:
                    if not (self._shared_store and self._rotated_elsewhere(exc)):
                        raise
                    if await self._store_change(stored) is None:
                        raise
                    continue  # another worker rotated meanwhile: adopt its pair, or refresh with it
                log.info("%s: obtained a new token%s", self._key, self._lifetime(token))
                self._pending = _Pending(token, expected=stored)
                return await self._commit(self._pending)
            finally:
                if owner is not None:
                    await self._release_lease(owner)
        raise TokenRequestError(
            f"{self._key}: the token store kept changing under {_ROUNDS} refreshes in a row"
        )

    async def _commit(self, pending: _Pending) -> Token:
        """Save a newly obtained token (compare-and-set, then the application) and install it."""
        if not pending.in_store:
            winner = await self._save(pending)
            if winner is not None:
                log.info("%s: another worker saved a newer token first; adopted it", self._key)
                self._pending = None
                return self._install(winner)
        await self._bounded(self._notify(pending.token), "saving the new token (on_token)")
        self._pending = None
        return self._install(pending.token)

    async def _save(self, pending: _Pending) -> Token | None:
        """Compare-and-set ``pending`` into the store; ``None`` once it is there, or the usable
        token another worker saved first."""
        for _ in range(_ROUNDS):
            saved = await self._bounded(
                self._store.compare_and_set(self._key, pending.expected, pending.token),
                "saving the new token",
            )
            if saved:
                pending.in_store = True
                return None
            winner = await self._bounded(self._store.get(self._key), "reading the token store")
            if winner is not None and self._usable(winner) and not _older(winner, pending.token):
                return winner
            # What is there is no better than this token (an older one, say, that a worker wrote
            # back after an outage of the store, and which Zoom may have revoked): replace it.
            pending.expected = winner
        raise TokenStorageError(
            f"{self._key}: the token store kept changing under {_ROUNDS} saves in a row; "
            "the new token is kept in memory and saving is retried before it is used"
        )

    async def _bounded(self, step: Awaitable[T], doing: str) -> T:
        """A store or callback step, bounded by ``timeout``; failures are ``TokenStorageError``."""
        try:
            async with asyncio.timeout(self._timeout):
                return await step
        except ZoomError:
            raise
        except TimeoutError:
            failure = f"{doing} took longer than {self._timeout:g} s"
        except Exception as exc:
            failure = f"{doing} failed ({type(exc).__name__})"
        kept = "; it is kept in memory and saving is retried before it is used"
        raise TokenStorageError(
            f"{self._key}: {failure}" + (kept if self._pending is not None else "")
        )

    async def _lease(self, stored: Token | None) -> Token | tuple[str | None, Token | None]:
        """Take the store's refresh lease (if it offers leases) before refreshing.

        Returns a usable token another worker saved meanwhile (adopt it), or ``(owner, stored)``:
        the lease held (``None`` when the store has no leases, or when the holder kept it for
        ``timeout`` seconds without saving a token) and what the store holds now. While another
        worker holds the lease, this polls the store (bounded, backing off) for its token, and
        takes the lease itself if the holder vanished and the lease expired.
        """
        acquire = getattr(self._store, "acquire_lease", None)
        if acquire is None:
            return None, stored
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._timeout
        delay = _STORE_POLL_FIRST
        while True:
            owner = cast(
                "str | None", await self._bounded(acquire(self._key), "taking the refresh lease")
            )
            now = await self._bounded(self._store.get(self._key), "reading the token store")
            if now is not None and self._usable(now):
                # Saved by the worker that held the lease until just now.
                if owner is not None:
                    await self._release_lease(owner)
                return now
            if owner is not None:
                return owner, now
            if loop.time() + delay > deadline:
                log.warning(
                    "%s: another worker has held the refresh lease for %g s without saving a "
                    "token; refreshing without the lease",
                    self._key,
                    self._timeout,
                )
                return None, now
            await asyncio.sleep(delay)
            delay = min(delay * 2, _STORE_POLL_MAX)

    async def _release_lease(self, owner: str) -> None:
        release = getattr(self._store, "release_lease", None)
        if release is None:
            return
        try:
            await self._bounded(release(self._key, owner), "releasing the refresh lease")
        except TokenStorageError as exc:
            log.info("%s: %s; the lease expires by itself", self._key, exc)

    async def _store_change(self, seen: Token | None) -> Token | None:
        """Poll the store (bounded) until it holds something other than ``seen``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(self._timeout, _STORE_WAIT_LIMIT)
        delay = _STORE_POLL_FIRST
        while True:
            now = await self._bounded(self._store.get(self._key), "reading the token store")
            if now is not None and now != seen:
                return now
            if loop.time() + delay > deadline:
                return None
            await asyncio.sleep(delay)
            delay = min(delay * 2, _STORE_POLL_MAX)

    # -- decisions ----------------------------------------------------------------------------

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

    def _install(self, token: Token) -> Token:
        self._current = self._last = token
        self._refresh_at = refresh_deadline(
            token, leeway=self._leeway, jitter=self._jitter, rnd=self._rng.random()
        )
        if token.expires_at is not None:
            log.debug("%s: token expires in %.0f s", self._key, token.expires_at - self._clock())
        return token

    def _log_due(self) -> None:
        last = self._last
        if self._current is None or last is None or last.expires_at is None:
            return
        left = last.expires_at - self._clock()
        if left > 0:
            log.info("%s: token expires in %.0f s, replacing it ahead of time", self._key, left)

    # -- what subclasses provide --------------------------------------------------------------

    async def _obtain(self, session: aiohttp.ClientSession, previous: Token | None) -> Token:
        """Get a brand-new token. ``previous`` is the newest token known (possibly stale)."""
        raise NotImplementedError

    async def _notify(self, token: Token) -> None:
        """Hand a token that is now in the store to the application (nothing by default)."""

    def _rotated_elsewhere(self, error: TokenRequestError) -> bool:
        """Whether a refused token request may mean another worker rotated the credential."""
        return False

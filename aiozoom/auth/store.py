"""Where providers keep the tokens they obtain, keyed by credential.

The default :class:`MemoryTokenStore` lives in one process. A shared store (for a fleet of workers)
implements the same three calls; ``compare_and_set`` is what lets two workers that refresh at
once agree on one winner, which matters for user OAuth, where each refresh kills the previous
refresh token. An optional lease (see :class:`TokenStore`) lets only one of them refresh at all.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from aiozoom.auth.token import Token

__all__ = ["MemoryTokenStore", "TokenStore"]


@runtime_checkable
class TokenStore(Protocol):
    """Storage for tokens by credential key (e.g. ``"s2s:<account_id>:<client_id>"``).

    A store shared by processes may also offer a refresh lease, so that one worker refreshes
    for all (they are optional and not part of this protocol's checked members):

    - ``async def acquire_lease(self, key: str, ttl: float | None = None) -> str | None``: take
      ``key``'s lease for ``ttl`` seconds (the store's default when ``None``) and return an owner
      value, or ``None`` while another worker holds it;
    - ``async def release_lease(self, key: str, owner: str) -> None``: give it up, only if
      ``owner`` still holds it.

    :class:`~aiozoom.auth.RefreshingProvider` uses them when present (``getattr``): the holder
    refreshes, saves and releases; the others wait (bounded) for its token in the store.
    """

    async def get(self, key: str) -> Token | None:
        """The token stored under ``key``, or ``None``."""
        ...

    async def put(self, key: str, token: Token) -> None:
        """Store ``token`` under ``key`` unconditionally."""
        ...

    async def compare_and_set(self, key: str, expected: Token | None, new: Token) -> bool:
        """Store ``new`` only if ``key`` still holds ``expected``; say whether it did."""
        ...


class MemoryTokenStore:
    """A :class:`TokenStore` in this process's memory (the default)."""

    def __init__(self) -> None:
        self._tokens: dict[str, Token] = {}

    def __repr__(self) -> str:
        return f"MemoryTokenStore(<{len(self._tokens)} tokens>)"

    async def get(self, key: str) -> Token | None:
        return self._tokens.get(key)

    async def put(self, key: str, token: Token) -> None:
        self._tokens[key] = token

    async def compare_and_set(self, key: str, expected: Token | None, new: Token) -> bool:
        # One event loop thread: nothing can run between the read and the write.
        if self._tokens.get(key) != expected:
            return False
        self._tokens[key] = new
        return True

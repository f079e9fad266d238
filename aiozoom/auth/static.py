"""A bearer token the caller obtains and renews by itself."""

from __future__ import annotations

import aiohttp

from aiozoom.auth._token_endpoint import require_text

__all__ = ["StaticToken"]


class StaticToken:
    """Always hands out the same token; a rejected token surfaces as ``AuthenticationError``."""

    def __init__(self, token: str) -> None:
        self._token = require_text("token", token)

    def __repr__(self) -> str:
        return "StaticToken(<redacted>)"

    async def get_token(self, session: aiohttp.ClientSession) -> str:
        return self._token

    def ready_token(self) -> str:
        """The token (no I/O)."""
        return self._token

    async def invalidate(self, access_token: str) -> None:
        """Nothing to renew: the caller owns this token."""

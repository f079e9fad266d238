"""Server-to-Server OAuth: Zoom's current credential for server apps acting for a whole account.

``POST https://zoom.us/oauth/token`` with ``grant_type=account_credentials`` and ``account_id``, the
client id and secret as HTTP Basic auth. Tokens live ``expires_in`` seconds (an hour at Zoom) and
come without a refresh token, so refreshing means asking for a new token.
"""

from __future__ import annotations

import random

import aiohttp

from aiozoom.auth._token_endpoint import DEFAULT_TOKEN_URL, request_token, require_text
from aiozoom.auth.provider import RefreshingProvider
from aiozoom.auth.store import TokenStore
from aiozoom.auth.token import Clock, Token

__all__ = ["ServerToServerOAuth"]


class ServerToServerOAuth(RefreshingProvider):
    """Tokens for a Server-to-Server OAuth app, requested again shortly before each expires."""

    def __init__(
        self,
        account_id: str,
        client_id: str,
        client_secret: str,
        *,
        token_url: str = DEFAULT_TOKEN_URL,
        store: TokenStore | None = None,
        leeway: float = 300.0,
        jitter: float = 0.25,
        timeout: float = 30.0,
        clock: Clock | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.account_id = require_text("account_id", account_id)
        self.client_id = require_text("client_id", client_id)
        self._client_secret = require_text("client_secret", client_secret)
        self.token_url = require_text("token_url", token_url)
        super().__init__(
            key=f"s2s:{account_id}:{client_id}",
            store=store,
            leeway=leeway,
            jitter=jitter,
            clock=clock,
            rng=rng,
            timeout=timeout,
        )

    def __repr__(self) -> str:
        return (
            f"ServerToServerOAuth(account_id={self.account_id!r}, client_id={self.client_id!r}, "
            "client_secret=<redacted>)"
        )

    async def _obtain(self, session: aiohttp.ClientSession, previous: Token | None) -> Token:
        return await request_token(
            session,
            self.token_url,
            client_id=self.client_id,
            client_secret=self._client_secret,
            grant_type="account_credentials",
            account_id=self.account_id,
            now=self._clock(),
            timeout=self.timeout,
        )

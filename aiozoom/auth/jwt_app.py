"""The legacy Zoom JWT app: the client signs its own short-lived HS256 token.

Zoom retired JWT apps in September 2023; some on-premise and test setups still run them. The token
is ``{"iss": api_key, "exp": now + ttl}`` signed with the ASCII bytes of the API secret, and a new
one is minted shortly before the old one expires. No network call is involved.
"""

from __future__ import annotations

import random

import aiohttp
from joserfc import jwt
from joserfc.jwk import OctKey

from aiozoom.auth._token_endpoint import require_text
from aiozoom.auth.provider import RefreshingProvider
from aiozoom.auth.token import Clock, Token

__all__ = ["JWTAppAuth"]

_HEADER = {"alg": "HS256", "typ": "JWT"}


class JWTAppAuth(RefreshingProvider):
    """Mints legacy JWT-app bearer tokens, ``ttl`` seconds each (30 s by default)."""

    def __init__(
        self,
        api_key: str,
        api_secret: str,
        *,
        ttl: int = 30,
        leeway: float = 10.0,
        jitter: float = 0.25,
        clock: Clock | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.api_key = require_text("api_key", api_key)
        require_text("api_secret", api_secret)
        try:
            self._signing_key = OctKey.import_key(api_secret.encode("ascii"))
        except UnicodeEncodeError:
            raise ValueError("api_secret must be ASCII") from None
        if isinstance(ttl, bool) or not isinstance(ttl, int) or ttl <= 0:
            raise ValueError("ttl must be a positive whole number of seconds")
        self.ttl = ttl
        super().__init__(
            key=f"jwt:{api_key}", store=None, leeway=leeway, jitter=jitter, clock=clock, rng=rng
        )

    def __repr__(self) -> str:
        return f"JWTAppAuth(api_key={self.api_key!r}, api_secret=<redacted>, ttl={self.ttl})"

    def mint(self) -> Token:
        """A freshly signed token (``iss`` = API key, ``exp`` = now + ttl)."""
        now = int(self._clock())
        expires_at = now + self.ttl
        value = jwt.encode(_HEADER, {"iss": self.api_key, "exp": expires_at}, self._signing_key)
        return Token(access_token=value, expires_at=float(expires_at), issued_at=float(now))

    async def _obtain(self, session: aiohttp.ClientSession, previous: Token | None) -> Token:
        return self.mint()

"""User OAuth: apps acting for one Zoom user, with rotating refresh tokens.

Zoom issues a new refresh token on every refresh and rejects the old one from then on, so a new
token pair is saved (compare-and-set in the token store, then ``on_token``) before it is used; if
saving fails the pair is kept in memory and saving is retried before the next use. A token store
shared by several providers needs a ``key`` naming the Zoom user, since each user has pairs of
their own. Also here: the authorize URL (with PKCE) and the authorization-code exchange that start
the flow.
"""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable

import aiohttp
import attrs

from aiozoom.auth._token_endpoint import DEFAULT_TOKEN_URL, request_token, require_text
from aiozoom.auth.provider import RefreshingProvider
from aiozoom.auth.store import TokenStore
from aiozoom.auth.token import Clock, Token
from aiozoom.errors import TokenRequestError

__all__ = [
    "DEFAULT_AUTHORIZE_URL",
    "AuthorizationRequest",
    "UserOAuth",
    "authorization_url",
    "exchange_code",
]

DEFAULT_AUTHORIZE_URL = "https://zoom.us/oauth/authorize"

OnToken = Callable[[Token], Awaitable[None]]


@attrs.frozen
class AuthorizationRequest:
    """Where to send the user, and what to keep until Zoom redirects back."""

    url: str
    state: str
    code_verifier: str | None = attrs.field(repr=False)


def authorization_url(
    client_id: str,
    redirect_uri: str,
    *,
    state: str | None = None,
    pkce: bool = True,
    code_verifier: str | None = None,
    authorize_url: str = DEFAULT_AUTHORIZE_URL,
) -> AuthorizationRequest:
    """Build Zoom's authorize URL; with ``pkce`` (the default) an S256 code challenge is included.

    Keep the returned ``state`` (check it on the redirect) and ``code_verifier`` (pass it to
    :func:`exchange_code`).
    """
    require_text("client_id", client_id)
    require_text("redirect_uri", redirect_uri)
    from authlib.common.security import generate_token  # loaded when first used
    from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
    from authlib.oauth2.rfc7636 import create_s256_code_challenge

    state = state or generate_token(32)
    extra: dict[str, str] = {}
    if pkce:
        code_verifier = code_verifier or generate_token(64)
        challenge: str = create_s256_code_challenge(code_verifier)  # type: ignore[no-untyped-call]
        extra = {"code_challenge": challenge}
        extra["code_challenge_method"] = "S256"
    else:
        code_verifier = None
    url = prepare_grant_uri(
        authorize_url, client_id, "code", redirect_uri=redirect_uri, state=state, **extra
    )
    return AuthorizationRequest(url=url, state=state, code_verifier=code_verifier)


async def exchange_code(
    session: aiohttp.ClientSession,
    client_id: str,
    client_secret: str,
    code: str,
    redirect_uri: str,
    *,
    code_verifier: str | None = None,
    token_url: str = DEFAULT_TOKEN_URL,
    timeout: float = 30.0,
    clock: Clock | None = None,
) -> Token:
    """Trade an authorization code (single use, valid five minutes) for the first token pair."""
    params = {
        "code": require_text("code", code),
        "redirect_uri": require_text("redirect_uri", redirect_uri),
    }
    if code_verifier is not None:
        params["code_verifier"] = require_text("code_verifier", code_verifier)
    return await request_token(
        session,
        require_text("token_url", token_url),
        client_id=require_text("client_id", client_id),
        client_secret=require_text("client_secret", client_secret),
        grant_type="authorization_code",
        now=(clock or time.time)(),
        timeout=timeout,
        **params,
    )


class UserOAuth(RefreshingProvider):
    """Tokens for one user of a user-level OAuth app, refreshed with the newest refresh token."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        refresh_token: str,
        access_token: str | None = None,
        expires_at: float | None = None,
        on_token: OnToken | None = None,
        token_url: str = DEFAULT_TOKEN_URL,
        store: TokenStore | None = None,
        key: str | None = None,
        leeway: float = 300.0,
        jitter: float = 0.25,
        timeout: float = 30.0,
        clock: Clock | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.client_id = require_text("client_id", client_id)
        self._client_secret = require_text("client_secret", client_secret)
        require_text("refresh_token", refresh_token)
        if access_token is not None:
            require_text("access_token", access_token)
        self.token_url = require_text("token_url", token_url)
        if key is not None:
            require_text("key", key)
        elif store is not None:
            raise ValueError(
                "key is required with a token store: name the Zoom user whose tokens these are "
                "(e.g. key=f'zoom-user:{user_id}'), so that providers for different users sharing "
                "the store never take each other's tokens"
            )
        self._on_token = on_token
        super().__init__(
            key=key or f"user:{client_id}",
            store=store,
            leeway=leeway,
            jitter=jitter,
            clock=clock,
            rng=rng,
            timeout=timeout,
        )
        initial = Token(
            access_token=access_token or "",
            expires_at=expires_at,
            refresh_token=refresh_token,
        )
        if access_token:
            self._install(initial)
        else:
            self._last = initial

    @classmethod
    def from_token(
        cls,
        client_id: str,
        client_secret: str,
        token: Token,
        **options: object,
    ) -> UserOAuth:
        """A provider starting from a token pair, e.g. the one :func:`exchange_code` returned."""
        if token.refresh_token is None:
            raise ValueError("token has no refresh_token")
        return cls(
            client_id,
            client_secret,
            refresh_token=token.refresh_token,
            access_token=token.access_token,
            expires_at=token.expires_at,
            **options,  # type: ignore[arg-type]
        )

    def __repr__(self) -> str:
        return (
            f"UserOAuth(client_id={self.client_id!r}, client_secret=<redacted>, key={self.key!r})"
        )

    async def _obtain(self, session: aiohttp.ClientSession, previous: Token | None) -> Token:
        refresh_token = previous.refresh_token if previous is not None else None
        if not refresh_token:
            raise TokenRequestError(f"{self.key}: no refresh token to refresh with")
        token = await request_token(
            session,
            self.token_url,
            client_id=self.client_id,
            client_secret=self._client_secret,
            grant_type="refresh_token",
            refresh_token=refresh_token,
            now=self._clock(),
            timeout=self.timeout,
        )
        if token.refresh_token is None:  # not what Zoom does, but OAuth allows keeping the old one
            token = attrs.evolve(token, refresh_token=refresh_token)
        return token

    async def _notify(self, token: Token) -> None:
        if self._on_token is not None:
            await self._on_token(token)

    def _rotated_elsewhere(self, error: TokenRequestError) -> bool:
        # Zoom answers a refresh token that was already used with 400 "Invalid Token!"
        # (error invalid_request); OAuth servers in general say invalid_grant.
        return error.status in (400, 401) and error.error in ("invalid_request", "invalid_grant")

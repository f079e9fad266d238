"""The user-OAuth authorization-code flow with PKCE, end to end against the fake Zoom."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from aiozoom import TokenRequestError
from aiozoom.auth import UserOAuth, authorization_url, exchange_code
from aiozoom.client import ZoomClient
from aiozoom.testing import FakeClock, FakeZoom

REDIRECT = "https://app.example.com/zoom/callback"


async def _authorize(session: aiohttp.ClientSession, url: str) -> dict[str, str]:
    async with session.get(url, allow_redirects=False) as resp:
        assert resp.status == 302
        location = resp.headers["Location"]
    assert location.startswith(REDIRECT + "?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


async def test_code_flow_with_pkce(fake: FakeZoom, clock: FakeClock) -> None:
    account = fake.account
    request = authorization_url(account.client_id, REDIRECT, authorize_url=fake.authorize_url)
    query = parse_qs(urlsplit(request.url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] == [request.state]
    assert request.code_verifier is not None and request.code_verifier not in repr(request)

    async with aiohttp.ClientSession() as session:
        back = await _authorize(session, request.url)
        assert back["state"] == request.state
        # A wrong verifier is refused, and the code is single-use either way.
        with pytest.raises(TokenRequestError, match="Invalid code_verifier"):
            await exchange_code(
                session,
                account.client_id,
                account.client_secret,
                back["code"],
                REDIRECT,
                code_verifier="x" * 64,
                token_url=fake.token_url,
                clock=clock,
            )
        back = await _authorize(session, request.url)
        token = await exchange_code(
            session,
            account.client_id,
            account.client_secret,
            back["code"],
            REDIRECT,
            code_verifier=request.code_verifier,
            token_url=fake.token_url,
            clock=clock,
        )
        assert token.refresh_token and token.expires_at == clock() + fake.token_ttl
        with pytest.raises(TokenRequestError, match="Invalid authorization code"):
            await exchange_code(
                session,
                account.client_id,
                account.client_secret,
                back["code"],
                REDIRECT,
                code_verifier=request.code_verifier,
                token_url=fake.token_url,
                clock=clock,
            )

    auth = UserOAuth.from_token(
        account.client_id, account.client_secret, token, token_url=fake.token_url, clock=clock
    )
    async with ZoomClient(auth, base_url=fake.base_url) as zoom:
        assert (await zoom.users.get()).id == account.owner_id
        assert fake.token_requests_by_grant["refresh_token"] == 0  # the exchanged token was used
        clock.advance(fake.token_ttl)
        assert (await zoom.users.get()).id == account.owner_id
        assert fake.token_requests_by_grant["refresh_token"] == 1


async def test_expired_code_is_refused(fake: FakeZoom, clock: FakeClock) -> None:
    account = fake.account
    request = authorization_url(account.client_id, REDIRECT, authorize_url=fake.authorize_url)
    async with aiohttp.ClientSession() as session:
        back = await _authorize(session, request.url)
        clock.advance(5 * 60)  # codes live five minutes
        with pytest.raises(TokenRequestError, match="Invalid authorization code"):
            await exchange_code(
                session,
                account.client_id,
                account.client_secret,
                back["code"],
                REDIRECT,
                code_verifier=request.code_verifier,
                token_url=fake.token_url,
                clock=clock,
            )

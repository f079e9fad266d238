"""Token rotation through the real stack: providers, middleware, client and FakeZoom on loopback."""

from __future__ import annotations

import asyncio
import logging
import random

import aiohttp
import jwt as pyjwt
import pytest
from aiohttp import web

from aiozoom import (
    AuthenticationError,
    MissingScopesError,
    PermissionDeniedError,
    TokenStorageError,
)
from aiozoom.auth import (
    JWTAppAuth,
    MemoryTokenStore,
    ServerToServerOAuth,
    StaticToken,
    Token,
    UserOAuth,
)
from aiozoom.client import ZoomClient
from aiozoom.testing import FakeClock, FakeZoom

from .conftest import s2s_for


async def test_thousand_requests_on_expired_token_cause_one_token_request(
    fake: FakeZoom, clock: FakeClock, zoom: ZoomClient
) -> None:
    await zoom.request("GET", "/users/me")
    assert fake.token_requests == 1
    clock.advance(fake.token_ttl + 1)  # the token has just expired

    results = await asyncio.gather(*(zoom.request("GET", "/users/me") for _ in range(1000)))

    assert fake.token_requests == 2
    assert len(results) == 1000
    assert all(r["id"] == fake.account.owner_id for r in results)
    assert fake.api_count("GET", "/v2/users/me") == 1001
    assert fake.api_requests[("GET", "/v2/users/me", 401)] == 0  # refreshed before use

    fake.revoke_tokens()
    results = await asyncio.gather(*(zoom.request("GET", "/users/me") for _ in range(1000)))

    assert fake.token_requests == 3
    assert len(results) == 1000
    rejected = fake.api_requests[("GET", "/v2/users/me", 401)]
    assert 1 <= rejected <= 1000  # each rejected request was replayed once...
    assert fake.api_requests[("GET", "/v2/users/me", 200)] == 2001  # ...and then succeeded


async def test_valid_token_fast_path_takes_no_lock(
    fake: FakeZoom, s2s: ServerToServerOAuth, zoom: ZoomClient
) -> None:
    await zoom.request("GET", "/users/me")
    fake.token_gate = asyncio.Event()
    held = asyncio.ensure_future(s2s._refresh(zoom.session))  # a refresh held at the endpoint
    await asyncio.wait_for(fake.wait_token_requests_in_flight(1), timeout=5)
    # ... must not stall requests made with the token that is still valid
    result = await asyncio.wait_for(zoom.request("GET", "/users/me"), timeout=5)
    assert result["id"] == fake.account.owner_id
    fake.token_gate.set()
    await asyncio.wait_for(held, timeout=5)
    assert fake.token_requests == 2


async def test_fifty_accounts_refresh_without_waiting_on_each_other(
    fake: FakeZoom, clock: FakeClock
) -> None:
    accounts = [fake.add_account() for _ in range(50)]
    clients = [ZoomClient(s2s_for(fake, clock, a), base_url=fake.base_url) for a in accounts]
    fake.token_gate = asyncio.Event()  # hold every token request at the fake
    try:
        calls = asyncio.gather(*(c.request("GET", "/users/me") for c in clients))
        # All 50 token requests must be in flight at once; a shared lock would allow only one.
        await asyncio.wait_for(fake.wait_token_requests_in_flight(50), timeout=10)
        fake.token_gate.set()
        results = await calls
    finally:
        fake.token_gate.set()
        for c in clients:
            await c.close()
    assert fake.max_token_requests_in_flight == 50
    assert [r["account_id"] for r in results] == [a.account_id for a in accounts]


async def test_user_oauth_rotates_refresh_tokens_and_saves_each_pair_first(
    fake: FakeZoom, clock: FakeClock
) -> None:
    first = fake.issue_user_tokens()
    saved: list[Token] = []
    used_refresh_tokens = [first["refresh_token"]]

    async def on_token(token: Token) -> None:
        saved.append(token)

    auth = UserOAuth(
        fake.account.client_id,
        fake.account.client_secret,
        access_token=first["access_token"],
        refresh_token=first["refresh_token"],
        expires_at=clock() + first["expires_in"],
        on_token=on_token,
        token_url=fake.token_url,
        clock=clock,
    )
    async with ZoomClient(auth, base_url=fake.base_url) as zoom:
        for i in range(10):
            clock.advance(fake.token_ttl + 1)
            me = await zoom.request("GET", "/users/me")
            assert me["id"] == fake.account.owner_id
            assert len(saved) == i + 1
            assert auth.current_token is saved[-1]
            used_refresh_tokens.append(saved[-1].refresh_token)

    assert fake.token_requests_by_grant["refresh_token"] == 10
    assert len(set(used_refresh_tokens)) == 11  # every refresh brought a new refresh token
    issued = [t.issued_at for t in saved]
    assert issued == sorted(issued) and len(set(issued)) == 10  # saved in order, each once
    assert len({t.access_token for t in saved}) == 10
    # Zoom rejects every refresh token but the newest.
    async with aiohttp.ClientSession() as session:
        for old in used_refresh_tokens[:-1]:
            async with session.post(
                fake.token_url,
                data={"grant_type": "refresh_token", "refresh_token": old},
                headers={
                    "Authorization": aiohttp.encode_basic_auth(
                        fake.account.client_id, fake.account.client_secret
                    )
                },
            ) as resp:
                assert resp.status == 400
                assert (await resp.json())["reason"] == "Invalid Token!"


async def test_user_oauth_keeps_a_pair_it_could_not_save_and_saves_it_before_use(
    fake: FakeZoom, clock: FakeClock
) -> None:
    first = fake.issue_user_tokens()
    attempts: list[Token] = []
    fail = True

    async def on_token(token: Token) -> None:
        attempts.append(token)
        if fail:
            raise OSError("disk full")

    auth = UserOAuth(
        fake.account.client_id,
        fake.account.client_secret,
        refresh_token=first["refresh_token"],
        on_token=on_token,
        token_url=fake.token_url,
        clock=clock,
    )
    async with ZoomClient(auth, base_url=fake.base_url) as zoom:
        with pytest.raises(TokenStorageError, match=r"saving the new token \(on_token\) failed"):
            await zoom.request("GET", "/users/me")
        fail = False
        await zoom.request("GET", "/users/me")
    assert fake.token_requests == 1  # the rotated pair was not lost and not refreshed again
    assert attempts[0] is attempts[1]


async def test_legacy_jwt_token_claims_and_renewal_before_expiry(
    fake: FakeZoom, clock: FakeClock
) -> None:
    account = fake.account
    auth = JWTAppAuth(account.jwt_api_key, account.jwt_api_secret, ttl=30, clock=clock)
    async with ZoomClient(auth, base_url=fake.base_url) as zoom:
        await zoom.request("GET", "/users/me")
        first = auth.current_token
        assert first is not None
        claims = pyjwt.decode(
            first.access_token,
            account.jwt_api_secret.encode("ascii"),
            algorithms=["HS256"],
            options={"verify_exp": False},
        )
        assert claims["iss"] == account.jwt_api_key
        assert 0 < claims["exp"] - clock() <= 30
        assert pyjwt.get_unverified_header(first.access_token) == {"alg": "HS256", "typ": "JWT"}

        clock.advance(29)  # still valid at Zoom for one more second: must be replaced already
        await zoom.request("GET", "/users/me")
        second = auth.current_token
        assert second is not None and second.access_token != first.access_token
        assert fake.api_requests[("GET", "/v2/users/me", 401)] == 0

        clock.advance(2)  # the first token has expired at the fake; the client never sends it
        await zoom.request("GET", "/users/me")
        assert fake.api_requests[("GET", "/v2/users/me", 401)] == 0


async def test_proactive_refresh_happens_within_leeway_with_jitter(
    fake: FakeZoom, clock: FakeClock
) -> None:
    rng = random.Random(1)
    expected_jitter = random.Random(1).random()
    auth = s2s_for(fake, clock, leeway=300, jitter=0.5)
    auth._rng = rng
    async with ZoomClient(auth, base_url=fake.base_url) as zoom:
        await zoom.request("GET", "/users/me")
        margin = 300 * (1 + 0.5 * expected_jitter)
        clock.advance(fake.token_ttl - margin - 1)
        await zoom.request("GET", "/users/me")
        assert fake.token_requests == 1
        clock.advance(2)
        await zoom.request("GET", "/users/me")
        assert fake.token_requests == 2  # replaced while the old one was still valid
        assert fake.api_requests[("GET", "/v2/users/me", 401)] == 0


async def test_second_rejection_raises_authentication_error(fake: FakeZoom) -> None:
    async with ZoomClient(StaticToken("not-a-real-token"), base_url=fake.base_url) as zoom:
        with pytest.raises(AuthenticationError) as info:
            await zoom.request("GET", "/users/me")
    err = info.value
    assert (err.status, err.code, err.message) == (401, 124, "Invalid access token.")
    assert err.method == "GET" and err.path == "/v2/users/me"
    assert err.tracking_id is not None and err.tracking_id.startswith("fake_")
    assert fake.api_requests[("GET", "/v2/users/me", 401)] == 2  # the original and one replay


async def test_providers_sharing_a_store_reuse_one_token(fake: FakeZoom, clock: FakeClock) -> None:
    store = MemoryTokenStore()
    first = s2s_for(fake, clock, store=store)
    second = s2s_for(fake, clock, store=store)
    async with (
        ZoomClient(first, base_url=fake.base_url) as a,
        ZoomClient(second, base_url=fake.base_url) as b,
    ):
        await a.request("GET", "/users/me")
        await b.request("GET", "/users/me")
        assert fake.token_requests == 1
        fake.revoke_tokens()  # the stored token is dead: the store's copy must not be reused
        await b.request("GET", "/users/me")
        await a.request("GET", "/users/me")
        assert fake.token_requests == 2  # b refreshed; a reused b's new token after its 401


async def test_no_secret_in_reprs_or_logs(
    fake: FakeZoom, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    first = fake.issue_user_tokens()
    s2s = s2s_for(fake, clock)
    user = UserOAuth(
        fake.account.client_id,
        fake.account.client_secret,
        access_token=first["access_token"],
        refresh_token=first["refresh_token"],
        token_url=fake.token_url,
        clock=clock,
    )
    jwt_auth = JWTAppAuth(fake.account.jwt_api_key, fake.account.jwt_api_secret, clock=clock)
    shown = []
    secrets = [
        fake.account.client_secret,
        fake.account.jwt_api_secret,
        first["access_token"],
        first["refresh_token"],
    ]

    def static() -> StaticToken:
        return StaticToken(fake.issue_user_tokens()["access_token"])

    for make in (lambda: s2s, lambda: user, lambda: jwt_auth, static):
        auth = make()
        async with ZoomClient(auth, base_url=fake.base_url) as zoom:
            await zoom.request("GET", "/users/me")
            secrets += [*fake.state.tokens, *fake.state.refresh_tokens, *fake.state.seen_jwts]
            fake.revoke_tokens()
            try:
                await zoom.request("GET", "/users/me")
            except AuthenticationError as exc:
                shown += [str(exc), repr(exc)]
            shown += [repr(zoom), repr(auth), repr(getattr(auth, "current_token", None))]
    secrets += [*fake.state.tokens, *fake.state.refresh_tokens, *fake.state.seen_jwts]
    text = "\n".join(shown + [r.getMessage() for r in caplog.records])
    assert "obtained a new token" in text  # the logs did say something
    for secret in secrets:
        assert secret not in text


async def test_replayed_post_sends_its_body_again_and_creates_once(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    await zoom.request("GET", "/users/me")
    fake.revoke_tokens()
    created = await zoom.request("POST", "/users/me/meetings", json={"topic": "Replayed"})
    assert created["topic"] == "Replayed"
    assert fake.api_requests[("POST", "/v2/users/me/meetings", 401)] == 1
    assert fake.api_requests[("POST", "/v2/users/me/meetings", 201)] == 1
    assert [m["topic"] for m in fake.account.meetings.values()] == ["Replayed"]


async def test_a_missing_scope_is_not_a_dead_token(fake: FakeZoom, zoom: ZoomClient) -> None:
    message = "Invalid access token, does not contain scopes:[meeting:read:admin, meeting:read]"

    async def no_scope(request: web.Request) -> web.StreamResponse:
        return web.json_response({"code": 4711, "message": message}, status=401)

    await zoom.request("GET", "/users/me")
    good = zoom.auth.current_token  # type: ignore[attr-defined]
    fake.fallback = no_scope
    with pytest.raises(MissingScopesError) as info:
        await zoom.request("GET", "/needs/scope")
    err = info.value
    assert isinstance(err, PermissionDeniedError) and not isinstance(err, AuthenticationError)
    assert (err.status, err.code) == (401, 4711)
    assert err.scopes == ("meeting:read:admin", "meeting:read")
    assert "missing scopes: meeting:read:admin, meeting:read" in str(err)
    assert fake.api_count("GET", "/v2/needs/scope") == 1  # not replayed
    assert fake.token_requests == 1  # the good token was kept...
    assert zoom.auth.current_token is good  # type: ignore[attr-defined]
    await zoom.request("GET", "/users/me")  # ...and still works
    assert fake.token_requests == 1


async def test_other_401s_are_not_replayed(fake: FakeZoom, zoom: ZoomClient) -> None:
    async def other(request: web.Request) -> web.StreamResponse:
        return web.json_response({"code": 4700, "message": "Invalid access token."}, status=401)

    fake.fallback = other
    with pytest.raises(AuthenticationError) as info:
        await zoom.request("GET", "/other")
    assert info.value.code == 4700
    assert fake.api_count("GET", "/v2/other") == 1
    assert fake.token_requests == 1


async def test_a_dead_token_adopted_from_a_shared_store_costs_a_replay_not_the_call(
    fake: FakeZoom, clock: FakeClock
) -> None:
    store = MemoryTokenStore()
    first, second = s2s_for(fake, clock, store=store), s2s_for(fake, clock, store=store)
    async with (
        ZoomClient(first, base_url=fake.base_url) as a,
        ZoomClient(second, base_url=fake.base_url) as b,
    ):
        await a.request("GET", "/users/me")
        await b.request("GET", "/users/me")  # adopts the first one's token
        assert fake.token_requests == 1
        # another holder's token lands in the store; then Zoom revokes every token
        other = fake.state.issue_token(fake.account, "account_credentials")
        await store.put(
            first.key,
            Token(other["access_token"], expires_at=clock() + 3599, issued_at=clock()),
        )
        fake.revoke_tokens()
        # b's token is dead, and so is the one it adopts from the store: one more replay
        assert (await b.request("GET", "/users/me"))["id"] == fake.account.owner_id
    assert fake.token_requests == 2
    assert fake.api_requests[("GET", "/v2/users/me", 401)] == 2

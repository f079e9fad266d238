"""Token refreshes that survive what long-running bots meet: cancelled callers, a closing client,
workers sharing a store, a token endpoint that never answers, a second event loop, and the leeway
boundary. Everything goes through FakeZoom on loopback, with the fake's clock moved by hand."""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from aiozoom import ClientClosedError, EventLoopError, TokenRequestError, TokenStorageError
from aiozoom.auth import MemoryTokenStore, ServerToServerOAuth, Token, UserOAuth
from aiozoom.client import ZoomClient
from aiozoom.testing import FakeClock, FakeZoom

from .conftest import s2s_for, user_oauth

BOUND = 10  # seconds any one step of a test may take before it counts as a hang
KEY = "zoom-user:owner"


def live_refresh_tokens(fake: FakeZoom, user_id: str) -> list[str]:
    """The refresh tokens Zoom would still accept for ``user_id`` (rotation leaves one)."""
    return [t for t, (_, user) in fake.state.refresh_tokens.items() if user == user_id]


async def assert_store_holds_the_live_pair(store: MemoryTokenStore, fake: FakeZoom) -> None:
    stored = await store.get(KEY)
    assert stored is not None
    assert [stored.refresh_token] == live_refresh_tokens(fake, fake.account.owner_id)


async def call_held_after_rotation(
    fake: FakeZoom, clock: FakeClock, zoom: ZoomClient
) -> asyncio.Future[Any]:
    """A call whose refresh Zoom has answered (the pair is rotated) but whose answer is held."""
    clock.advance(fake.token_ttl + 1)
    fake.token_answer_gate = asyncio.Event()
    call = asyncio.ensure_future(zoom.request("GET", "/users/me"))
    await asyncio.wait_for(fake.wait_token_answers_held(1), BOUND)
    return call


# -- cancellation -----------------------------------------------------------------------------


async def test_a_caller_cancelled_after_zoom_rotated_the_pair_loses_nothing(
    fake: FakeZoom, clock: FakeClock
) -> None:
    first = fake.issue_user_tokens()
    store = MemoryTokenStore()
    saved: list[Token] = []

    async def on_token(token: Token) -> None:
        saved.append(token)

    auth = user_oauth(fake, clock, first, store=store, key=KEY, on_token=on_token)
    async with ZoomClient(auth, base_url=fake.base_url) as zoom:
        call = await call_held_after_rotation(fake, clock, zoom)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        assert fake.token_answer_gate is not None
        fake.token_answer_gate.set()

        me = await asyncio.wait_for(zoom.request("GET", "/users/me"), BOUND)

    assert me["id"] == fake.account.owner_id
    assert fake.token_requests == 1  # the next call used the cancelled caller's refresh
    (live,) = live_refresh_tokens(fake, fake.account.owner_id)
    stored = await store.get(KEY)
    assert stored is not None and stored.refresh_token == live != first["refresh_token"]
    assert [t.refresh_token for t in saved] == [live]


async def test_the_caller_that_started_a_refresh_timing_out_fails_no_one_else(
    fake: FakeZoom, clock: FakeClock
) -> None:
    first = fake.issue_user_tokens()
    auth = user_oauth(fake, clock, first)
    async with ZoomClient(auth, base_url=fake.base_url) as zoom:
        clock.advance(fake.token_ttl + 1)
        fake.token_answer_gate = asyncio.Event()
        impatient = asyncio.ensure_future(asyncio.wait_for(zoom.request("GET", "/users/me"), 0.05))
        await asyncio.wait_for(fake.wait_token_answers_held(1), BOUND)  # its refresh: rotated
        waiters = [asyncio.ensure_future(zoom.request("GET", "/users/me")) for _ in range(5)]
        with pytest.raises(TimeoutError):
            await impatient
        fake.token_answer_gate.set()
        results = await asyncio.wait_for(asyncio.gather(*waiters), BOUND)
    assert [r["id"] for r in results] == [fake.account.owner_id] * 5
    assert fake.token_requests == 1


async def test_the_clients_own_timeout_names_the_token_endpoint_and_keeps_the_pair(
    fake: FakeZoom, clock: FakeClock
) -> None:
    first = fake.issue_user_tokens()
    store = MemoryTokenStore()
    auth = user_oauth(fake, clock, first, store=store, key=KEY)
    async with ZoomClient(auth, base_url=fake.base_url, timeout=0.2) as zoom:
        clock.advance(fake.token_ttl + 1)
        fake.token_answer_gate = asyncio.Event()
        with pytest.raises(TokenRequestError) as info:
            await asyncio.wait_for(zoom.request("GET", "/users/me"), BOUND)
        message = str(info.value)
        assert fake.token_url in message and "the API was not called" in message
        assert fake.api_count("GET", "/v2/users/me") == 0
        fake.token_answer_gate.set()
        await asyncio.wait_for(zoom.request("GET", "/users/me"), BOUND)
    assert fake.token_requests == 1
    await assert_store_holds_the_live_pair(store, fake)


async def test_closing_the_client_waits_for_a_refresh_in_flight(
    fake: FakeZoom, clock: FakeClock
) -> None:
    first = fake.issue_user_tokens()
    store = MemoryTokenStore()
    auth = user_oauth(fake, clock, first, store=store, key=KEY)
    zoom = ZoomClient(auth, base_url=fake.base_url)
    async with zoom:
        call = await call_held_after_rotation(fake, clock, zoom)
        call.cancel()
        closing = asyncio.ensure_future(zoom.close())
        done, _ = await asyncio.wait({closing}, timeout=0.2)
        assert not done  # close() waits: closing the session now would lose the rotated pair
        assert fake.token_answer_gate is not None
        fake.token_answer_gate.set()
        await asyncio.wait_for(closing, BOUND)
    with pytest.raises(asyncio.CancelledError):
        await call
    await assert_store_holds_the_live_pair(store, fake)
    async with ZoomClient(auth, base_url=fake.base_url) as again:
        await again.request("GET", "/users/me")
    assert fake.token_requests == 1


# -- workers sharing a store ------------------------------------------------------------------


async def test_two_workers_rotating_at_once_fifty_times_never_fail(
    fake: FakeZoom, clock: FakeClock
) -> None:
    first = fake.issue_user_tokens()
    store = MemoryTokenStore()
    workers = [
        user_oauth(fake, clock, first, store=store, key=KEY, rng=random.Random(n)) for n in range(2)
    ]
    async with (
        ZoomClient(workers[0], base_url=fake.base_url) as a,
        ZoomClient(workers[1], base_url=fake.base_url) as b,
    ):
        for _ in range(50):
            clock.advance(fake.token_ttl + 1)
            results = await asyncio.wait_for(
                asyncio.gather(a.request("GET", "/users/me"), b.request("GET", "/users/me")),
                BOUND,
            )
            assert [r["id"] for r in results] == [fake.account.owner_id] * 2
            (live,) = live_refresh_tokens(fake, fake.account.owner_id)
            stored = await store.get(KEY)
            assert stored is not None and stored.refresh_token == live  # the newest pair
    assert 50 <= fake.token_requests_by_grant["refresh_token"] <= 100
    assert fake.api_requests[("GET", "/v2/users/me", 401)] == 0


class AckLostOnce(MemoryTokenStore):
    """A shared store whose first compare-and-set is written but answered with an error, as
    when the connection to a network store drops after the write."""

    def __init__(self) -> None:
        super().__init__()
        self.lost = False

    async def compare_and_set(self, key: str, expected: Token | None, new: Token) -> bool:
        written = await super().compare_and_set(key, expected, new)
        if not self.lost:
            self.lost = True
            raise ConnectionResetError("connection to the store dropped")
        return written


async def test_a_retried_save_never_overwrites_a_newer_pair(
    fake: FakeZoom, clock: FakeClock
) -> None:
    first = fake.issue_user_tokens()
    store = AckLostOnce()
    worker_a = user_oauth(fake, clock, first, store=store, key=KEY, rng=random.Random(1))
    worker_b = user_oauth(fake, clock, first, store=store, key=KEY, rng=random.Random(2))
    async with (
        ZoomClient(worker_a, base_url=fake.base_url) as a,
        ZoomClient(worker_b, base_url=fake.base_url) as b,
    ):
        clock.advance(fake.token_ttl + 1)
        with pytest.raises(TokenStorageError, match="kept in memory"):
            await a.request("GET", "/users/me")  # pair 1 was stored, but a cannot know it
        clock.advance(fake.token_ttl + 1)  # pair 1 is due too: b rotates it to pair 2
        await b.request("GET", "/users/me")
        pair_2 = await store.get(KEY)
        assert pair_2 is not None
        assert [pair_2.refresh_token] == live_refresh_tokens(fake, fake.account.owner_id)

        await a.request("GET", "/users/me")  # a saves again: pair 2 must stay

        assert await store.get(KEY) == pair_2
        assert worker_a.current_token == pair_2
        clock.advance(fake.token_ttl + 1)
        await a.request("GET", "/users/me")  # and rotating on from it works
        await b.request("GET", "/users/me")
    assert fake.token_requests_by_grant["refresh_token"] == 3


# -- store keys -------------------------------------------------------------------------------


def test_a_shared_store_needs_a_key_naming_the_user(fake: FakeZoom) -> None:
    with pytest.raises(ValueError, match="key is required with a token store"):
        UserOAuth("client", "secret", refresh_token="r", store=MemoryTokenStore())
    with pytest.raises(ValueError, match="key must be a non-empty string"):
        UserOAuth("client", "secret", refresh_token="r", store=MemoryTokenStore(), key="")


async def test_two_users_sharing_a_store_each_stay_themselves(
    fake: FakeZoom, clock: FakeClock
) -> None:
    owner, other = fake.account.user_order[:2]
    store = MemoryTokenStore()
    providers = {
        user: user_oauth(
            fake, clock, fake.issue_user_tokens(user_id=user), store=store, key=f"zoom:{user}"
        )
        for user in (owner, other)
    }
    clients = {user: ZoomClient(p, base_url=fake.base_url) for user, p in providers.items()}
    try:
        for _ in range(3):
            clock.advance(fake.token_ttl + 1)
            for user, client in clients.items():
                me = await client.request("GET", "/users/me")
                assert me["id"] == user
    finally:
        for client in clients.values():
            await client.close()
    for user in (owner, other):
        stored = await store.get(f"zoom:{user}")
        assert stored is not None and [stored.refresh_token] == live_refresh_tokens(fake, user)


# -- a token endpoint that never answers ------------------------------------------------------


async def test_a_silent_token_endpoint_fails_every_waiter_at_once(
    fake: FakeZoom, clock: FakeClock
) -> None:
    auth = s2s_for(fake, clock, timeout=0.3)
    fake.token_gate = asyncio.Event()  # held: the endpoint never answers
    try:
        # retry=None: this is about the provider (retries would each wait for another token)
        async with ZoomClient(auth, base_url=fake.base_url, retry=None) as zoom:
            results = await asyncio.wait_for(
                asyncio.gather(
                    *(zoom.request("GET", "/users/me") for _ in range(20)), return_exceptions=True
                ),
                BOUND,
            )
    finally:
        fake.token_gate.set()
    assert all(isinstance(r, TokenRequestError) for r in results)
    assert len({id(r) for r in results}) == 1  # one failure, shared by every waiter
    assert f"token endpoint {fake.token_url} did not answer within 0.3 s" in str(results[0])
    assert fake.token_requests == 1
    assert fake.api_count() == 0


# -- event loops ------------------------------------------------------------------------------


@pytest.fixture
def threaded_fake(clock: FakeClock) -> Iterator[FakeZoom]:
    """A FakeZoom serving from its own thread and loop, so it outlives each asyncio.run."""
    loop = asyncio.new_event_loop()
    fake = FakeZoom(clock=clock)
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(fake.start(), loop).result(BOUND)
    try:
        yield fake
    finally:
        asyncio.run_coroutine_threadsafe(fake.close(), loop).result(BOUND)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(BOUND)
        loop.close()


def test_one_provider_serves_one_asyncio_run_after_another(
    threaded_fake: FakeZoom, clock: FakeClock
) -> None:
    fake = threaded_fake
    auth = s2s_for(fake, clock)

    async def job() -> str:
        async with ZoomClient(auth, base_url=fake.base_url) as zoom:
            answers = await asyncio.gather(*(zoom.request("GET", "/users/me") for _ in range(5)))
            (me,) = {str(a["id"]) for a in answers}
            return me

    assert asyncio.run(job()) == fake.account.owner_id
    assert asyncio.run(job()) == fake.account.owner_id
    assert fake.token_requests == 1  # the token carried over
    clock.advance(fake.token_ttl + 1)
    assert asyncio.run(job()) == fake.account.owner_id  # and is refreshed in the new loop
    assert fake.token_requests == 2


def test_a_client_from_another_loop_says_why_it_cannot_be_used(
    threaded_fake: FakeZoom, clock: FakeClock
) -> None:
    fake = threaded_fake
    auth = s2s_for(fake, clock)
    zoom = ZoomClient(auth, base_url=fake.base_url)

    async def call() -> None:
        await zoom.request("GET", "/users/me")

    first_loop = asyncio.new_event_loop()
    try:
        first_loop.run_until_complete(call())
        with pytest.raises(EventLoopError, match="belongs to another event loop"):
            asyncio.run(call())
    finally:
        first_loop.run_until_complete(zoom.close())
        first_loop.close()
    assert fake.api_count() == 1


async def test_a_closed_client_refuses_requests(fake: FakeZoom, s2s: ServerToServerOAuth) -> None:
    zoom = ZoomClient(s2s, base_url=fake.base_url)
    async with zoom:
        await zoom.request("GET", "/users/me")
    assert zoom.closed
    for attempt in (
        lambda: zoom.request("GET", "/users/me"),
        lambda: zoom.users.get("me"),
        zoom.__aenter__,
    ):
        with pytest.raises(ClientClosedError, match="ZoomClient is closed"):
            await attempt()
    assert fake.api_count() == 1
    await zoom.close()  # closing again is harmless


# -- leeway ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ttl", "left"),
    [
        (3599, 300),  # Zoom's hour-long tokens: replaced when the 300 s leeway remains
        (600, 300),  # a shorter token still gets the whole leeway
        (400, 200),  # a token shorter than twice the leeway: replaced halfway through
    ],
)
async def test_a_token_is_replaced_exactly_when_the_leeway_remains(
    fake: FakeZoom, clock: FakeClock, ttl: int, left: float
) -> None:
    fake.token_ttl = ttl
    auth = s2s_for(fake, clock, leeway=300, jitter=0.0)
    async with ZoomClient(auth, base_url=fake.base_url) as zoom:
        await zoom.request("GET", "/users/me")
        clock.advance(ttl - left - 0.01)
        await zoom.request("GET", "/users/me")
        assert fake.token_requests == 1
        clock.advance(0.01)
        await zoom.request("GET", "/users/me")
        assert fake.token_requests == 2


class OlderTokenWrittenFirst(MemoryTokenStore):
    """A shared store into which another worker writes back an older token (one it kept through
    an outage of the store) just before this worker's first compare-and-set."""

    def __init__(self, older: Token) -> None:
        super().__init__()
        self.older: Token | None = older

    async def compare_and_set(self, key: str, expected: Token | None, new: Token) -> bool:
        if self.older is not None:
            await self.put(key, self.older)
            self.older = None
        return await super().compare_and_set(key, expected, new)


async def test_a_new_token_is_not_given_up_for_an_older_one_written_meanwhile(
    fake: FakeZoom, clock: FakeClock
) -> None:
    older = Token("kept-through-an-outage", expires_at=clock() + 3000, issued_at=clock() - 500)
    store = OlderTokenWrittenFirst(older)
    auth = s2s_for(fake, clock, store=store)
    async with ZoomClient(auth, base_url=fake.base_url) as zoom:
        await zoom.request("GET", "/users/me")  # the new token, not the older one, is used
    token = await store.get(auth.key)
    assert token is not None and token.access_token != older.access_token
    assert token.issued_at is not None and older.issued_at is not None
    assert token.issued_at > older.issued_at
    assert fake.token_requests == 1
    assert fake.api_requests[("GET", "/v2/users/me", 200)] == 1

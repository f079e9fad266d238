"""Shared fixtures: a fake Zoom on loopback with a hand-moved clock, and clients for it."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator

import pytest

from aiozoom.auth import ServerToServerOAuth
from aiozoom.client import ZoomClient
from aiozoom.testing import FakeClock, FakeZoom


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def fake(clock: FakeClock) -> AsyncIterator[FakeZoom]:
    async with FakeZoom(clock=clock) as server:
        yield server


def s2s_for(fake: FakeZoom, clock: FakeClock, account=None, **options) -> ServerToServerOAuth:  # type: ignore[no-untyped-def]
    account = account or fake.account
    return ServerToServerOAuth(
        account.account_id,
        account.client_id,
        account.client_secret,
        token_url=fake.token_url,
        clock=clock,
        rng=random.Random(7),
        **options,
    )


@pytest.fixture
def s2s(fake: FakeZoom, clock: FakeClock) -> ServerToServerOAuth:
    return s2s_for(fake, clock)


@pytest.fixture
async def zoom(fake: FakeZoom, s2s: ServerToServerOAuth) -> AsyncIterator[ZoomClient]:
    async with ZoomClient(s2s, base_url=fake.base_url) as client:
        yield client

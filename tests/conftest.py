"""Shared fixtures: a fake Zoom on loopback with a hand-moved clock, and clients for it.

Also a guard: anything asyncio reports as an error -- an unclosed client session or connector, a
task destroyed while pending, a task exception never retrieved -- fails the test that caused it
(or, when only garbage collection at the end finds it, the whole run).
"""

from __future__ import annotations

import gc
import logging
import random
import socket
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from aiozoom.auth import ServerToServerOAuth, UserOAuth
from aiozoom.client import ZoomClient
from aiozoom.testing import FakeClock, FakeZoom

from .redis_server import RedisServer, redis_server_binary


class _AsyncioErrors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[str]:
        found = [r.getMessage() for r in self.records]
        self.records.clear()
        return found


_asyncio_errors = _AsyncioErrors()
logging.getLogger("asyncio").addHandler(_asyncio_errors)


@pytest.fixture(autouse=True)
def _no_asyncio_errors() -> Iterator[None]:
    _asyncio_errors.take()
    yield
    found = _asyncio_errors.take()
    if found:
        pytest.fail("asyncio reported: " + "; ".join(found), pytrace=False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    gc.collect()
    found = _asyncio_errors.take()
    if found:
        print("\nasyncio reported after the last test: " + "; ".join(found))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


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


def user_oauth(fake: FakeZoom, clock: FakeClock, pair: dict[str, Any], **options: Any) -> UserOAuth:
    """A ``UserOAuth`` holding ``pair`` (from ``fake.issue_user_tokens()``), on ``clock``."""
    return UserOAuth(
        fake.account.client_id,
        fake.account.client_secret,
        access_token=pair["access_token"],
        refresh_token=pair["refresh_token"],
        expires_at=clock() + pair["expires_in"],
        token_url=fake.token_url,
        clock=clock,
        **options,
    )


@pytest.fixture
def s2s(fake: FakeZoom, clock: FakeClock) -> ServerToServerOAuth:
    return s2s_for(fake, clock)


@pytest.fixture
async def zoom(fake: FakeZoom, s2s: ServerToServerOAuth) -> AsyncIterator[ZoomClient]:
    async with ZoomClient(s2s, base_url=fake.base_url) as client:
        yield client


@pytest.fixture(scope="session")
def redis_process() -> Iterator[RedisServer]:
    """One real redis-server for the session (see tests/redis_server.py)."""
    server = RedisServer(redis_server_binary())
    server.start()
    yield server
    server.close()


@pytest.fixture
def redis_url(redis_process: RedisServer) -> str:
    """The session's redis-server, emptied for this test (restarted if a test killed it)."""
    if redis_process.process is None:
        redis_process.start()
    with socket.create_connection(("127.0.0.1", redis_process.port), timeout=5) as sock:
        sock.sendall(b"FLUSHALL\r\n")
        assert sock.recv(16).startswith(b"+OK")
    return redis_process.url


@pytest.fixture
def only_people_keep_state(request: pytest.FixtureRequest) -> None:
    """For tests that answer lists and IDs with fallbacks of their own: the ``fake`` keeps its
    state for users, meetings and past meetings only, so the fallback is asked for webinars,
    groups, phone, ... (a test without the ``fake`` fixture is left alone)."""
    if "fake" not in request.fixturenames:
        return
    from aiozoom.testing.resources import meetings, past_meetings, users

    fake = request.getfixturevalue("fake")
    keep = {**users.routes, **meetings.routes, **past_meetings.routes}
    for key in [k for k in fake.routes if k not in keep]:
        del fake.routes[key]

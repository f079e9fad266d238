"""Bad input from users, from the token endpoint and from the network gets a clear aiozoom error."""

from __future__ import annotations

import asyncio
import inspect
import socket
from collections.abc import Callable
from typing import Any

import pytest

from aiozoom import TokenRequestError
from aiozoom.auth import JWTAppAuth, ServerToServerOAuth, StaticToken, UserOAuth
from aiozoom.client import ZoomClient
from aiozoom.testing import FakeClock, FakeZoom, TokenFault

from .conftest import s2s_for


@pytest.mark.parametrize(
    ("build", "name"),
    [
        (lambda: ServerToServerOAuth("", "cid", "secret"), "account_id"),
        (lambda: ServerToServerOAuth("acct", "  ", "secret"), "client_id"),
        (lambda: ServerToServerOAuth("acct", "cid", ""), "client_secret"),
        (lambda: ServerToServerOAuth("acct", "cid", None), "client_secret"),  # type: ignore[arg-type]
        (lambda: UserOAuth("cid", "secret", refresh_token=""), "refresh_token"),
        (lambda: UserOAuth("", "secret", refresh_token="r"), "client_id"),
        (lambda: JWTAppAuth("", "secret"), "api_key"),
        (lambda: JWTAppAuth("key", ""), "api_secret"),
        (lambda: JWTAppAuth("key", "sécret"), "api_secret"),
        (lambda: JWTAppAuth("key", "s" * 32, ttl=0), "ttl"),
        (lambda: StaticToken(""), "token"),
        (lambda: ZoomClient(StaticToken("t"), base_url="api.zoom.us/v2"), "base_url"),
        (lambda: ZoomClient("token"), "auth"),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments_name_the_argument(build, name) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=rf"^{name}\b"):
        build()


async def test_request_arguments_are_checked(zoom: ZoomClient) -> None:
    with pytest.raises(ValueError, match=r"^method"):
        await zoom.request("FETCH", "/users")
    with pytest.raises(ValueError, match=r"^path"):
        await zoom.request("GET", "users")


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda zoom: zoom.users.get(".."), "user_id"),
        (lambda zoom: zoom.users.delete("."), "user_id"),
        (lambda zoom: zoom.users.get_settings("%2e%2e"), "user_id"),
        (lambda zoom: zoom.recordings.delete_file(81234567890, "."), "recording_id"),
        (lambda zoom: zoom.recordings.delete_file(81234567890, "%252e"), "recording_id"),
        (lambda zoom: zoom.recordings.delete(".."), "meeting_id"),
        (lambda zoom: zoom.meetings.get_past("%2E"), "meeting_id"),
        (lambda zoom: zoom.meetings.list(".."), "user_id"),  # a Paginator: refused on the call
        (lambda zoom: zoom.meetings.get("."), "meeting_id"),
    ],
)
async def test_dot_segments_are_refused_before_any_request(
    fake: FakeZoom, zoom: ZoomClient, call: Callable[[ZoomClient], Any], argument: str
) -> None:
    with pytest.raises(ValueError, match=rf"^{argument}\b") as info:
        await _called(call, zoom)
    assert "%2" not in str(info.value)
    assert fake.api_count() == 0


async def _called(call: Callable[[ZoomClient], Any], zoom: ZoomClient) -> Any:
    result = call(zoom)
    return await result if inspect.isawaitable(result) else result


async def test_wrong_client_secret_is_invalid_client(fake: FakeZoom, clock: FakeClock) -> None:
    account = fake.account
    auth = ServerToServerOAuth(
        account.account_id, account.client_id, "wrong-secret-value", token_url=fake.token_url
    )
    async with ZoomClient(auth, base_url=fake.base_url) as zoom:
        with pytest.raises(TokenRequestError) as info:
            await zoom.request("GET", "/users/me")
    err = info.value
    assert err.error == "invalid_client"
    assert err.reason == "Invalid client_id or client_secret"
    assert err.status == 401
    assert "wrong-secret-value" not in str(err) and "wrong-secret-value" not in repr(err)
    assert fake.api_count() == 0  # no API request went out without a token


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (TokenFault(502, "<html><body>Bad gateway</body></html>", "text/html"), "text/html"),
        (TokenFault(200, "<html>maintenance</html>", "text/html"), "not a JSON object"),
        (TokenFault(400, '{"error":"invalid_client"}'), "invalid_client"),
        (TokenFault(200, '{"token_type":"bearer"}'), "without an access_token"),
        (TokenFault(200, "[1, 2]"), "not a JSON object"),
        (TokenFault(200, ""), "not a JSON object"),
    ],
)
async def test_token_endpoint_garbage_is_a_token_request_error(
    fake: FakeZoom, clock: FakeClock, fault: TokenFault, expected: str
) -> None:
    fake.inject_token_fault(fault)
    # retry=None: a 502 would be retried (tests/test_resilience.py); here, what the error says
    async with ZoomClient(s2s_for(fake, clock), base_url=fake.base_url, retry=None) as zoom:
        with pytest.raises(TokenRequestError, match=expected) as info:
            await zoom.request("GET", "/users/me")
        assert info.value.status == fault.status
        assert fake.account.client_secret not in str(info.value)
        # The fault was one answer: the next call gets a token and succeeds.
        assert (await zoom.request("GET", "/users/me"))["id"] == fake.account.owner_id


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_unreachable_token_url(fake: FakeZoom, clock: FakeClock) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/oauth/token"
    auth = ServerToServerOAuth(
        fake.account.account_id,
        fake.account.client_id,
        fake.account.client_secret,
        token_url=url,
        timeout=5,
    )
    async with ZoomClient(auth, base_url=fake.base_url) as zoom:
        with pytest.raises(TokenRequestError, match="could not reach token endpoint") as info:
            await zoom.request("GET", "/users/me")
    assert info.value.url == url
    assert fake.account.client_secret not in str(info.value)


async def test_token_endpoint_that_never_answers_times_out(
    fake: FakeZoom, clock: FakeClock
) -> None:
    fake.token_gate = asyncio.Event()  # never set: the fake holds every token request
    auth = s2s_for(fake, clock, timeout=0.2)
    async with ZoomClient(auth, base_url=fake.base_url) as zoom:
        with pytest.raises(TokenRequestError, match=r"did not answer within 0\.2 s"):
            await asyncio.wait_for(zoom.request("GET", "/users/me"), timeout=10)
    fake.token_gate.set()

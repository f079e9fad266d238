"""ZoomClient against the fake Zoom: results, errors, sessions, redirects and pagination."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from aiozoom import (
    InvalidResponseError,
    NotFoundError,
    PageTokenExpiredError,
    ZoomAPIError,
    ZoomAuthMiddleware,
    ZoomConnectionError,
)
from aiozoom.auth import ServerToServerOAuth, StaticToken
from aiozoom.client import ZoomClient
from aiozoom.testing import FakeClock, FakeZoom


async def test_request_returns_json_and_none_for_204(fake: FakeZoom, zoom: ZoomClient) -> None:
    created = await zoom.request(
        "POST", "/users/me/meetings", json={"topic": "Standup", "duration": 15}
    )
    assert created["topic"] == "Standup" and isinstance(created["id"], int)
    path = f"/meetings/{created['id']}"
    assert await zoom.request("PATCH", path, json={"topic": "Renamed"}) is None
    assert (await zoom.request("GET", path))["topic"] == "Renamed"
    assert await zoom.request("DELETE", path) is None
    with pytest.raises(NotFoundError) as info:
        await zoom.request("GET", path)
    assert info.value.code == 3001


async def test_errors_carry_zoom_fields(zoom: ZoomClient) -> None:
    with pytest.raises(NotFoundError) as info:
        await zoom.request("GET", "/users/nobody@example.com")
    err = info.value
    assert (err.status, err.code) == (404, 1001)
    assert err.message == "User does not exist: nobody@example.com."
    assert err.method == "GET" and err.path == "/users/nobody@example.com"
    assert err.tracking_id is not None and err.tracking_id in str(err)
    assert "1001" in str(err) and "GET /users/nobody@example.com" in str(err)

    with pytest.raises(ZoomAPIError) as info2:
        await zoom.request("POST", "/users/me/meetings", json={"type": 99, "duration": "long"})
    err2 = info2.value
    assert (err2.status, err2.code, err2.message) == (400, 300, "Validation Failed.")
    assert {e.field for e in err2.errors} == {"type", "duration"}
    assert "duration" in str(err2)


async def test_query_parameters_are_encoded(fake: FakeZoom, zoom: ZoomClient) -> None:
    data = await zoom.request("GET", "/users", params={"page_size": 2, "status": None})
    assert data["page_size"] == 2 and len(data["users"]) == 2


async def test_users_list_walks_every_page(fake: FakeZoom, zoom: ZoomClient) -> None:
    fake.add_users(95)
    expected = fake.account.user_order
    seen = [u.id async for u in zoom.users.list(page_size=30)]
    assert seen == expected and len(seen) == 100
    pages = [p async for p in zoom.users.list(page_size=30).pages()]
    assert [len(p.items) for p in pages] == [30, 30, 30, 10]
    assert all(p.total_records == 100 for p in pages)
    assert pages[-1].next_page_token is None
    assert fake.api_count("GET", "/v2/users") == 8
    user = await zoom.users.get(expected[3])
    assert user.id == expected[3] and user.email == fake.account.users[expected[3]]["email"]


async def test_expired_page_token_is_a_clear_error(
    fake: FakeZoom, clock: FakeClock, zoom: ZoomClient
) -> None:
    fake.add_users(10)
    pages = zoom.users.list(page_size=5).pages()
    await anext(pages)
    clock.advance(15 * 60 + 1)  # page tokens live 15 minutes
    with pytest.raises(PageTokenExpiredError, match="invalid or expired"):
        await anext(pages)


async def test_callers_session_is_used_and_left_open(
    fake: FakeZoom, s2s: ServerToServerOAuth
) -> None:
    async with aiohttp.ClientSession() as session:
        async with ZoomClient(s2s, base_url=fake.base_url, session=session) as zoom:
            assert zoom.session is session
            assert (await zoom.request("GET", "/users/me"))["id"] == fake.account.owner_id
        assert not session.closed
        async with session.get(f"{fake.base_url}/users/me") as resp:
            assert resp.status == 401  # the session itself was not given the middleware


@pytest.fixture
async def other_origin() -> AsyncIterator[tuple[str, list[dict[str, str]]]]:
    """A second server (another origin) that records the headers it receives."""
    seen: list[dict[str, str]] = []

    async def record(request: web.Request) -> web.Response:
        seen.append(dict(request.headers))
        return web.json_response({"downloaded": True})

    app = web.Application()
    app.router.add_get("/file", record)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/file", seen
    await runner.cleanup()


async def test_redirect_to_another_origin_drops_authorization(
    fake: FakeZoom, zoom: ZoomClient, other_origin: tuple[str, list[dict[str, str]]]
) -> None:
    target, seen = other_origin
    api_headers: list[str | None] = []

    async def redirect(request: web.Request) -> web.StreamResponse | None:
        api_headers.append(request.headers.get("Authorization"))
        raise web.HTTPFound(target)

    fake.fallback = redirect
    assert await zoom.request("GET", "/recordings/download") == {"downloaded": True}
    assert api_headers and api_headers[0] is not None and api_headers[0].startswith("Bearer ")
    assert len(seen) == 1
    assert "Authorization" not in seen[0]


async def test_non_json_success_is_invalid_response(fake: FakeZoom, zoom: ZoomClient) -> None:
    async def html(request: web.Request) -> web.StreamResponse:
        return web.Response(text="<html>hi</html>", content_type="text/html")

    fake.fallback = html
    with pytest.raises(InvalidResponseError, match="text/html"):
        await zoom.request("GET", "/somewhere")


async def test_html_error_page_is_a_zoom_api_error(fake: FakeZoom, zoom: ZoomClient) -> None:
    async def bad_gateway(request: web.Request) -> web.StreamResponse:
        return web.Response(status=502, text="<html>502</html>", content_type="text/html")

    fake.fallback = bad_gateway
    with pytest.raises(ZoomAPIError) as info:
        await zoom.request("GET", "/somewhere")
    assert info.value.status == 502 and info.value.code is None
    assert "text/html" in info.value.message


async def test_unreachable_api_is_a_connection_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with ZoomClient(StaticToken("t"), base_url=f"http://127.0.0.1:{port}/v2") as zoom:
        with pytest.raises(ZoomConnectionError, match="GET /users/me"):
            await zoom.request("GET", "/users/me")


async def test_api_that_never_answers_times_out(fake: FakeZoom, s2s: ServerToServerOAuth) -> None:
    held = asyncio.Event()

    async def hang(request: web.Request) -> web.StreamResponse:
        await held.wait()
        return web.json_response({})

    fake.fallback = hang
    async with ZoomClient(s2s, base_url=fake.base_url, timeout=0.3) as zoom:
        await zoom.request("GET", "/users/me")  # the token request is not what times out
        with pytest.raises(ZoomConnectionError, match="did not answer in time"):
            await asyncio.wait_for(zoom.request("GET", "/slow"), timeout=10)
    held.set()


# -- the middleware's fast path ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "gets_token"),
    [
        ("https://api.zoom.us/v2/users", True),  # as the base URL spells it
        ("https://API.Zoom.us/v2/users", True),  # the same origin spelled otherwise
        ("https://api.zoom.us:443/v2/users", True),
        ("https://someone@api.zoom.us/v2/users", True),
        ("http://api.zoom.us/v2/users", False),
        ("https://api.zoom.us:8443/v2/users", False),
        ("https://api.zoom.us.example.org/v2/users", False),
        ("https://file.zoom.us/rec/download/x", False),
    ],
)
def test_the_token_goes_to_the_api_origin_however_it_is_spelled(url: str, gets_token: bool) -> None:
    from yarl import URL

    middleware = ZoomAuthMiddleware(StaticToken("t"), "https://api.zoom.us/v2")
    assert middleware.applies_to(URL(url)) is gets_token


async def test_a_provider_with_only_the_protocol_methods_is_asked_on_every_call(
    fake: FakeZoom, s2s: ServerToServerOAuth
) -> None:
    asked: list[str] = []

    class Delegating:  # a user's own provider: get_token and invalidate, no ready_token
        async def get_token(self, session: aiohttp.ClientSession) -> str:
            token = await s2s.get_token(session)
            asked.append(token)
            return token

        async def invalidate(self, access_token: str) -> None:
            await s2s.invalidate(access_token)

    async with ZoomClient(Delegating(), base_url=fake.base_url) as zoom:
        for _ in range(3):
            await zoom.request("GET", "/users/me")
        fake.revoke_tokens()
        await zoom.request("GET", "/users/me")  # the dead token is replaced through get_token
    assert len(asked) == 5 and asked[0] == asked[2] != asked[4]
    assert fake.token_requests == 2


# -- the JSON decoder ----------------------------------------------------------------------------


async def test_answers_are_decoded_by_the_json_loads_given(
    fake: FakeZoom, s2s: ServerToServerOAuth
) -> None:
    import json

    seen: list[bytes] = []

    def counting(body: bytes) -> object:
        seen.append(body)
        return json.loads(body)

    async with ZoomClient(s2s, base_url=fake.base_url, json_loads=counting) as zoom:
        me = await zoom.request("GET", "/users/me")
        user = await zoom.users.get()
    assert len(seen) == 2 and json.loads(seen[0]) == me and user.id == me["id"]
    async with ZoomClient(s2s, base_url=fake.base_url, json_loads=None) as zoom:
        assert await zoom.request("GET", "/users/me") == me  # the standard library's json
    async with ZoomClient(s2s, base_url=fake.base_url, json_loads=json.loads) as zoom:
        assert await zoom.request("GET", "/users/me") == me
    assert len(seen) == 2
    with pytest.raises(ValueError, match="json_loads"):
        ZoomClient(s2s, json_loads="orjson")  # type: ignore[arg-type]


def test_the_default_decoder_is_msgspec_when_it_is_installed(s2s: ServerToServerOAuth) -> None:
    import msgspec  # in the test extras (aiozoom-sdk[speedups] for users)

    loads = ZoomClient(s2s)._shared.loads
    assert isinstance(getattr(loads, "__self__", None), msgspec.json.Decoder)

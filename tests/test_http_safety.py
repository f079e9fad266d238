"""The HTTP layer against answers that would hurt: streamed bodies after a 401, answers without
end, error objects with a 200, redirect loops (and what their errors carry), dot segments, and a
client used after it was closed. Through FakeZoom or a small aiohttp server on loopback."""

from __future__ import annotations

import asyncio
import io
import json
import traceback
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from aiozoom import (
    AuthenticationError,
    BodyNotReplayableError,
    NotFoundError,
    ResponseTooLargeError,
    ServerToServerOAuth,
    TokenRequestError,
    ZoomAuthMiddleware,
    ZoomConnectionError,
)
from aiozoom.client import ZoomClient
from aiozoom.testing import FakeClock, FakeZoom

from .conftest import s2s_for

BOUND = 10
MIB = 1024 * 1024


async def endless(request: web.Request, status: int = 200) -> web.StreamResponse:
    """An answer that never ends (chunked, no Content-Length); stops when the client leaves."""
    response = web.StreamResponse(status=status, headers={"Content-Type": "application/json"})
    await response.prepare(request)
    chunk = b'{"pad": "' + b"x" * (64 * 1024)
    for _ in range(64 * 1024):  # 4 GiB at most: a client without a cap would take it all
        try:
            await response.write(chunk)
        except (ConnectionError, RuntimeError):
            break
    return response


# -- bodies that cannot be replayed -----------------------------------------------------------


async def test_a_streamed_body_is_not_replayed_empty_after_a_401(
    fake: FakeZoom, s2s: ServerToServerOAuth
) -> None:
    middleware = ZoomAuthMiddleware(s2s, fake.base_url)
    bodies: list[bytes] = []

    async def record(request: web.Request) -> web.StreamResponse:
        bodies.append(await request.read())
        return web.json_response({"id": "created"}, status=201)

    async def stream() -> AsyncIterator[bytes]:
        yield b'{"topic": '
        yield b'"Streamed"}'

    fake.fallback = record
    async with aiohttp.ClientSession(middlewares=(middleware,)) as session:
        async with session.get(f"{fake.base_url}/users/me") as resp:
            assert resp.status == 200
        fake.revoke_tokens()
        with pytest.raises(BodyNotReplayableError) as info:
            await session.post(f"{fake.base_url}/upload", data=stream())
        assert info.value.status == 401 and info.value.code == 124
        assert "cannot be sent again" in str(info.value)
        assert isinstance(info.value, AuthenticationError)
        assert fake.api_count("POST", "/v2/upload") == 1  # the 401 only: nothing sent empty
        assert bodies == []
        assert s2s.current_token is None  # the rejected token was dropped...
        async with session.post(f"{fake.base_url}/upload", data=stream()) as resp:
            assert resp.status == 201  # ...so calling again works at once
    assert bodies == [b'{"topic": "Streamed"}']
    assert fake.token_requests == 2


async def test_a_seekable_file_body_is_replayed_whole(fake: FakeZoom, zoom: ZoomClient) -> None:
    await zoom.request("GET", "/users/me")
    fake.revoke_tokens()
    body = io.BytesIO(json.dumps({"topic": "From a file"}).encode())
    created = await zoom.session.post(f"{fake.base_url}/users/me/meetings", data=body)
    async with created:
        assert created.status == 201
        assert (await created.json())["topic"] == "From a file"
    assert fake.api_requests[("POST", "/v2/users/me/meetings", 401)] == 1


# -- size caps --------------------------------------------------------------------------------


async def test_an_answer_without_end_is_cut_at_the_cap(
    fake: FakeZoom, s2s: ServerToServerOAuth
) -> None:
    fake.fallback = endless
    async with ZoomClient(s2s, base_url=fake.base_url, max_response_size=MIB) as zoom:
        with pytest.raises(ResponseTooLargeError) as info:
            await asyncio.wait_for(zoom.request("GET", "/huge"), BOUND)
        await zoom.request("GET", "/users/me")  # the client is still fine
    err = info.value
    assert err.limit == MIB and err.size is None
    assert err.method == "GET" and err.path == "/huge"
    assert "1048576-byte limit" in str(err)


async def test_a_declared_length_over_the_cap_is_refused_before_reading(
    fake: FakeZoom, s2s: ServerToServerOAuth
) -> None:
    release = asyncio.Event()

    async def declared(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Length": str(300 * MIB)})
        await response.prepare(request)
        await response.write(b"{")  # and then nothing: a client that waited would hang
        await release.wait()
        return response

    fake.fallback = declared
    try:
        async with ZoomClient(s2s, base_url=fake.base_url) as zoom:
            with pytest.raises(ResponseTooLargeError) as info:
                await asyncio.wait_for(zoom.request("GET", "/declared"), BOUND)
    finally:
        release.set()
    assert info.value.size == 300 * MIB and info.value.limit == 16 * MIB


async def test_a_401_without_end_is_cut_at_the_cap(fake: FakeZoom, zoom: ZoomClient) -> None:
    async def endless_401(request: web.Request) -> web.StreamResponse:
        return await endless(request, status=401)

    fake.fallback = endless_401
    with pytest.raises(ResponseTooLargeError, match="65536-byte limit"):
        await asyncio.wait_for(zoom.request("GET", "/endless-401"), BOUND)


@pytest.fixture
async def endless_token_url() -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_post("/oauth/token", endless)
    async with TestServer(app, host="127.0.0.1") as server:
        yield str(server.make_url("/oauth/token"))


async def test_a_token_answer_without_end_is_cut_at_the_cap(
    fake: FakeZoom, clock: FakeClock, endless_token_url: str
) -> None:
    auth = s2s_for(fake, clock)
    auth.token_url = endless_token_url
    async with ZoomClient(auth, base_url=fake.base_url) as zoom:
        with pytest.raises(TokenRequestError, match="65536-byte limit"):
            await asyncio.wait_for(zoom.request("GET", "/users/me"), BOUND)
    assert fake.api_count() == 0


# -- error objects with a 2xx status ----------------------------------------------------------


async def test_a_200_that_is_a_zoom_error_raises_it(fake: FakeZoom, zoom: ZoomClient) -> None:
    async def error_with_200(request: web.Request) -> web.StreamResponse:
        return web.json_response({"code": 1001, "message": "User does not exist: nobody."})

    fake.fallback = error_with_200
    with pytest.raises(NotFoundError) as info:
        await zoom.users.get_presence_status("nobody")  # an operation the fake keeps no state for
    assert (info.value.status, info.value.code) == (200, 1001)
    assert "User does not exist" in str(info.value)


# -- secrets in what is raised ----------------------------------------------------------------


async def test_a_redirect_loop_error_carries_no_token(fake: FakeZoom, zoom: ZoomClient) -> None:
    async def loop(request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(str(request.url))

    fake.fallback = loop
    with pytest.raises(ZoomConnectionError) as info:
        await zoom.request("GET", "/loop")
    err = info.value
    token = zoom.auth.current_token  # type: ignore[attr-defined]
    assert token is not None
    assert "TooManyRedirects" in str(err)
    shown = [
        str(err),
        repr(err),
        repr(err.__cause__),
        repr(err.__context__),
        "".join(traceback.format_exception(err)),
    ]
    for text in shown:
        assert token.access_token not in text
        assert "Bearer" not in text


async def test_a_refused_connection_is_still_chained(
    fake: FakeZoom, s2s: ServerToServerOAuth
) -> None:
    base = fake.base_url
    await fake.close()
    async with ZoomClient(s2s, base_url=base) as zoom:
        with pytest.raises(TokenRequestError) as info:
            await zoom.request("GET", "/users/me")
    assert isinstance(info.value.__cause__, aiohttp.ClientConnectorError)


# -- dot segments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/meetings/1/recordings/.",
        "/users/me/schedulers/..",
        "/users/../meetings/1",
        "/users/%2e%2E/meetings/1",
        "/users/./me",
    ],
)
async def test_dot_segments_never_leave(fake: FakeZoom, zoom: ZoomClient, path: str) -> None:
    with pytest.raises(ValueError, match=r"must not contain '\.' or '\.\.' segments"):
        await zoom.request("DELETE", path)
    assert fake.api_count() == 0

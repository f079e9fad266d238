"""The Meeting SDK signature endpoint, served for real on loopback and called over HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import jwt as pyjwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from aiozoom.sdk import (
    DEFAULT_MAX_BODY_SIZE,
    SignatureArgumentError,
    SignatureRequest,
    run_signature_server,
    signature_app,
    signature_handler,
)
from aiozoom.testing import FakeClock

from .slow_client import trickle

KEY = "aiozoomTestSdkKey01"
SECRET = "aiozoom-test-sdk-secret-0123456789abcdef"
NOW = 1_800_000_000
SKEW = 30
APP_ORIGIN = "https://app.example.com"
NO_TIME_CHECKS = {"verify_exp": False, "verify_iat": False, "verify_nbf": False}

Client = TestClient[web.Request, web.Application]


def claims_of(signature: str) -> dict[str, Any]:
    assert pyjwt.get_unverified_header(signature) == {"alg": "HS256", "typ": "JWT"}
    claims: dict[str, Any] = pyjwt.decode(
        signature, SECRET, algorithms=["HS256"], options=NO_TIME_CHECKS
    )
    return claims


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[web.Application], Any]]:
    clients: list[Client] = []

    async def start(app: web.Application) -> Client:
        client: Client = TestClient(TestServer(app, host="127.0.0.1"))
        await client.start_server()
        clients.append(client)
        return client

    yield start
    for client in clients:
        await client.close()


def make_app(**options: Any) -> web.Application:
    options.setdefault("clock", FakeClock(NOW))
    return signature_app(KEY, SECRET, **options)


@pytest.fixture
async def client(serve: Callable[[web.Application], Any]) -> Client:
    result: Client = await serve(make_app(cors_origins=[APP_ORIGIN]))
    return result


# --------------------------------------------------------------------------------------------
# signing


@pytest.mark.parametrize(
    ("body", "mn", "role"),
    [
        ({"meetingNumber": "123 4567 8901", "role": 0}, "12345678901", 0),
        ({"meetingNumber": 98765432101, "role": 1}, "98765432101", 1),
        ({"meetingNumber": "0012345678", "role": "1"}, "0012345678", 1),
        (
            {"meetingNumber": "123456789", "role": 0, "expirationSeconds": 5, "x": [1]},
            "123456789",
            0,
        ),
    ],
)
async def test_signs_a_meeting_signature(
    client: Client, body: dict[str, Any], mn: str, role: int
) -> None:
    response = await client.post("/", json=body)

    assert response.status == 200
    assert response.headers["Cache-Control"] == "no-store"
    answer = await response.json()
    assert set(answer) == {"signature", "sdkKey"}
    assert answer["sdkKey"] == KEY
    iat = NOW - SKEW
    assert claims_of(answer["signature"]) == {
        "appKey": KEY,
        "sdkKey": KEY,
        "mn": mn,
        "role": role,
        "iat": iat,
        "exp": iat + 7200,
        "tokenExp": iat + 7200,
    }


async def test_video_webrtc_mode_is_passed_on(client: Client) -> None:
    response = await client.post(
        "/", json={"meetingNumber": "123456789", "role": 0, "videoWebRtcMode": 1}
    )

    assert response.status == 200
    assert claims_of((await response.json())["signature"])["video_webrtc_mode"] == 1


async def test_lifetime_and_clock_are_the_apps(serve: Callable[[web.Application], Any]) -> None:
    clock = FakeClock(NOW)
    client = await serve(make_app(expires_in=1800, clock=clock))

    clock.advance(1000)
    response = await client.post("/", json={"meetingNumber": "123456789", "role": 0})

    claims = claims_of((await response.json())["signature"])
    assert (claims["iat"], claims["exp"]) == (NOW + 1000 - SKEW, NOW + 1000 - SKEW + 1800)


# --------------------------------------------------------------------------------------------
# refusals


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"not json", "body"),
        (b"", "body"),
        (b"[1, 2]", "body"),
        (b'"123456789"', "body"),
        (b'{"meetingNumber": NaN, "role": 0}', "body"),
        (b"\xff\xfe{}", "body"),
        ({"role": 0}, "meetingNumber"),
        ({"meetingNumber": None, "role": 0}, "meetingNumber"),
        ({"meetingNumber": "", "role": 0}, "meetingNumber"),
        ({"meetingNumber": "abc", "role": 0}, "meetingNumber"),
        ({"meetingNumber": "123-456-789", "role": 0}, "meetingNumber"),
        ({"meetingNumber": -123456789, "role": 0}, "meetingNumber"),
        ({"meetingNumber": 123456789.0, "role": 0}, "meetingNumber"),
        ({"meetingNumber": True, "role": 0}, "meetingNumber"),
        ({"meetingNumber": ["123"], "role": 0}, "meetingNumber"),
        ({"meetingNumber": "123456789"}, "role"),
        ({"meetingNumber": "123456789", "role": 2}, "role"),
        ({"meetingNumber": "123456789", "role": -1}, "role"),
        ({"meetingNumber": "123456789", "role": True}, "role"),
        ({"meetingNumber": "123456789", "role": 1.0}, "role"),
        ({"meetingNumber": "123456789", "role": "host"}, "role"),
        ({"meetingNumber": "123456789", "role": 0, "videoWebRtcMode": 2}, "videoWebRtcMode"),
        ({"meetingNumber": "123456789", "role": 0, "videoWebRtcMode": True}, "videoWebRtcMode"),
    ],
)
async def test_bad_requests_name_the_field(
    client: Client, body: dict[str, Any] | bytes, field: str
) -> None:
    if isinstance(body, bytes):
        response = await client.post("/", data=body, headers={"Content-Type": "application/json"})
    else:
        response = await client.post("/", json=body)

    assert response.status == 400
    answer = await response.json()
    assert answer["error"] == "invalid_request"
    assert answer["field"] == field
    assert field in answer["message"]
    assert "signature" not in answer


async def test_a_body_over_the_limit_is_413(serve: Callable[[web.Application], Any]) -> None:
    client = await serve(make_app(max_body_size=100))
    exactly = json.dumps({"meetingNumber": "123456789", "role": 0}).encode()
    exactly += b" " * (100 - len(exactly))

    at_limit = await client.post("/", data=exactly)
    over = await client.post("/", data=exactly + b" ")

    assert at_limit.status == 200
    assert over.status == 413
    assert (await over.json())["error"] == "payload_too_large"


async def test_a_chunked_body_over_the_limit_is_413(client: Client) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"meetingNumber": "123456789", "role": 0, "pad": "'
        for _ in range(DEFAULT_MAX_BODY_SIZE // 512 + 1):
            yield b"x" * 512
        yield b'"}'

    response = await client.post("/", data=chunks())

    assert response.request_info.headers.get("Transfer-Encoding") == "chunked"
    assert response.status == 413
    assert (await response.json())["error"] == "payload_too_large"


async def test_other_methods_are_405(client: Client) -> None:
    response = await client.get("/")

    assert response.status == 405
    assert "POST" in response.headers["Allow"]


async def test_authorize_decides_per_request(serve: Callable[[web.Application], Any]) -> None:
    seen: list[SignatureRequest] = []

    async def attendees_only(request: web.Request, asked: SignatureRequest) -> bool:
        if request.headers.get("Authorization") != "Bearer user-session":
            raise web.HTTPUnauthorized()
        seen.append(asked)
        return asked.role == 0

    client = await serve(make_app(authorize=attendees_only))
    session = {"Authorization": "Bearer user-session"}

    attendee = await client.post(
        "/", json={"meetingNumber": "1234 5678", "role": 0}, headers=session
    )
    host = await client.post("/", json={"meetingNumber": "12345678", "role": 1}, headers=session)
    anonymous = await client.post("/", json={"meetingNumber": "12345678", "role": 0})

    assert attendee.status == 200
    assert host.status == 403
    assert (await host.json())["error"] == "forbidden"
    assert anonymous.status == 401
    assert seen == [SignatureRequest("12345678", 0), SignatureRequest("12345678", 1)]


# --------------------------------------------------------------------------------------------
# CORS


async def test_a_listed_origin_is_echoed(client: Client) -> None:
    response = await client.post(
        "/", json={"meetingNumber": "123456789", "role": 0}, headers={"Origin": APP_ORIGIN}
    )

    assert response.status == 200
    assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert "Origin" in response.headers["Vary"]


async def test_errors_are_readable_by_a_listed_origin(client: Client) -> None:
    response = await client.post("/", json={"role": 0}, headers={"Origin": APP_ORIGIN})

    assert response.status == 400
    assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN


async def test_an_unlisted_origin_gets_no_cors_header(client: Client) -> None:
    response = await client.post(
        "/",
        json={"meetingNumber": "123456789", "role": 0},
        headers={"Origin": "https://evil.example.com"},
    )

    assert "Access-Control-Allow-Origin" not in response.headers


async def test_no_cors_unless_configured(serve: Callable[[web.Application], Any]) -> None:
    client = await serve(make_app())

    response = await client.post(
        "/", json={"meetingNumber": "123456789", "role": 0}, headers={"Origin": APP_ORIGIN}
    )
    preflight = await client.options(
        "/", headers={"Origin": APP_ORIGIN, "Access-Control-Request-Method": "POST"}
    )

    assert response.status == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    assert preflight.status == 403
    assert "Access-Control-Allow-Origin" not in preflight.headers


async def test_preflight_from_a_listed_origin(client: Client) -> None:
    response = await client.options(
        "/",
        headers={
            "Origin": APP_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )

    assert response.status == 204
    assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    allowed = {
        h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")
    }
    assert {"content-type", "authorization"} <= allowed


async def test_preflight_from_an_unlisted_origin_is_refused(client: Client) -> None:
    response = await client.options(
        "/",
        headers={
            "Origin": "https://app.example.com.evil.net",
            "Access-Control-Request-Method": "POST",
        },
    )

    assert response.status == 403
    assert "Access-Control-Allow-Origin" not in response.headers


async def test_a_wildcard_allows_any_origin(serve: Callable[[web.Application], Any]) -> None:
    client = await serve(make_app(cors_origins=["*"]))

    response = await client.post(
        "/",
        json={"meetingNumber": "123456789", "role": 0},
        headers={"Origin": "http://localhost:3000"},
    )

    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "origin", ["app.example.com", "https://app.example.com/path", "ftp://x", ""]
)
def test_cors_origins_must_be_origins(origin: str) -> None:
    with pytest.raises(SignatureArgumentError, match="cors_origins"):
        signature_app(KEY, SECRET, cors_origins=[origin])


# --------------------------------------------------------------------------------------------
# mounting


async def test_mounts_as_a_sub_app_and_as_a_route(serve: Callable[[web.Application], Any]) -> None:
    app = web.Application()
    app.add_subapp("/zoom/signature/", make_app())
    app.router.add_route(
        "*", "/api/zoom-signature", signature_handler(KEY, SECRET, clock=FakeClock(NOW))
    )
    client = await serve(app)
    body = {"meetingNumber": "123456789", "role": 0}

    via_subapp = await client.post("/zoom/signature/", json=body)
    via_route = await client.post("/api/zoom-signature", json=body)

    for response in (via_subapp, via_route):
        assert response.status == 200
        assert claims_of((await response.json())["signature"])["mn"] == "123456789"


@pytest.mark.parametrize(
    ("options", "argument"),
    [
        ({"sdk_key": ""}, "sdk_key"),
        ({"sdk_secret": ""}, "sdk_secret"),
        ({"expires_in": 60}, "expires_in"),
        ({"expires_in": 200_000}, "expires_in"),
        ({"max_body_size": 0}, "max_body_size"),
        ({"read_timeout": 0}, "read_timeout"),
        ({"read_timeout": -1.5}, "read_timeout"),
        ({"read_timeout": float("nan")}, "read_timeout"),
        ({"read_timeout": float("inf")}, "read_timeout"),
        ({"read_timeout": "5"}, "read_timeout"),
        ({"read_timeout": True}, "read_timeout"),
    ],
)
def test_bad_configuration_is_refused_up_front(options: dict[str, Any], argument: str) -> None:
    arguments: dict[str, Any] = {"sdk_key": KEY, "sdk_secret": SECRET, **options}

    with pytest.raises(SignatureArgumentError, match=argument) as info:
        signature_app(**arguments)
    assert SECRET not in str(info.value)


# --------------------------------------------------------------------------------------------
# the secret stays secret


async def test_the_secret_is_in_no_response_and_no_log_line(
    serve: Callable[[web.Application], Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    async def deny_hosts(request: web.Request, asked: SignatureRequest) -> bool:
        return asked.role == 0

    handler = signature_handler(
        KEY, SECRET, clock=FakeClock(NOW), cors_origins=[APP_ORIGIN], authorize=deny_hosts
    )
    app = web.Application()
    app.router.add_route("*", "/", handler)
    client = await serve(app)
    cors = {"Origin": APP_ORIGIN}
    calls = [
        client.post("/", json={"meetingNumber": "123456789", "role": 0}, headers=cors),
        client.post("/", json={"meetingNumber": "123456789", "role": 0, "videoWebRtcMode": 1}),
        client.post("/", json={"meetingNumber": "123456789", "role": 1}, headers=cors),
        client.post("/", json={"meetingNumber": "nope", "role": 0}, headers=cors),
        client.post("/", json={"meetingNumber": "123456789", "role": 7}),
        client.post("/", data=b"{oops"),
        client.post("/", data=b"x" * (DEFAULT_MAX_BODY_SIZE + 1)),
        client.get("/"),
        client.options("/", headers={**cors, "Access-Control-Request-Method": "POST"}),
        client.options(
            "/",
            headers={"Origin": "https://other.example", "Access-Control-Request-Method": "POST"},
        ),
        client.options("/"),
    ]
    seen: list[str] = []
    signatures: list[str] = []
    statuses = []
    for call in calls:
        response = await call
        statuses.append(response.status)
        body = await response.text()
        seen.append(body)
        seen.extend(f"{name}: {value}" for name, value in response.headers.items())
        if response.status == 200:
            signatures.append(json.loads(body)["signature"])

    assert statuses == [200, 200, 403, 400, 400, 400, 413, 405, 204, 403, 204]
    assert len(signatures) == 2
    logged = [caplog.text]
    for record in caplog.records:
        logged.append(record.getMessage())
        logged.append(repr(record.args))
        logged.append(repr(record.__dict__))
    assert any("signed a Meeting SDK signature" in line for line in logged)
    for text in seen + logged + [repr(app), repr(handler), str(app)]:
        assert SECRET not in text
    for text in logged:  # a signature is a credential too: it goes to the browser only
        assert all(signature not in text for signature in signatures)


# --------------------------------------------------------------------------------------------
# the development server


class _ListeningAt(logging.Handler):
    """Catches the 'listening on <url>' line the development server logs."""

    def __init__(self) -> None:
        super().__init__()
        self.url: str | None = None
        self.ready = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "listening on" in message:
            self.url = message.rsplit(" ", 1)[-1]
            self.ready.set()


async def test_run_signature_server_serves_until_cancelled() -> None:
    listening = _ListeningAt()
    logger = logging.getLogger("aiozoom.sdk")
    logger.addHandler(listening)
    previous_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        server = asyncio.create_task(
            run_signature_server(KEY, SECRET, port=0, cors_origins=[APP_ORIGIN])
        )
        ready = asyncio.create_task(listening.ready.wait())
        done, _ = await asyncio.wait(
            {server, ready}, timeout=10, return_when=asyncio.FIRST_COMPLETED
        )
        assert ready in done, "the server did not report its address"
        assert listening.url is not None and listening.url.startswith("http://127.0.0.1:")

        async with aiohttp.ClientSession() as session:
            async with session.post(
                listening.url,
                json={"meetingNumber": "123456789", "role": 0},
                headers={"Origin": APP_ORIGIN},
            ) as response:
                assert response.status == 200
                assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
                answer = await response.json()
            assert (
                pyjwt.decode(answer["signature"], SECRET, algorithms=["HS256"])["mn"] == "123456789"
            )

            server.cancel()
            with pytest.raises(asyncio.CancelledError):
                await server
            with pytest.raises(aiohttp.ClientConnectionError):
                async with session.post(listening.url, json={}):
                    pass
    finally:
        logger.removeHandler(listening)
        logger.setLevel(previous_level)


# --------------------------------------------------------------------------------------------
# slow clients

ORIGIN_HEADER = f"Origin: {APP_ORIGIN}\r\n"


async def test_a_body_trickling_in_past_read_timeout_gets_408_and_the_connection_is_closed(
    serve: Callable[[web.Application], Any], caplog: pytest.LogCaptureFixture
) -> None:
    client = await serve(make_app(read_timeout=0.3, cors_origins=[APP_ORIGIN]))
    port = client.server.port
    assert port is not None

    with caplog.at_level(logging.INFO, logger="aiozoom.sdk"):
        # A byte every 50 ms: never idle for long, so only a deadline on the whole body helps.
        answer = await asyncio.wait_for(trickle(port, headers=ORIGIN_HEADER), 5)

    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 ")
    assert b"connection: close" in head.lower()
    assert f"access-control-allow-origin: {APP_ORIGIN}".encode() in head.lower()
    assert json.loads(body)["error"] == "request_timeout"
    (warning,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "0.3" in warning.getMessage()
    assert SECRET not in caplog.text
    # Requests that arrive in time are still signed.
    response = await asyncio.wait_for(
        client.post("/", json={"meetingNumber": "123456789", "role": 0}), 5
    )
    assert response.status == 200


async def test_many_trickling_clients_are_all_answered_and_let_go(
    serve: Callable[[web.Application], Any],
) -> None:
    client = await serve(make_app(read_timeout=0.3))
    port = client.server.port
    assert port is not None

    answers = await asyncio.wait_for(
        asyncio.gather(*(trickle(port, headers=ORIGIN_HEADER) for _ in range(20))), 5
    )

    assert [answer.split(b" ", 2)[1] for answer in answers] == [b"408"] * 20


async def test_the_read_deadline_applies_on_any_route(
    serve: Callable[[web.Application], Any],
) -> None:
    app = web.Application()
    app.router.add_route(
        "*", "/api/zoom-signature", signature_handler(KEY, SECRET, read_timeout=0.3)
    )
    client = await serve(app)
    port = client.server.port
    assert port is not None

    answer = await asyncio.wait_for(trickle(port, "/api/zoom-signature", headers=ORIGIN_HEADER), 5)

    assert answer.startswith(b"HTTP/1.1 408 ")


async def test_the_development_server_drops_a_client_trickling_its_headers() -> None:
    listening = _ListeningAt()
    logger = logging.getLogger("aiozoom.sdk")
    logger.addHandler(listening)
    previous_level = logger.level
    logger.setLevel(logging.INFO)
    server = asyncio.create_task(run_signature_server(KEY, SECRET, port=0, header_timeout=0.5))
    try:
        await asyncio.wait_for(listening.ready.wait(), 10)
        assert listening.url is not None
        port = int(listening.url.rstrip("/").rsplit(":", 1)[1])
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")

        async def drip() -> None:
            with contextlib.suppress(ConnectionError):
                while True:
                    await asyncio.sleep(0.05)  # the client's pace, not a wait for the server
                    writer.write(b"a")
                    await writer.drain()

        dripping = asyncio.create_task(drip())
        try:
            with contextlib.suppress(ConnectionResetError):
                # The headers never end; the server closes without an answer.
                assert await asyncio.wait_for(reader.read(), 5) == b""
        finally:
            dripping.cancel()
            await asyncio.wait({dripping})
            writer.close()
    finally:
        server.cancel()
        await asyncio.wait({server})
        logger.removeHandler(listening)
        logger.setLevel(previous_level)

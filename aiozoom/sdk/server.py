"""An aiohttp endpoint that hands a browser its Meeting SDK signature, mountable as is.

A web page embedding Zoom's Meeting SDK asks its backend for a signature before it joins::

    POST /   {"meetingNumber": "123 4567 8901", "role": 0}
    200      {"signature": "<JWT>", "sdkKey": "<SDK key>"}

:func:`signature_handler` is that handler (add it to any route), :func:`signature_app` a sub-app
answering at its root, and :func:`run_signature_server` a stand-alone server for local development.
Requests are checked field by field (a 400 names the field), bodies are capped (413) and must
arrive within ``read_timeout`` seconds (408, connection closed), CORS is off unless origins are
listed, and the SDK secret never appears in a response, a ``repr`` or a log line (logger
``aiozoom.sdk``). The signing itself is :func:`aiozoom.sdk.meeting_sdk_signature`.

The endpoint signs for whoever can reach it: mount it behind your own authentication, or pass
``authorize`` to decide per request which meetings and roles a caller may sign for.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import math
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from aiohttp import web

from aiozoom._serving import send_and_close
from aiozoom.sdk.signatures import (
    DEFAULT_EXPIRES_IN,
    Clock,
    SignatureArgumentError,
    _lifetime,
    _require_flag,
    _require_text,
    meeting_sdk_signature,
    normalize_meeting_number,
)

__all__ = [
    "DEFAULT_HEADER_TIMEOUT",
    "DEFAULT_MAX_BODY_SIZE",
    "DEFAULT_READ_TIMEOUT",
    "Authorize",
    "SignatureRequest",
    "run_signature_server",
    "signature_app",
    "signature_handler",
]

logger = logging.getLogger("aiozoom.sdk")

DEFAULT_MAX_BODY_SIZE = 4096
"""Bytes; a signature request is a few dozen, anything much larger is refused with a 413."""

DEFAULT_READ_TIMEOUT = 5.0
"""Seconds a request body may take to arrive after its headers; a browser sends it at once."""

DEFAULT_HEADER_TIMEOUT = 10.0
"""Seconds :func:`run_signature_server` gives a connection to deliver a request's headers."""

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_ORIGIN = re.compile(r"https?://[^/\s?#]+")
_HEADER_LIST = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*")
_ALLOWED_METHODS = "OPTIONS, POST"


@attrs.frozen
class SignatureRequest:
    """A checked signature request: what the browser asked to be signed."""

    meeting_number: str
    """The meeting number's digits (spaces removed, leading zeros kept)."""
    role: int
    """0 attendee, 1 host."""
    video_webrtc_mode: int | None = None


Authorize = Callable[[web.Request, SignatureRequest], Awaitable[bool]]
"""``await authorize(request, signature_request)``: ``False`` answers 403. It may also raise an
``aiohttp.web.HTTPException`` (e.g. ``HTTPUnauthorized``) to answer differently."""


@attrs.frozen
class _Signer:
    """The credentials and lifetime; the secret is kept out of ``repr``."""

    sdk_key: str
    sdk_secret: str = attrs.field(repr=False)
    expires_in: int
    clock: Clock = attrs.field(repr=False)

    def sign(self, request: SignatureRequest) -> tuple[str, int]:
        now = self.clock()
        signature = meeting_sdk_signature(
            self.sdk_key,
            self.sdk_secret,
            request.meeting_number,
            request.role,
            expires_in=self.expires_in,
            now=now,
            video_webrtc_mode=request.video_webrtc_mode,
        )
        return signature, int(now) + self.expires_in


@attrs.frozen
class _Cors:
    """Which browser origins may read the answers. ``*`` allows any."""

    origins: frozenset[str]

    @classmethod
    def from_config(cls, origins: Iterable[str]) -> _Cors:
        if isinstance(origins, str):
            origins = (origins,)
        normalized = set()
        for origin in origins:
            if not isinstance(origin, str):
                raise SignatureArgumentError(
                    "cors_origins", "cors_origins must be strings such as 'https://app.example.com'"
                )
            origin = origin.strip().rstrip("/").lower()
            if origin != "*" and not _ORIGIN.fullmatch(origin):
                raise SignatureArgumentError(
                    "cors_origins",
                    "cors_origins must be '*' or origins such as 'https://app.example.com' "
                    "(scheme, host and optional port; no path)",
                )
            normalized.add(origin)
        return cls(frozenset(normalized))

    @property
    def enabled(self) -> bool:
        return bool(self.origins)

    def allows(self, origin: str | None) -> bool:
        return origin is not None and ("*" in self.origins or origin.lower() in self.origins)

    def headers(self, origin: str | None) -> dict[str, str]:
        """Headers for an actual (non-preflight) response to a request from ``origin``."""
        if not self.enabled:
            return {}
        headers = {"Vary": "Origin"}
        if origin is not None and self.allows(origin):
            headers["Access-Control-Allow-Origin"] = "*" if "*" in self.origins else origin
        return headers


# --------------------------------------------------------------------------------------------
# pure decisions


def _parse_request(body: bytes) -> SignatureRequest:
    """Check a request body; a bad one raises ``SignatureArgumentError`` naming the JSON field."""
    try:
        data = json.loads(body.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        raise SignatureArgumentError(
            "body", 'the body must be a JSON object such as {"meetingNumber": "...", "role": 0}'
        )
    if data.get("meetingNumber") is None:
        raise SignatureArgumentError("meetingNumber", "meetingNumber is required")
    meeting_number = normalize_meeting_number(data["meetingNumber"], "meetingNumber")
    if data.get("role") is None:
        raise SignatureArgumentError("role", "role is required (0 attendee, 1 host)")
    role = _require_flag("role", _int_text(data["role"]), "0 attendee, 1 host")
    mode = data.get("videoWebRtcMode")
    if mode is not None:
        mode = _require_flag("videoWebRtcMode", _int_text(mode), "0 off, 1 on")
    return SignatureRequest(meeting_number, role, mode)


def _int_text(value: object) -> object:
    """``"0"``/``"1"`` as numbers, as Zoom's own endpoint sample accepts them."""
    if isinstance(value, str) and value in ("0", "1"):
        return int(value)
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _error(
    status: int, error: str, message: str, headers: Mapping[str, str], **extra: str
) -> web.Response:
    payload = {"error": error, **extra, "message": message}
    return web.json_response(
        payload, status=status, headers={**headers, "Cache-Control": "no-store"}
    )


class _TooLarge(Exception):
    pass


def _seconds_argument(name: str, value: object) -> float:
    """``value`` as float seconds, finite and > 0; else ``SignatureArgumentError`` naming it."""
    problem = SignatureArgumentError(name, f"{name} must be a finite number of seconds > 0")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise problem
    # Exact comparisons: NaN fails them, and an int of any size is compared without overflow.
    if not 0 < value < math.inf:
        raise problem
    try:
        return float(value)
    except OverflowError:
        raise problem from None


async def _read_body(request: web.Request, limit: int) -> bytes:
    if request.content_length is not None and request.content_length > limit:
        raise _TooLarge
    data = bytearray()
    while chunk := await request.content.read(limit + 1 - len(data)):
        data += chunk
        if len(data) > limit:
            raise _TooLarge
    return bytes(data)


def _preflight(request: web.Request, cors: _Cors) -> web.Response:
    origin = request.headers.get("Origin")
    if origin is None or "Access-Control-Request-Method" not in request.headers:
        return web.Response(status=204, headers={"Allow": _ALLOWED_METHODS})
    if not cors.allows(origin):
        logger.info("refused a CORS preflight from an origin not in cors_origins: %s", origin)
        return _error(
            403,
            "origin_not_allowed",
            "this origin may not call the signature endpoint",
            {"Vary": "Origin"},
        )
    headers = cors.headers(origin)
    headers["Access-Control-Allow-Methods"] = _ALLOWED_METHODS
    requested = request.headers.get("Access-Control-Request-Headers", "").strip()
    headers["Access-Control-Allow-Headers"] = (
        requested if _HEADER_LIST.fullmatch(requested) else "Content-Type"
    )
    headers["Access-Control-Max-Age"] = "600"
    return web.Response(status=204, headers=headers)


# --------------------------------------------------------------------------------------------
# the handler, the sub-app and the development server


def signature_handler(
    sdk_key: str,
    sdk_secret: str,
    *,
    expires_in: int | timedelta = DEFAULT_EXPIRES_IN,
    clock: Clock | None = None,
    cors_origins: Iterable[str] = (),
    authorize: Authorize | None = None,
    max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
) -> Handler:
    """The request handler: answers ``POST`` with a signature and ``OPTIONS`` (CORS preflight).

    Add it with ``app.router.add_route("*", "/zoom/signature", handler)`` (other methods get a
    405). ``POST`` takes JSON ``{"meetingNumber": str | int, "role": 0 | 1, "videoWebRtcMode":
    0 | 1 (optional)}`` and answers ``{"signature", "sdkKey"}`` with ``Cache-Control: no-store``;
    unknown fields are ignored. Errors are JSON: 400 ``{"error": "invalid_request", "field",
    "message"}`` (``field`` is ``"body"`` when the body is not a JSON object), 403
    ``{"error": "forbidden"}`` when ``authorize`` says no, 413 ``{"error": "payload_too_large"}``
    above ``max_body_size`` bytes, 408 ``{"error": "request_timeout"}`` when the body has not fully
    arrived ``read_timeout`` seconds (default 5) after the headers. A 408 closes the connection and
    is logged at WARNING, so clients trickling bytes cannot hold connections open.

    ``cors_origins`` lists the browser origins (``"https://app.example.com"``, or ``"*"``) whose
    pages may read the answers: their ``Origin`` is echoed in ``Access-Control-Allow-Origin`` and
    their preflights answered; other origins' preflights get a 403. Same-origin pages need no
    entry. ``expires_in`` is each signature's ``exp - iat`` (1,800 to 172,800 s), checked now;
    ``clock`` returns Unix seconds (for tests).
    """
    _require_text("sdk_key", sdk_key)
    _require_text("sdk_secret", sdk_secret)
    if isinstance(max_body_size, bool) or not isinstance(max_body_size, int) or max_body_size < 1:
        raise SignatureArgumentError(
            "max_body_size", "max_body_size must be a positive number of bytes"
        )
    read_timeout = _seconds_argument("read_timeout", read_timeout)
    signer = _Signer(sdk_key, sdk_secret, _lifetime(expires_in), clock or time.time)
    cors = _Cors.from_config(cors_origins)

    async def handle_signature_request(request: web.Request) -> web.StreamResponse:
        if request.method == "OPTIONS":
            return _preflight(request, cors)
        headers = cors.headers(request.headers.get("Origin"))
        if request.method != "POST":
            headers["Allow"] = _ALLOWED_METHODS
            return _error(405, "method_not_allowed", "use POST", headers)
        try:
            async with asyncio.timeout(read_timeout):
                body = await _read_body(request, max_body_size)
            parsed = _parse_request(body)
        except TimeoutError:
            logger.warning(
                "refused a signature request from %s: body not received within read_timeout "
                "(%g s); closing the connection",
                request.remote,
                read_timeout,
            )
            response = _error(
                408,
                "request_timeout",
                f"the body must arrive within {read_timeout:g} s",
                headers,
            )
            return await send_and_close(request, response)
        except _TooLarge:
            logger.info("refused a signature request: body over %d bytes", max_body_size)
            return _error(
                413, "payload_too_large", f"the body must be at most {max_body_size} bytes", headers
            )
        except SignatureArgumentError as exc:
            logger.info("refused a signature request: %s", exc)
            return _error(400, "invalid_request", str(exc), headers, field=exc.argument)
        if authorize is not None:
            try:
                allowed = await authorize(request, parsed)
            except web.HTTPException as exc:
                exc.headers.update(headers)
                raise
            if not allowed:
                logger.info(
                    "refused a signature for meeting %s, role %d: not authorized",
                    parsed.meeting_number,
                    parsed.role,
                )
                return _error(
                    403, "forbidden", "not allowed to sign for this meeting and role", headers
                )
        signature, expires_at = signer.sign(parsed)
        logger.info(
            "signed a Meeting SDK signature for meeting %s, role %d, valid until %s",
            parsed.meeting_number,
            parsed.role,
            datetime.fromtimestamp(expires_at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        headers["Cache-Control"] = "no-store"
        return web.json_response({"signature": signature, "sdkKey": sdk_key}, headers=headers)

    return handle_signature_request


def signature_app(
    sdk_key: str,
    sdk_secret: str,
    *,
    cors_origins: Iterable[str] = (),
    expires_in: int | timedelta = DEFAULT_EXPIRES_IN,
    clock: Clock | None = None,
    authorize: Authorize | None = None,
    max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
) -> web.Application:
    """A sub-application answering signature requests at its root (see :func:`signature_handler`).

    Mount it with ``app.add_subapp("/zoom/signature/", signature_app(key, secret))``; the browser
    then posts to ``/zoom/signature/`` (aiohttp sub-apps answer under their prefix, with the
    slash). To answer at a path without the trailing slash, add :func:`signature_handler` to a
    route instead.
    """
    handler = signature_handler(
        sdk_key,
        sdk_secret,
        expires_in=expires_in,
        clock=clock,
        cors_origins=cors_origins,
        authorize=authorize,
        max_body_size=max_body_size,
        read_timeout=read_timeout,
    )
    app = web.Application()
    app.router.add_route("*", "/", handler)
    return app


async def run_signature_server(
    sdk_key: str,
    sdk_secret: str,
    *,
    host: str = "127.0.0.1",
    port: int = 4000,
    cors_origins: Iterable[str] = (),
    expires_in: int | timedelta = DEFAULT_EXPIRES_IN,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    header_timeout: float = DEFAULT_HEADER_TIMEOUT,
) -> None:
    """Serve :func:`signature_app` at ``http://host:port/`` until cancelled, for local development.

    Binds loopback by default; a warning is logged when it listens anywhere else, since anyone
    who can reach it gets signatures. The bound address (useful with ``port=0``) is logged at INFO
    on logger ``aiozoom.sdk``. For production, mount :func:`signature_app` in your own app.

    ``read_timeout`` bounds the wait for a request body (see :func:`signature_handler`).
    ``header_timeout`` (default 10 s) is passed to aiohttp as its ``keepalive_timeout``, which is
    aiohttp's only deadline on request headers: a connection that has not delivered complete
    headers that many seconds after it opened, or after its previous response, is closed without
    an answer. The same limit closes idle keep-alive connections.
    """
    header_timeout = _seconds_argument("header_timeout", header_timeout)
    app = signature_app(
        sdk_key,
        sdk_secret,
        cors_origins=cors_origins,
        expires_in=expires_in,
        read_timeout=read_timeout,
    )
    runner = web.AppRunner(app, keepalive_timeout=header_timeout)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        if not _is_loopback(host):
            logger.warning(
                "the signature endpoint listens on %s, not loopback: anyone who can reach it "
                "can get Meeting SDK signatures",
                host,
            )
        for address in runner.addresses:
            logger.info("Meeting SDK signature endpoint listening on %s", _url(address))
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url(address: Any) -> str:
    if isinstance(address, tuple) and len(address) >= 2:
        host, port = address[0], address[1]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/"
    return str(address)

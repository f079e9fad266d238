"""The fake Zoom's file host: where a recording's ``download_url`` redirects, serving its bytes.

Zoom's ``download_url`` is on its web host; it checks the bearer token and answers ``302`` to a
storage host with a short-lived signed URL, which needs no ``Authorization``. The fake does the
same on three loopback origins: the API and web host (``fake.origin``), and this file host
(``fake.file_host_origin``), a server of its own::

    GET {fake.origin}/rec/download/{file_id}        Authorization: Bearer <token>
    302 Location: {fake.file_host_origin}/file/{file_id}?expires=<unix time>&sig=<hex HMAC>
    GET {fake.file_host_origin}/file/{file_id}?expires=...&sig=...   (Range: bytes=N- works)

The file host answers ``200`` with the whole file, or ``206`` with ``Content-Range`` for a
single ``Range: bytes=N-``, ``bytes=N-M`` or ``bytes=-N``; a range that starts past the end is
``416`` with ``Content-Range: bytes */SIZE``. Ranges it cannot use (several at once, malformed)
are ignored, as HTTP allows: the whole file is sent. A missing, wrong or expired signature is
``403``; a file since trashed or deleted ``404``. Bodies are streamed in 64 KiB writes from
:func:`~aiozoom.testing._recordings.file_chunks`, never built whole.

Test hooks: :attr:`FileHost.requests` (every request it got), :attr:`FileHost.bytes_sent`, and
:meth:`FileHost.drop_connections` (cut the next responses short). A client that stops reading is
cut off: each write must finish within :attr:`FileHost.write_timeout`.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
import secrets
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from email.utils import formatdate

import attrs
from aiohttp import web
from multidict import CIMultiDict, CIMultiDictProxy

from aiozoom.testing._loopback import serve
from aiozoom.testing._recordings import RecordingStore, file_chunks

__all__ = ["FileHost", "FileRequest", "RangeNotSatisfiable", "parse_range"]

_RANGE = re.compile(r"bytes=(\d{0,18})-(\d{0,18})")


@attrs.frozen
class FileRequest:
    """One request the file host got, recorded on arrival (before it is answered)."""

    method: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str] = attrs.field(repr=False)
    """The request's headers as received: a read-only, case-insensitive mapping."""
    range: str | None
    """The ``Range`` header, if there was one."""


class RangeNotSatisfiable(Exception):
    """A ``Range`` that starts at or past the end of the file (answered ``416``)."""


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The ``(start, end)`` (end exclusive) a ``Range`` header asks of a ``size``-byte file.

    ``None``: send the whole file (no header, or one that is malformed or names several ranges,
    which a server may ignore). Raises :class:`RangeNotSatisfiable` for a range that starts past
    the end (or a suffix of zero bytes, or any range of an empty file).
    """
    if header is None:
        return None
    match = _RANGE.fullmatch(header.strip().replace(" ", ""))
    if match is None:
        return None
    first, last = match.groups()
    if not first:
        if not last:
            return None
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable
        return max(0, size - suffix), size
    start = int(first)
    if last and int(last) < start:
        return None  # an invalid range: ignored
    if start >= size:
        raise RangeNotSatisfiable
    return start, size if not last else min(int(last) + 1, size)


class FileHost:
    """A small aiohttp server on its own loopback port serving recording files (see the module).

    It reads files from ``recordings``; ``clock`` is the fake Zoom's clock (signature expiry).
    """

    def __init__(
        self,
        recordings: RecordingStore,
        clock: Callable[[], float],
        *,
        host: str = "127.0.0.1",
    ) -> None:
        self.recordings = recordings
        self.clock = clock
        self.requests: list[FileRequest] = []
        """Every request the file host got, in order of arrival."""
        self.bytes_sent = 0
        """Body bytes written to clients, over all responses (cut ones included)."""
        self.write_timeout = 10.0
        """Seconds one 64 KiB write may wait for a client to read before the connection is
        aborted; also how long a cut connection may take to flush before it is aborted."""
        self.stalled_clients = 0
        """Responses abandoned (connection aborted) because the client stopped reading."""
        self.url_ttl = 300
        """Seconds (on the fake's clock) a signed URL from :meth:`signed_url` is valid."""
        self._key = secrets.token_bytes(32)
        self._host = host
        self._port = 0
        self._runner: web.AppRunner | None = None
        self._drops_left = 0
        self._drop_after = 0
        self._timers: set[asyncio.TimerHandle] = set()
        self._stalled = asyncio.Condition()
        self.app = web.Application(middlewares=[self._record])
        self.app.router.add_get("/file/{fileId}", self._serve)

    def __repr__(self) -> str:
        return f"FileHost(origin={self.origin if self._runner else '<not started>'!r})"

    async def start(self) -> None:
        self._runner, (self._port,) = await serve(self.app, self._host, self._port)

    async def close(self) -> None:
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT`` of the file host."""
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self._port}"

    def signed_url(self, file_id: str) -> str:
        """A URL of ``file_id`` on this host, valid for :attr:`url_ttl` seconds."""
        expires = int(self.clock()) + self.url_ttl
        return f"{self.origin}/file/{file_id}?expires={expires}&sig={self._sign(file_id, expires)}"

    def drop_connections(self, times: int = 3, after_bytes: int = 5 * 1024 * 1024) -> None:
        """Cut the next ``times`` responses whose body is longer than ``after_bytes``: each
        sends its headers and exactly ``after_bytes`` bytes of body, then the connection
        closes. Replaces any earlier call (``times=0`` cancels)."""
        if times < 0 or after_bytes < 0:
            raise ValueError("times and after_bytes must be >= 0")
        self._drops_left = times
        self._drop_after = after_bytes

    async def wait_stalled_clients(self, count: int) -> None:
        """Wait until :attr:`stalled_clients` reaches ``count`` (bound it with a timeout)."""
        async with self._stalled:
            await self._stalled.wait_for(lambda: self.stalled_clients >= count)

    # -- serving ------------------------------------------------------------------------------

    def _sign(self, file_id: str, expires: int) -> str:
        message = f"{file_id}:{expires}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def _signature_problem(self, file_id: str, query: Mapping[str, str]) -> str | None:
        raw_expires = query.get("expires", "")
        if not raw_expires.isascii() or not raw_expires.isdigit() or len(raw_expires) > 12:
            return "Query-string authentication requires the expires and sig parameters."
        expires = int(raw_expires)
        if not hmac.compare_digest(query.get("sig", ""), self._sign(file_id, expires)):
            return "The request signature does not match."
        if expires <= self.clock():
            return "Request has expired."
        return None

    @web.middleware
    async def _record(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        self.requests.append(
            FileRequest(
                method=request.method,
                path=request.path,
                query=dict(request.query),
                headers=CIMultiDictProxy(CIMultiDict(request.headers)),
                range=request.headers.get("Range"),
            )
        )
        return await handler(request)

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        file_id = request.match_info["fileId"]
        problem = self._signature_problem(file_id, request.query)
        if problem is not None:
            return web.json_response({"code": "AccessDenied", "message": problem}, status=403)
        found = self.recordings.downloadable(file_id)
        if found is None:
            return web.json_response(
                {"code": "NoSuchKey", "message": "The specified file does not exist."}, status=404
            )
        f, rec = found
        size = f.file_size
        try:
            span = parse_range(request.headers.get("Range"), size)
        except RangeNotSatisfiable:
            return web.Response(
                status=416, headers={"Content-Range": f"bytes */{size}", "Accept-Ranges": "bytes"}
            )
        start, end = span if span is not None else (0, size)
        response = web.StreamResponse(status=200 if span is None else 206)
        response.content_type = f.kind.content_type
        response.content_length = end - start
        stamp = datetime.fromtimestamp(rec.start, UTC).strftime("GMT%Y%m%d-%H%M%S")
        response.headers.update(
            {
                "Accept-Ranges": "bytes",
                "ETag": f'"{f.id}-{size}"',
                "Last-Modified": formatdate(f.recording_end, usegmt=True),
                "Content-Disposition": (
                    f'attachment; filename="{stamp}_Recording_{f.file_type.lower()}'
                    f'.{f.kind.file_extension.lower()}"'
                ),
            }
        )
        if span is not None:
            response.headers["Content-Range"] = f"bytes {start}-{end - 1}/{size}"
        cut = self._drops_left > 0 and request.method == "GET" and end - start > self._drop_after
        if cut:
            self._drops_left -= 1
        transport = request.transport
        try:
            async with asyncio.timeout(self.write_timeout):
                await response.prepare(request)
            if request.method == "HEAD":
                return response
            stop = start + self._drop_after if cut else end
            for piece in file_chunks(f.id, size, start, stop):
                async with asyncio.timeout(self.write_timeout):
                    await response.write(piece)
                self.bytes_sent += len(piece)
        except TimeoutError:  # the client stopped reading: give up on it
            if transport is not None:
                transport.abort()
            async with self._stalled:
                self.stalled_clients += 1
                self._stalled.notify_all()
            return response
        except ConnectionError:  # the client went away
            return response
        if cut:
            self._cut(transport)
        return response

    def _cut(self, transport: asyncio.Transport | None) -> None:
        """Close mid-body: what was written is flushed first, so the client gets exactly that;
        a client that does not read it within :attr:`write_timeout` is aborted."""
        if transport is None or transport.is_closing():
            return
        transport.close()
        loop = asyncio.get_running_loop()

        def abort() -> None:
            self._timers.discard(timer)
            transport.abort()

        timer = loop.call_later(self.write_timeout, abort)
        self._timers.add(timer)

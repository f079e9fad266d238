"""Cloud recording files to disk: streamed, resumable, verified, never whole in memory.

``await zoom.recordings.download(recording_file, dest)`` takes one file of a recording list or of
a ``recording.completed`` event (anything with ``download_url``, ``file_size``, ``id``, ...):

- the file is fetched from its ``download_url`` with a bearer token in the ``Authorization``
  header -- the event's ``download_token``, a ``download_access_token`` from the recordings API,
  or the client's own token -- and never in the URL;
- redirects are followed by hand, and the token goes only to the ``download_url``'s own origin:
  the file host a redirect leads to gets no ``Authorization``;
- bytes go to ``<dest>.part`` in chunks (memory stays at one chunk), and the file is renamed into
  place only when complete, its size matches ``file_size`` and, where Zoom gives one (archived
  files' ``encryption_fingerprint``), its SHA-256 matches;
- a dropped connection resumes with ``Range: bytes=N-`` where it stopped, also after a crash
  (the ``.part`` file is the state); an attempt that made no progress backs off as the client's
  retry policy says;
- ``progress(done, total)`` is called as bytes arrive.

``download_recordings(...)`` (``zoom.recordings.download_all``) fetches every file of a user's (or
the whole account's) recordings between two dates, splitting the range into Zoom's one-month
windows, a bounded number of files at a time, and skipping files already complete on disk.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
import attrs
from aiohttp import hdrs
from yarl import URL

from aiozoom.errors import ZoomConnectionError, ZoomError
from aiozoom.http._failures import describe, safe_cause
from aiozoom.http._headers import header_int
from aiozoom.retry import RetryPolicy

if TYPE_CHECKING:
    from aiozoom.client import ZoomClient

__all__ = [
    "DownloadError",
    "DownloadResult",
    "RecordingDownloads",
    "date_windows",
    "download_file",
    "download_recordings",
    "recording_path",
]

Progress = Callable[[int, int | None], object]
"""``progress(bytes_done, bytes_total)``; the total is ``None`` when Zoom gave no size."""

CHUNK_SIZE = 1024 * 1024
MAX_REDIRECTS = 10
WINDOW_DAYS = 28
"""Days per recordings query: within "one month" whichever month a window starts in."""

DOWNLOAD_TIMEOUT = aiohttp.ClientTimeout(total=None, sock_connect=10.0, sock_read=60.0)
"""A file may take long in all; no read may stall for more than a minute."""

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_DEST_LOCKS: dict[str, asyncio.Lock] = {}
"""A lock per destination being written in this process; the second caller finds it done."""
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")


class DownloadError(ZoomError):
    """A recording file could not be downloaded completely (the ``.part`` file is kept)."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None):
        super().__init__(message)
        self.url = url
        self.status = status


@attrs.frozen
class DownloadResult:
    """What :func:`download_recordings` did."""

    downloaded: tuple[Path, ...] = ()
    skipped: tuple[Path, ...] = ()
    """Files already complete on disk."""
    failed: tuple[tuple[Path, ZoomError], ...] = ()

    @property
    def ok(self) -> bool:
        return not self.failed


def _field(item: Any, name: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(name)
    return getattr(item, name, None)


def _size(item: Any) -> int | None:
    value = _field(item, "file_size")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _sha256(item: Any) -> str | None:
    """The SHA-256 Zoom gives for a file, if any (archived files: ``encryption_fingerprint``)."""
    for name in ("sha256", "encryption_fingerprint"):
        value = _field(item, name)
        if isinstance(value, str) and _HEX64.fullmatch(value):
            return value.lower()
    return None


def _origin(url: URL) -> tuple[str | None, str | None, int | None]:
    return (url.scheme, url.host, url.port)


def _content_range(value: str | None) -> tuple[int | None, int | None]:
    """The first byte and the total of ``Content-Range: bytes START-END/TOTAL`` (``None`` where
    absent or unreadable; the total is ``None`` for ``*``)."""
    if not value:
        return None, None
    unit, _, spec = value.strip().partition(" ")
    if unit.lower() != "bytes":
        return None, None
    span, _, total = spec.partition("/")
    return header_int(span.partition("-")[0]), header_int(total)


def _announced_size(resp: aiohttp.ClientResponse, have: int) -> int | None:
    """The file's size as the answer gives it (``Content-Length`` of a 200, the total of a 206)."""
    if resp.status == 206:
        return _content_range(resp.headers.get(hdrs.CONTENT_RANGE))[1]
    return resp.content_length


def _safe(text: str, limit: int = 80) -> str:
    cleaned = _UNSAFE.sub("_", text).strip("._")
    return cleaned[:limit] or "file"


def recording_path(root: str | os.PathLike[str], meeting: Any, file: Any) -> Path:
    """Where :func:`download_recordings` puts a file: ``root/DATE_TOPIC_ID/TYPE_FILEID.EXT``.

    Every part is cleaned of characters that are not safe in file names.
    """
    start = str(_field(meeting, "start_time") or "")[:10] or "undated"
    topic = str(_field(meeting, "topic") or "meeting")
    meeting_id = str(_field(meeting, "id") or _field(meeting, "uuid") or "")
    kind = str(_field(file, "recording_type") or _field(file, "file_type") or "file")
    extension = str(_field(file, "file_extension") or _field(file, "file_type") or "bin")
    folder = _safe(f"{start}_{topic}_{meeting_id}", 120)
    file_id = (
        _field(file, "id")
        or hashlib.sha256(str(_field(file, "download_url") or "").encode()).hexdigest()[:16]
    )  # files without an id still get names of their own
    name = f"{_safe(kind, 60)}_{_safe(str(file_id), 60)}.{_safe(extension, 10)}"
    return Path(root) / folder / name.lower()


def date_windows(start: date, end: date, days: int = WINDOW_DAYS) -> list[tuple[date, date]]:
    """``[start, end]`` as consecutive windows of at most ``days`` days (both ends included)."""
    if end < start:
        raise ValueError("the end date must not be before the start date")
    windows = []
    low = start
    while low <= end:
        high = min(end, low + timedelta(days=days - 1))
        windows.append((low, high))
        low = high + timedelta(days=1)
    return windows


def _complete(path: Path, total: int | None) -> bool:
    """Whether ``path`` holds a finished download of ``total`` bytes (one ``stat`` call)."""
    try:
        return total is not None and path.stat().st_size == total
    except OSError:  # not there, or not reachable: not complete
        return False


async def _write(handle: Any, chunk: bytes) -> None:
    await asyncio.to_thread(handle.write, chunk)


class _Transfer:
    """One file's download: the request loop, the redirects and the ``.part`` file."""

    def __init__(
        self,
        client: ZoomClient,
        url: URL,
        dest: Path,
        total: int | None,
        access_token: str | None,
        progress: Progress | None,
        chunk_size: int,
        policy: RetryPolicy,
        identity: str,
    ) -> None:
        self.client = client
        self.url = url
        self.dest = dest
        self.part = dest.with_name(f"{dest.name}.{identity}.part")
        self.total = total
        self.access_token = access_token
        self.progress = progress
        self.chunk_size = chunk_size
        self.policy = policy
        self.sha256: str | None = None
        """The file's SHA-256 (hex) where Zoom gives one, checked before the rename."""
        self.public_url = str(url.with_query(None))
        """The download URL as errors show it: without a query (signed URLs carry secrets)."""

    async def token(self, session: aiohttp.ClientSession) -> str:
        if self.access_token is not None:
            return self.access_token
        return await self.client.auth.get_token(session)

    async def open(self, session: aiohttp.ClientSession, have: int) -> aiohttp.ClientResponse:
        """The answer to a GET from ``have`` on, after redirects (token only to Zoom's origin)."""
        url = self.url
        token = await self.token(session)
        refreshed = False
        for _ in range(MAX_REDIRECTS + 1):
            headers = {hdrs.ACCEPT_ENCODING: "identity"}
            if have:
                headers[hdrs.RANGE] = f"bytes={have}-"
            if _origin(url) == _origin(self.url):
                headers[hdrs.AUTHORIZATION] = f"Bearer {token}"
            resp = await session.get(
                url,
                headers=headers,
                allow_redirects=False,
                middlewares=(),
                timeout=DOWNLOAD_TIMEOUT,
                raise_for_status=False,
            )
            if resp.status in (301, 302, 303, 307, 308):
                location = resp.headers.get(hdrs.LOCATION)
                resp.release()
                if not location:
                    raise DownloadError(
                        f"{self}: a redirect without a Location", url=self.public_url
                    )
                url = url.join(URL(location))
                if url.scheme not in ("http", "https"):
                    raise DownloadError(f"{self}: a redirect to a {url.scheme} URL")
                continue
            if (
                resp.status == 401
                and not refreshed
                and self.access_token is None
                and _origin(url) == _origin(self.url)
            ):
                resp.release()
                await self.client.auth.invalidate(token)  # a dead token: once more, fresh
                token = await self.token(session)
                refreshed = True
                continue
            return resp
        raise DownloadError(f"{self}: more than {MAX_REDIRECTS} redirects", url=self.public_url)

    def __str__(self) -> str:
        return f"downloading {self.dest.name}"

    async def run(self) -> Path:
        if _complete(self.dest, self.total):
            self._report(self.total or 0)
            return self.dest  # complete already
        try:
            self.dest.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._local(exc) from None
        session = self.client.session
        stalled = 0  # attempts in a row that added nothing to the .part file
        while True:
            have = self._have()
            if self.total is not None and have > self.total:
                self.part.unlink()  # longer than the file: not this file's bytes
                have = 0
            error: BaseException | None = None
            try:
                if await self._attempt(session, have):
                    return await asyncio.to_thread(self._finish)
            except aiohttp.ClientResponseError as exc:
                raise DownloadError(f"{self}: {describe(exc)}", url=self.public_url) from None
            except (aiohttp.ClientError, OSError, TimeoutError, asyncio.IncompleteReadError) as exc:
                error = exc  # a dropped connection or a stalled read: resume from what we have
            now = self._have()
            stalled = 0 if now > have else stalled + 1
            if stalled >= self.policy.attempts:
                what = describe(error) if error is not None else "no progress"
                failure = ZoomConnectionError(
                    f"{self}: {what} ({stalled} attempts without progress; the {now} bytes "
                    f"received are kept in {self.part.name})",
                    method="GET",
                    url=self.public_url,
                )
                raise failure from (safe_cause(error) if error is not None else None)
            if stalled:
                await self.policy.sleep(self.policy.backoff_wait(stalled, self.policy.rng.random()))

    def _local(self, exc: OSError) -> DownloadError:
        """A failure of the local disk: reported, not retried (a resume would fail the same)."""
        return DownloadError(
            f"{self}: cannot write {self.part.parent}: {exc.strerror or type(exc).__name__}",
            url=self.public_url,
        )

    def _have(self) -> int:
        return self.part.stat().st_size if self.part.exists() else 0

    async def _attempt(self, session: aiohttp.ClientSession, have: int) -> bool:
        """One request: append what arrives to the ``.part`` file; ``True`` when it is whole."""
        resp = await self.open(session, have)
        async with resp:
            if resp.status == 416 and have and (self.total is None or have == self.total):
                return True  # nothing after what we have: complete
            if resp.status == 200:
                have = 0  # the whole file, from the start (the server ignored Range)
            elif resp.status == 206:
                start, size = _content_range(resp.headers.get(hdrs.CONTENT_RANGE))
                if start != have or (self.total is not None and size not in (None, self.total)):
                    have = 0
                    self.part.unlink(missing_ok=True)
                    return False  # not where we stopped: start over, with a plain request
            else:
                raise DownloadError(
                    f"{self}: HTTP {resp.status} from {resp.url.host}",
                    url=self.public_url,
                    status=resp.status,
                )
            if self.total is None:
                self.total = _announced_size(resp, have)
                if self.total is None:
                    raise DownloadError(
                        f"{self}: neither Zoom nor the file host says how large the file is",
                        url=self.public_url,
                    )
            mode = "ab" if have else "wb"
            try:
                handle = self.part.open(mode)
            except OSError as exc:
                raise self._local(exc) from None
            with handle:
                done = have
                self._report(done)
                async for chunk in resp.content.iter_chunked(self.chunk_size):
                    try:
                        await _write(handle, chunk)
                    except OSError as exc:
                        raise self._local(exc) from None
                    done += len(chunk)
                    if self.total is not None and done > self.total:
                        raise DownloadError(
                            f"{self}: more bytes than the file's size {self.total}",
                            url=self.public_url,
                        )
                    self._report(done)
            length = resp.content_length
            if length is not None and done - have != length:
                raise aiohttp.ClientPayloadError("the answer ended before its Content-Length")
            return self.total is None or done == self.total

    def _report(self, done: int) -> None:
        if self.progress is not None:
            self.progress(done, self.total)

    def _finish(self) -> Path:
        """Check the ``.part`` file (size; SHA-256 where Zoom gave one), then rename it."""
        size = self.part.stat().st_size
        if self.total is not None and size != self.total:
            raise DownloadError(
                f"{self}: {size} bytes arrived, the file has {self.total}", url=self.public_url
            )
        with self.part.open("rb+") as handle:
            if self.sha256 is not None:
                digest = hashlib.sha256()
                while chunk := handle.read(CHUNK_SIZE):
                    digest.update(chunk)
                if digest.hexdigest() != self.sha256:
                    handle.close()
                    self.part.unlink()  # wrong bytes: a resume cannot mend them
                    raise DownloadError(
                        f"{self}: the file's SHA-256 is not the one Zoom gave", url=self.public_url
                    )
            os.fsync(handle.fileno())
        os.replace(self.part, self.dest)
        return self.dest


async def download_file(
    client: ZoomClient,
    recording_file: Any,
    dest: str | os.PathLike[str],
    *,
    access_token: str | None = None,
    progress: Progress | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Path:
    """Download one recording file to ``dest`` (a file path) and return the path.

    ``recording_file`` is a file of a recording list or of a ``recording.completed`` event (a
    model or a mapping with ``download_url`` and ``file_size``). ``access_token`` is the event's
    ``download_token`` or the recording's ``download_access_token``; without one the client's
    own bearer token is sent. A file already complete at ``dest`` is not fetched again.
    """
    raw_url = _field(recording_file, "download_url")
    if not isinstance(raw_url, str) or not raw_url:
        raise ValueError("recording_file has no download_url")
    url = URL(raw_url)
    if not url.absolute or url.scheme not in ("http", "https"):
        raise ValueError("recording_file's download_url must be an absolute http(s) URL")
    if "access_token" in url.query:
        url = url.without_query_params("access_token")  # tokens go in a header, never in a URL
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1024:
        raise ValueError("chunk_size must be an integer of at least 1024 bytes")
    if access_token is not None and (not isinstance(access_token, str) or not access_token):
        raise ValueError("access_token must be a non-empty string")
    policy = client.retry or RetryPolicy()
    path = Path(dest)
    total = _size(recording_file)
    identity = hashlib.sha256(
        f"{_field(recording_file, 'id')}|{total}|{url.with_query(None)}".encode()
    ).hexdigest()[:12]
    transfer = _Transfer(
        client, url, path, total, access_token, progress, chunk_size, policy, identity
    )
    transfer.sha256 = _sha256(recording_file)
    key = os.path.join(os.getcwd(), path) if not path.is_absolute() else str(path)
    lock = _DEST_LOCKS.setdefault(key, asyncio.Lock())
    try:
        async with lock:  # the same file twice at once (a redelivered webhook): one at a time
            return await transfer.run()
    finally:
        if not lock.locked() and _DEST_LOCKS.get(key) is lock:
            del _DEST_LOCKS[key]


async def download_recordings(
    client: ZoomClient,
    dest: str | os.PathLike[str],
    *,
    start: date,
    end: date,
    user_id: str | None = "me",
    concurrency: int = 4,
    file_types: Iterable[str] | None = None,
    progress: Callable[[Path, int, int | None], object] | None = None,
) -> DownloadResult:
    """Download every recording file of ``user_id`` (``None``: of every active user of the
    account) whose meeting started from ``start`` to ``end`` (UTC dates, both included) under
    ``dest``, ``concurrency`` files at a time.

    The range is queried in windows Zoom accepts (it allows one month per query); files already
    complete on disk are skipped, so a rerun after a crash fetches only what is missing.
    ``file_types`` limits the files (``{"MP4", "M4A"}``); ``progress(path, done, total)`` reports
    each file. A file that fails does not stop the others: see ``DownloadResult.failed``.
    """
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValueError("concurrency must be a positive integer")
    wanted = {t.upper() for t in file_types} if file_types is not None else None
    root = Path(dest)
    jobs: list[tuple[Path, Any]] = []
    seen: set[str] = set()
    if user_id is None:
        owners = [user.id async for user in client.users.list() if isinstance(user.id, str)]
    else:
        owners = [user_id]
    for low, high, owner in (
        (low, high, owner) for owner in owners for low, high in date_windows(start, end)
    ):
        async for meeting in client.recordings.list(owner, from_=low, to=high):
            for file in _field(meeting, "recording_files") or ():
                key = str(_field(file, "id") or _field(file, "download_url"))
                kind = str(_field(file, "file_type") or "").upper()
                if key in seen or (wanted is not None and kind not in wanted):
                    continue
                if _field(file, "download_url") is None:
                    continue
                seen.add(key)
                jobs.append((recording_path(root, meeting, file), file))
    limit = asyncio.Semaphore(concurrency)
    downloaded: list[Path] = []
    skipped: list[Path] = []
    failed: list[tuple[Path, ZoomError]] = []

    async def one(path: Path, file: Any) -> None:
        total = _size(file)
        if _complete(path, total):
            skipped.append(path)
            return
        report: Progress | None = None
        if progress is not None:

            def report(done: int, size: int | None, path: Path = path) -> object:
                return progress(path, done, size)

        async with limit:
            try:
                downloaded.append(await download_file(client, file, path, progress=report))
            except (ZoomError, ValueError, OSError) as exc:
                error = exc if isinstance(exc, ZoomError) else DownloadError(f"{path}: {exc}")
                failed.append((path, error))

    async with asyncio.TaskGroup() as group:
        for path, file in jobs:
            group.create_task(one(path, file))
    return DownloadResult(tuple(downloaded), tuple(skipped), tuple(failed))


class RecordingDownloads:
    """The download methods of ``zoom.recordings`` (mixed into the generated resource)."""

    _client: ZoomClient

    async def download(
        self,
        recording_file: Any,
        dest: str | os.PathLike[str],
        *,
        access_token: str | None = None,
        progress: Progress | None = None,
        chunk_size: int = CHUNK_SIZE,
    ) -> Path:
        """Download one recording file to ``dest``; see :func:`aiozoom.downloads.download_file`."""
        return await download_file(
            self._client,
            recording_file,
            dest,
            access_token=access_token,
            progress=progress,
            chunk_size=chunk_size,
        )

    def download_all(
        self,
        dest: str | os.PathLike[str],
        *,
        start: date,
        end: date,
        user_id: str | None = "me",
        concurrency: int = 4,
        file_types: Iterable[str] | None = None,
        progress: Callable[[Path, int, int | None], object] | None = None,
    ) -> Awaitable[DownloadResult]:
        """Download every recording of ``user_id`` (``None``: every user) from ``start`` to
        ``end``; see :func:`aiozoom.downloads.download_recordings`."""
        return download_recordings(
            self._client,
            dest,
            start=start,
            end=end,
            user_id=user_id,
            concurrency=concurrency,
            file_types=file_types,
            progress=progress,
        )

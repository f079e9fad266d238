"""Recording downloads through the real stack: the fake Zoom's web host, its file host, real files.

Each test checks what the servers received (the file host's requests and headers, the bytes it
sent) as well as what landed on disk.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from aiozoom import RetryPolicy, ServerToServerOAuth, ZoomClient, ZoomConnectionError
from aiozoom.downloads import DownloadError, date_windows, recording_path
from aiozoom.testing import FakeClock, FakeZoom

KIB = 1024


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parts(folder: Path, name: str) -> list[Path]:
    """The ``.part`` files of a download to ``folder / name``."""
    return list(folder.glob(f"{name}.*part"))


async def _no_wait(seconds: float) -> None:
    return None


@pytest.fixture
async def zoom(fake: FakeZoom, s2s: ServerToServerOAuth) -> Any:
    policy = RetryPolicy(sleep=_no_wait)
    async with ZoomClient(s2s, base_url=fake.base_url, retry=policy) as client:
        yield client


async def _recording(
    fake: FakeZoom, zoom: ZoomClient, *, size: int = 300 * KIB, topic: str = "standup", **kw: Any
) -> dict[str, Any]:
    meeting = await zoom.meetings.create("me", topic=topic)
    return fake.end_meeting(meeting.id, file_size=size, **kw)


def _mp4(recording: dict[str, Any]) -> dict[str, Any]:
    return next(f for f in recording["recording_files"] if f["file_type"] == "MP4")


async def test_a_file_streams_to_disk_complete_and_verified(
    fake: FakeZoom, zoom: ZoomClient, tmp_path: Path
) -> None:
    recording = await _recording(fake, zoom)
    file = _mp4(recording)
    seen: list[tuple[int, int | None]] = []
    path = await zoom.recordings.download(
        file, tmp_path / "talk.mp4", progress=lambda done, total: seen.append((done, total))
    )
    assert path == tmp_path / "talk.mp4"
    assert path.stat().st_size == file["file_size"]
    assert sha256(path) == fake.recording_file_sha256(file["id"])
    assert not parts(tmp_path, "talk.mp4")
    assert seen[-1] == (file["file_size"], file["file_size"])
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


async def test_the_token_goes_only_to_zooms_host_and_never_in_a_url(
    fake: FakeZoom, zoom: ZoomClient, tmp_path: Path
) -> None:
    recording = await _recording(fake, zoom)
    for file in recording["recording_files"]:
        await zoom.recordings.download(file, tmp_path / file["id"])
    token = zoom.auth.current_token  # type: ignore[attr-defined]
    assert token is not None
    assert fake.file_requests  # the redirects were followed to the file host
    for request in fake.file_requests:
        assert "Authorization" not in request.headers
        assert token.access_token not in str(request.query)
        assert token.access_token not in request.path
    assert fake.tokens_in_urls == 0


async def test_a_token_in_the_download_url_is_moved_to_the_header(
    fake: FakeZoom, zoom: ZoomClient, tmp_path: Path
) -> None:
    file = dict(_mp4(await _recording(fake, zoom)))
    file["download_url"] += "?access_token=leaked-token"
    path = await zoom.recordings.download(file, tmp_path / "a.mp4")
    assert sha256(path) == fake.recording_file_sha256(file["id"])
    assert fake.tokens_in_urls == 0


async def test_an_event_download_access_token_is_used_instead_of_the_clients(
    fake: FakeZoom, zoom: ZoomClient, tmp_path: Path
) -> None:
    recording = await _recording(fake, zoom)
    answer = await zoom.request(
        "GET",
        f"/meetings/{recording['id']}/recordings",
        params={"include_fields": "download_access_token"},
    )
    file = _mp4(answer)
    path = await zoom.recordings.download(
        file, tmp_path / "b.mp4", access_token=answer["download_access_token"]
    )
    assert sha256(path) == fake.recording_file_sha256(file["id"])
    signed = {**file, "download_url": file["download_url"] + "?sig=secret-signature"}
    with pytest.raises(DownloadError) as caught:
        await zoom.recordings.download(signed, tmp_path / "c.mp4", access_token="not-a-token")
    assert caught.value.status == 401
    assert caught.value.url == file["download_url"]  # no query: signed URLs carry secrets
    assert "secret-signature" not in str(caught.value)
    assert not (tmp_path / "c.mp4").exists()


async def test_dropped_connections_resume_with_range(
    fake: FakeZoom, zoom: ZoomClient, tmp_path: Path
) -> None:
    size = 2 * 1024 * KIB
    file = _mp4(await _recording(fake, zoom, size=size))
    fake.drop_file_connections(times=3, after_bytes=400 * KIB)
    path = await zoom.recordings.download(file, tmp_path / "long.mp4", chunk_size=64 * KIB)
    assert sha256(path) == fake.recording_file_sha256(file["id"])
    ranges = [r.range for r in fake.file_requests if r.range]
    assert len(ranges) == 3  # one resume per drop
    assert all(r.startswith("bytes=") and r.endswith("-") for r in ranges)
    assert fake.file_bytes_sent < 1.5 * size  # resumed, not started over


async def test_a_part_file_left_by_a_crash_is_resumed(
    fake: FakeZoom, zoom: ZoomClient, tmp_path: Path
) -> None:
    size = 512 * KIB
    file = _mp4(await _recording(fake, zoom, size=size))

    class Crash(Exception):
        pass

    def crash_halfway(done: int, total: int | None) -> None:
        if done >= size // 2:
            raise Crash  # the process dies here, as far as the file is concerned

    with pytest.raises(Crash):
        await zoom.recordings.download(
            file, tmp_path / "again.mp4", progress=crash_halfway, chunk_size=64 * KIB
        )
    (part,) = parts(tmp_path, "again.mp4")
    kept = part.stat().st_size
    assert size // 2 <= kept < size
    before = len(fake.file_requests)
    sent = fake.file_bytes_sent
    path = await zoom.recordings.download(file, tmp_path / "again.mp4")
    assert sha256(path) == fake.recording_file_sha256(file["id"])
    assert [r.range for r in fake.file_requests[before:]] == [f"bytes={kept}-"]
    assert fake.file_bytes_sent - sent == size - kept


async def test_a_part_file_of_another_file_is_never_resumed(
    fake: FakeZoom, zoom: ZoomClient, tmp_path: Path
) -> None:
    """ "latest.mp4" interrupted for one recording, then written for another: no mixed file."""
    first = _mp4(await _recording(fake, zoom, size=256 * KIB, topic="one"))
    second = _mp4(await _recording(fake, zoom, size=256 * KIB, topic="two"))

    def crash(done: int, total: int | None) -> None:
        if done >= 100 * KIB:
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        await zoom.recordings.download(
            first, tmp_path / "latest.mp4", progress=crash, chunk_size=16 * KIB
        )
    assert parts(tmp_path, "latest.mp4")  # the first file's bytes are kept
    before = len(fake.file_requests)
    path = await zoom.recordings.download(second, tmp_path / "latest.mp4")
    assert sha256(path) == fake.recording_file_sha256(second["id"])
    assert [r.range for r in fake.file_requests[before:]] == [None]  # from the start


async def test_the_same_file_twice_at_once_is_written_once(
    fake: FakeZoom, zoom: ZoomClient, tmp_path: Path
) -> None:
    """A redelivered webhook starts the same download again while the first is running."""
    file = _mp4(await _recording(fake, zoom, size=1024 * KIB))
    paths = await asyncio.gather(
        zoom.recordings.download(file, tmp_path / "talk.mp4"),
        zoom.recordings.download(file, tmp_path / "talk.mp4"),
    )
    assert paths[0] == paths[1]
    assert sha256(paths[0]) == fake.recording_file_sha256(file["id"])
    assert len([r for r in fake.file_requests if r.range is None]) == 1


async def test_a_destination_that_cannot_be_written_is_reported_not_retried(
    fake: FakeZoom, zoom: ZoomClient, tmp_path: Path, clock: FakeClock
) -> None:
    file = _mp4(await _recording(fake, zoom))
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    with pytest.raises(DownloadError, match="cannot write"):
        await zoom.recordings.download(file, blocker / "sub" / "x.mp4")
    today = datetime.fromtimestamp(clock(), UTC).date()
    result = await zoom.recordings.download_all(blocker / "sub", start=today, end=today)
    assert len(result.failed) == 4  # every file reported, none raised out of the run
    assert all(isinstance(error, DownloadError) for _, error in result.failed)
    assert not fake.file_requests or all(r.range is None for r in fake.file_requests)


async def test_a_file_of_unknown_size_without_a_length_is_refused(
    zoom: ZoomClient, tmp_path: Path
) -> None:
    from aiohttp import web
    from aiohttp.test_utils import TestServer

    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()  # chunked: no Content-Length
        await response.prepare(request)
        for _ in range(1000):
            await response.write(b"x" * KIB)
        return response

    app = web.Application()
    app.router.add_get("/rec/endless", endless)
    async with TestServer(app, host="127.0.0.1") as server:
        url = str(server.make_url("/rec/endless"))
        with pytest.raises(DownloadError, match="how large"):
            await zoom.recordings.download({"download_url": url}, tmp_path / "e.bin")
    assert not parts(tmp_path, "e.bin") and not (tmp_path / "e.bin").exists()


async def test_a_complete_file_is_not_fetched_again(
    fake: FakeZoom, zoom: ZoomClient, tmp_path: Path
) -> None:
    file = _mp4(await _recording(fake, zoom))
    await zoom.recordings.download(file, tmp_path / "x.mp4")
    requests = len(fake.file_requests)
    await zoom.recordings.download(file, tmp_path / "x.mp4")
    assert len(fake.file_requests) == requests


async def test_a_size_that_does_not_match_is_an_error_and_nothing_is_renamed(
    fake: FakeZoom, zoom: ZoomClient, tmp_path: Path
) -> None:
    file = dict(_mp4(await _recording(fake, zoom)))
    file["file_size"] += 10  # Zoom said more than the host sends
    with pytest.raises(DownloadError):
        await zoom.recordings.download(file, tmp_path / "short.mp4")
    assert not (tmp_path / "short.mp4").exists()


async def test_a_host_that_keeps_dropping_gives_up_with_the_part_kept(
    fake: FakeZoom, zoom: ZoomClient, tmp_path: Path
) -> None:
    file = _mp4(await _recording(fake, zoom))
    fake.drop_file_connections(times=100, after_bytes=0)  # never a byte
    with pytest.raises(ZoomConnectionError, match="attempts without progress"):
        await zoom.recordings.download(file, tmp_path / "never.mp4")
    assert not (tmp_path / "never.mp4").exists()
    assert len(fake.file_requests) == 3  # the policy's attempts, not forever


async def test_bad_arguments_are_named(zoom: ZoomClient, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="download_url"):
        await zoom.recordings.download({"file_size": 3}, tmp_path / "x")
    with pytest.raises(ValueError, match="download_url"):
        await zoom.recordings.download({"download_url": "ftp://x/y"}, tmp_path / "x")
    with pytest.raises(ValueError, match="chunk_size"):
        await zoom.recordings.download(
            {"download_url": "https://zoom.us/rec/download/x"}, tmp_path / "x", chunk_size=1
        )


# -- many files -------------------------------------------------------------------------------


def test_date_windows_stay_inside_a_month() -> None:
    windows = date_windows(date(2026, 1, 1), date(2026, 3, 31))
    assert windows[0][0] == date(2026, 1, 1)
    assert windows[-1][1] == date(2026, 3, 31)
    for (_, high), (next_low, _) in itertools.pairwise(windows):
        assert next_low == high + timedelta(days=1)
    assert all((high - low).days < 28 for low, high in windows)
    assert date_windows(date(2026, 5, 5), date(2026, 5, 5)) == [
        (date(2026, 5, 5), date(2026, 5, 5))
    ]
    with pytest.raises(ValueError, match="end date"):
        date_windows(date(2026, 5, 5), date(2026, 5, 4))


def test_recording_paths_are_safe_file_names(tmp_path: Path) -> None:
    meeting = {"start_time": "2026-05-30T10:00:00Z", "topic": "../../etc/passwd", "id": 81234}
    file = {"recording_type": "shared screen", "id": "a/b", "file_extension": "MP4"}
    path = recording_path(tmp_path, meeting, file)
    assert path.parent.parent == tmp_path
    assert ".." not in path.parts
    assert path.name == "shared_screen_a_b.mp4"


async def test_bulk_download_over_months_and_a_rerun_fetches_only_what_is_missing(
    clock: FakeClock, fake: FakeZoom, zoom: ZoomClient, tmp_path: Path
) -> None:
    start = datetime.fromtimestamp(clock(), UTC).date()
    for days in (0, 20, 45):  # three meetings over two months
        clock.set(datetime(start.year, start.month, start.day, tzinfo=UTC).timestamp())
        clock.advance(days * 86_400 + 3600)
        await _recording(fake, zoom, size=64 * KIB, topic=f"day {days}")
    end = start + timedelta(days=46)
    first = await zoom.recordings.download_all(tmp_path, start=start, end=end, concurrency=2)
    assert first.ok
    assert len(first.downloaded) == 12  # 3 recordings x 4 files
    assert not first.skipped
    requests = len(fake.file_requests)
    lost = first.downloaded[5]
    lost.unlink()  # as if the first run had crashed before this file
    second = await zoom.recordings.download_all(tmp_path, start=start, end=end)
    assert second.downloaded == (lost,)
    assert len(second.skipped) == 11
    assert len(fake.file_requests) - requests == 1


async def test_bulk_download_reports_failures_and_carries_on(
    fake: FakeZoom, zoom: ZoomClient, clock: FakeClock, tmp_path: Path
) -> None:
    await _recording(fake, zoom, size=64 * KIB)
    today = datetime.fromtimestamp(clock(), UTC).date()
    fake.drop_file_connections(times=3, after_bytes=0)  # the first file never arrives
    result = await zoom.recordings.download_all(tmp_path, start=today, end=today, concurrency=1)
    assert len(result.failed) == 1
    assert len(result.downloaded) == 3
    again = await zoom.recordings.download_all(tmp_path, start=today, end=today)
    assert again.downloaded == (result.failed[0][0],)
    assert again.ok


async def test_bulk_download_of_the_whole_account(
    fake: FakeZoom, zoom: ZoomClient, clock: FakeClock, tmp_path: Path
) -> None:
    users = list(fake.account.users)
    for owner in users[:3]:  # a recording for three different users
        meeting = fake.state.create_meeting(fake.account, owner, {"topic": f"by {owner}"})
        fake.end_meeting(meeting["id"], files=("MP4",), file_size=16 * KIB)
    today = datetime.fromtimestamp(clock(), UTC).date()
    mine = await zoom.recordings.download_all(tmp_path / "me", start=today, end=today)
    assert len(mine.downloaded) == 1  # "me": the account owner's only
    everyone = await zoom.recordings.download_all(
        tmp_path / "all", start=today, end=today, user_id=None
    )
    assert everyone.ok
    assert len(everyone.downloaded) == 3


async def test_a_sha256_zoom_gives_is_checked_before_the_rename(
    fake: FakeZoom, zoom: ZoomClient, tmp_path: Path
) -> None:
    file = dict(_mp4(await _recording(fake, zoom)))
    good = fake.recording_file_sha256(file["id"])
    path = await zoom.recordings.download(
        {**file, "encryption_fingerprint": good.upper()}, tmp_path / "ok.mp4"
    )
    assert sha256(path) == good
    with pytest.raises(DownloadError, match="SHA-256"):
        await zoom.recordings.download(
            {**file, "encryption_fingerprint": "0" * 64}, tmp_path / "bad.mp4"
        )
    assert not (tmp_path / "bad.mp4").exists()
    assert not parts(tmp_path, "bad.mp4")  # wrong bytes are not kept for a resume

"""``aiozoom demo``: a recording bot on an embedded fake Zoom, end to end, no account needed.

A server-to-server app creates meetings; as each one ends, the fake Zoom delivers a signed
``recording.completed`` webhook to the bot's receiver, and the bot downloads every file of the
recording with progress bars. (Simulated) time passes between meetings, so the short-lived tokens
are minted and rotated before they expire; one download loses its connection halfway and resumes
where it stopped; Zoom revokes every token once and the client recovers by itself. A summary
says what the servers saw.
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path
from typing import Any

from aiohttp import web

from aiozoom.auth import ServerToServerOAuth
from aiozoom.cli.progress import ProgressFactory, progress_bars
from aiozoom.client import ZoomClient
from aiozoom.downloads import recording_path
from aiozoom.testing import FakeClock, FakeZoom
from aiozoom.webhooks import RecordingCompleted, WebhookReceiver

__all__ = ["run_demo"]

MIB = 1024 * 1024
SECRET = "demo-webhook-secret-token"
TOPICS = ("Design review", "Customer call", "All hands")
MEETING_MINUTES = 45


class _Narrator(logging.Handler):
    """Prints the client's auth log lines with the simulated time since the start."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__(logging.INFO)
        self._clock = clock
        self.start = clock()

    def stamp(self) -> str:
        return f"[t+{(self._clock() - self.start) / 60:5.1f} min]"

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            print(f"  {self.stamp()} auth: {record.getMessage().split(': ', 1)[-1]}")


async def run_demo(
    *, ttl: int = 120, meetings: int = 3, mp4_mib: int = 24, dest: Path | None = None
) -> None:
    clock = FakeClock(time.time())
    narrator = _Narrator(clock)
    log = logging.getLogger("aiozoom.auth")
    log.addHandler(narrator)
    log.setLevel(logging.INFO)
    try:
        with tempfile.TemporaryDirectory(prefix="aiozoom-demo-") as scratch:
            await _scenario(clock, narrator, ttl, meetings, mp4_mib, dest or Path(scratch))
    finally:
        log.removeHandler(narrator)


async def _scenario(
    clock: FakeClock, narrator: _Narrator, ttl: int, count: int, mp4_mib: int, archive: Path
) -> None:
    sizes = {"MP4": mp4_mib * MIB, "M4A": max(1, mp4_mib // 6) * MIB, "TRANSCRIPT": 48 * 1024}
    files = tuple(sizes)
    async with FakeZoom(clock=clock, token_ttl=ttl, users=3) as fake:
        print(f"fake Zoom at {fake.base_url} — tokens live {ttl} s here (an hour at Zoom)")
        account = fake.account
        auth = ServerToServerOAuth(
            account.account_id,
            account.client_id,
            account.client_secret,
            token_url=fake.token_url,
            clock=clock,
        )
        print(f"credentials: {auth!r}")
        print(f"recordings go to {archive}")
        async with ZoomClient(auth, base_url=fake.base_url) as zoom:
            saved: list[Path] = []
            receiver = WebhookReceiver(SECRET, clock=clock)
            factory: list[ProgressFactory] = []

            @receiver.on("recording.completed")
            async def save(event: RecordingCompleted) -> None:
                for file in event.recording.recording_files:
                    dest = recording_path(archive, event.recording, file)
                    name = f"{event.recording.topic}: {file.file_type}"
                    path = await zoom.recordings.download(
                        file,
                        dest,
                        access_token=event.download_token,
                        progress=factory[0](name, file.file_size or 0),
                    )
                    saved.append(path)

            runner = web.AppRunner(receiver.app(path="/zoom/webhook"), access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            url = f"http://127.0.0.1:{port}/zoom/webhook"
            print(f"recording bot listening at {url}")
            try:
                ids: list[int] = []
                for topic in TOPICS[:count]:
                    meeting = await zoom.meetings.create(
                        "me", topic=topic, type=2, duration=MEETING_MINUTES
                    )
                    if not isinstance(meeting.id, int):
                        raise RuntimeError("the fake Zoom created a meeting without an ID")
                    ids.append(meeting.id)
                    print(f"  {narrator.stamp()} scheduled meeting {meeting.id} “{topic}”")
                with progress_bars() as bars:
                    factory.append(bars)
                    for n, meeting_id in enumerate(ids):
                        clock.advance(MEETING_MINUTES * 60)  # the meeting runs, then ends
                        fake.end_meeting(meeting_id, files=files, file_size=sizes)
                        recording = await zoom.recordings.get(meeting_id)  # an API call: a token
                        if n == 1:
                            print(
                                f"  {narrator.stamp()} this MP4's connection will drop halfway; "
                                "the download resumes where it stopped"
                            )
                            fake.drop_file_connections(times=1, after_bytes=sizes["MP4"] // 2)
                        if n == 2:
                            print(
                                f"  {narrator.stamp()} Zoom revokes every token now (as when an "
                                "admin rotates the app's secret)"
                            )
                            fake.revoke_tokens()
                            recording = await zoom.recordings.get(meeting_id)
                        await fake.deliver_recording_completed(url, meeting_id, secret_token=SECRET)
                        await receiver.drain()
                        print(
                            f"  {narrator.stamp()} “{recording.topic}” ended: "
                            f"{len(recording.recording_files or ())} files saved"
                        )
            finally:
                await runner.cleanup()
        _summary(fake, saved)


def _summary(fake: FakeZoom, saved: list[Path]) -> None:
    requests: list[Any] = list(fake.file_requests)
    resumed = sum(1 for r in requests if r.range)
    leaked = sum(1 for r in requests if "Authorization" in r.headers)
    size = sum(p.stat().st_size for p in saved)
    rejected = sum(n for (_, _, status), n in fake.api_requests.items() if status == 401)
    print(
        f"done: {len(saved)} files ({size / MIB:.1f} MiB) saved; {resumed} download resumed "
        f"with Range after a dropped connection; the file host got {leaked} Authorization "
        f"headers and the token was in {fake.tokens_in_urls} URLs; {fake.api_count()} API "
        f"requests, {fake.token_requests} token requests, {rejected} rejected and replayed"
    )

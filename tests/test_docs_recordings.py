"""The examples of docs/recordings.md, run as written against the fake Zoom.

The code blocks are read out of the page, so the page cannot drift from what works.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestServer

from aiozoom import ServerToServerOAuth, ZoomClient
from aiozoom.testing import FakeClock, FakeZoom

DOC = Path(__file__).resolve().parent.parent / "docs" / "recordings.md"
SECRET = "webhook-secret-token"


def _blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def _run(block: str, names: dict[str, Any]) -> dict[str, Any]:
    """Run a block that uses ``await`` at top level, inside a coroutine, with ``names``."""
    source = "async def __example__():\n" + textwrap.indent(block, "    ") + "\n    return locals()"
    scope = dict(names)
    exec(compile(source, str(DOC), "exec"), scope)  # our own documentation
    result: dict[str, Any] = await scope["__example__"]()
    return result


async def test_the_recording_bot_saves_every_file(tmp_path: Path) -> None:
    scope: dict[str, Any] = {}
    exec(compile(_blocks()[0], str(DOC), "exec"), scope)
    # Real time on both sides: the example's receiver checks webhook timestamps against it.
    async with (
        FakeZoom() as fake,
        ZoomClient(
            ServerToServerOAuth(
                fake.account.account_id,
                fake.account.client_id,
                fake.account.client_secret,
                token_url=fake.token_url,
            ),
            base_url=fake.base_url,
        ) as zoom,
    ):
        meeting = await zoom.meetings.create("me", topic="Quarterly review")
        recording = fake.end_meeting(meeting.id)
        receiver = scope["recording_bot"](zoom, SECRET, tmp_path)
        async with TestServer(receiver.app(path="/zoom/webhook"), host="127.0.0.1") as server:
            url = str(server.make_url("/zoom/webhook"))
            delivery = await fake.deliver_recording_completed(url, meeting.id, secret_token=SECRET)
            assert delivery.status == 200
            await receiver.drain()
        file_requests = list(fake.file_requests)
        sha = {f["id"]: fake.recording_file_sha256(f["id"]) for f in recording["recording_files"]}
    saved = sorted(await asyncio.to_thread(lambda: list(tmp_path.rglob("*.*"))))
    assert len(saved) == len(recording["recording_files"]) == 4
    by_size = {f["file_size"]: f for f in recording["recording_files"]}
    for path in saved:
        file = by_size[path.stat().st_size]
        assert _sha256(path) == sha[file["id"]]
    assert file_requests
    assert all("Authorization" not in r.headers for r in file_requests)


async def test_the_api_and_bulk_examples_run(
    fake: FakeZoom, s2s: ServerToServerOAuth, clock: FakeClock, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    today = datetime.fromtimestamp(clock(), UTC).date()
    async with ZoomClient(s2s, base_url=fake.base_url) as zoom:
        meeting = await zoom.meetings.create("me", topic="Design review")
        fake.end_meeting(meeting.id)
        await asyncio.to_thread((tmp_path / "archive").mkdir)
        names = {"zoom": zoom, "meeting_id": meeting.id, "Path": Path, "date": date}
        await _run(_blocks()[1], names)
        assert len(list((tmp_path / "archive").iterdir())) == 4
        bulk = _blocks()[2].replace("date(2026, 1, 1)", "start").replace("date(2026, 6, 30)", "end")
        done = await _run(bulk, {**names, "start": today, "end": today, "print": lambda *a: None})
    result = done["result"]
    assert result.ok
    assert len(result.downloaded) == 4

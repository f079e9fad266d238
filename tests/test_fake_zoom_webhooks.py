"""The fake Zoom delivers signed webhooks and redeliveries to a receiver on loopback."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from aiozoom.testing import FakeClock, FakeZoom
from aiozoom.webhooks import RecordingCompleted, WebhookReceiver

SECRET = "fake-zoom-webhook-secret-token"


@pytest.fixture
async def receiver_url(clock: FakeClock) -> AsyncIterator[tuple[WebhookReceiver, str]]:
    receiver = WebhookReceiver(SECRET, clock=clock)
    runner = web.AppRunner(receiver.app(path="/zoom"))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield receiver, f"http://127.0.0.1:{port}/zoom"
    await runner.cleanup()


async def test_delivery_and_redeliveries_reach_the_handler_once(
    fake: FakeZoom, clock: FakeClock, receiver_url: tuple[WebhookReceiver, str]
) -> None:
    receiver, url = receiver_url
    seen: list[RecordingCompleted] = []

    @receiver.on("recording.completed")
    async def archive(event: RecordingCompleted) -> None:
        seen.append(event)

    recording = {
        "id": 81234567890,
        "uuid": "4444AAAiAAAAAiAiAiiAii==",
        "topic": "Weekly sync",
        "recording_files": [
            {
                "id": "file-1",
                "file_type": "MP4",
                "file_size": 1024,
                "download_url": "https://zoom.example/rec/download/file-1",
            }
        ],
    }
    first = await fake.deliver_webhook(
        url,
        "recording.completed",
        recording,
        secret_token=SECRET,
        extra={"download_token": "dl-token"},
    )
    assert first.status == 200
    for minutes in (5, 20, 60):  # Zoom's retry schedule
        clock.advance(minutes * 60)
        again = await fake.redeliver_webhook(url, first, secret_token=SECRET)
        assert again.status == 200 and again.timestamp > first.timestamp
    await receiver.drain()
    assert len(seen) == 1
    event = seen[0]
    assert event.account_id == fake.account.account_id
    assert event.event_ts == int(first.timestamp * 1000)
    assert event.download_token == "dl-token"
    assert [f.download_url for f in event.recording.recording_files] == [
        "https://zoom.example/rec/download/file-1"
    ]


async def test_wrong_secret_is_refused(
    fake: FakeZoom, receiver_url: tuple[WebhookReceiver, str]
) -> None:
    _, url = receiver_url
    delivery = await fake.deliver_webhook(url, "meeting.started", {"id": 1}, secret_token="other")
    assert delivery.status == 401


async def test_a_default_fake_and_a_default_receiver_accept_each_other() -> None:
    receiver = WebhookReceiver(SECRET)  # real time, as in production
    seen: list[RecordingCompleted] = []

    @receiver.on("recording.completed")
    async def archive(event: RecordingCompleted) -> None:
        seen.append(event)

    runner = web.AppRunner(receiver.app(path="/zoom"))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/zoom"
    try:
        async with FakeZoom() as fake:
            delivery = await fake.deliver_webhook(
                url, "recording.completed", {"id": 81234567890}, secret_token=SECRET
            )
            await receiver.drain()
    finally:
        await runner.cleanup()
    assert delivery.status == 200
    assert [event.event for event in seen] == ["recording.completed"]
    assert abs(fake.clock() - time.time()) < 60  # the fake runs on real time by default

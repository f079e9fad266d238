"""WebhookReceiver over real HTTP on loopback: checks, rejections, dedupe, background handlers."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from aiozoom.testing import FakeClock
from aiozoom.testing.webhooks import WebhookSender, event_body, url_validation_body
from aiozoom.webhooks import (
    DedupeStore,
    MemoryDedupeStore,
    RecordingCompleted,
    UrlValidation,
    WebhookEvent,
    WebhookReceiver,
    delivery_key,
    parse_event,
)

from .slow_client import trickle

SECRET = "receiver-test-secret"
MAX_BODY = 4096
MINUTE = 60

RECORDING_OBJECT = {
    "id": 85746065432,
    "uuid": "4444AAAiAAAAAiAiAiiAii==",
    "topic": "Weekly standup",
    "recording_files": [
        {
            "id": "ed6c2f27",
            "file_type": "MP4",
            "file_size": 3081811,
            "download_url": "https://example.zoom.us/rec/download/abc",
        }
    ],
}


def recording_body(event_ts: int = 1_800_000_000_000, token: str = "dl-token-1") -> bytes:
    return event_body(
        "recording.completed",
        RECORDING_OBJECT,
        event_ts=event_ts,
        extra={"download_token": token},
    )


@pytest.fixture
def receiver(clock: FakeClock) -> WebhookReceiver:
    return WebhookReceiver(SECRET, clock=clock, max_body_size=MAX_BODY)


@pytest.fixture
def calls(receiver: WebhookReceiver) -> list[WebhookEvent]:
    """Every event a handler was called with."""
    seen: list[WebhookEvent] = []

    @receiver.on_any
    async def record(event: WebhookEvent) -> None:
        seen.append(event)

    return seen


@pytest.fixture
async def url(receiver: WebhookReceiver) -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_post("/zoom/webhook", receiver.handler)
    async with TestServer(app, host="127.0.0.1") as server:
        yield str(server.make_url("/zoom/webhook"))
    await receiver.aclose(timeout=5)


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


@pytest.fixture
def sender(clock: FakeClock) -> WebhookSender:
    return WebhookSender(SECRET, clock=clock)


# --- URL validation ---------------------------------------------------------------------------


async def test_answers_url_validation(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    receiver: WebhookReceiver,
    calls: list[WebhookEvent],
) -> None:
    delivery = await sender.send(session, url, url_validation_body("qgg8vlvZRS6UYooatFL8Aw"))
    assert delivery.status == 200
    expected = hmac.new(SECRET.encode(), b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256).hexdigest()
    assert delivery.json() == {"plainToken": "qgg8vlvZRS6UYooatFL8Aw", "encryptedToken": expected}
    # Zoom re-validates every 72 hours with a new token: each challenge is answered, never deduped.
    again = await sender.send(session, url, url_validation_body("another-token"))
    assert again.json()["plainToken"] == "another-token"
    await receiver.drain()
    assert calls == []


async def test_a_handler_for_url_validation_is_refused(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    receiver: WebhookReceiver,
    calls: list[WebhookEvent],
) -> None:
    """The receiver answers the challenge itself: a handler for it would never run, so
    registering one is an error rather than a silent no-op."""

    async def handler(event: WebhookEvent) -> None:
        raise AssertionError("never runs")

    with pytest.raises(TypeError, match=r"answers endpoint\.url_validation itself"):
        receiver.on(UrlValidation)
    with pytest.raises(ValueError, match=r"answers endpoint\.url_validation itself"):
        receiver.on("endpoint.url_validation")(handler)
    assert "endpoint.url_validation" not in repr(receiver)
    delivery = await sender.send(session, url, url_validation_body("still-answered"))
    assert delivery.status == 200 and delivery.json()["plainToken"] == "still-answered"
    await receiver.drain()
    assert calls == []


async def test_url_validation_with_a_bad_signature_is_refused(
    url: str, session: aiohttp.ClientSession, clock: FakeClock
) -> None:
    impostor = WebhookSender("not-the-secret", clock=clock)
    delivery = await impostor.send(session, url, url_validation_body("plain"))
    assert delivery.status == 401
    assert b"encryptedToken" not in delivery.response_body


async def test_url_validation_without_a_plain_token_is_a_bad_request(
    url: str, session: aiohttp.ClientSession, sender: WebhookSender
) -> None:
    body = event_body("endpoint.url_validation", payload={})
    assert (await sender.send(session, url, body)).status == 400


# --- acceptance and rejection ---------------------------------------------------------------


async def test_a_genuine_delivery_is_acknowledged_and_handled_with_the_typed_event(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    receiver: WebhookReceiver,
    calls: list[WebhookEvent],
) -> None:
    delivery = await sender.send(session, url, recording_body())
    assert delivery.status == 200
    await receiver.drain()
    (event,) = calls
    assert isinstance(event, RecordingCompleted)
    assert event.download_token == "dl-token-1"
    assert event.recording.recording_files[0].download_url == (
        "https://example.zoom.us/rec/download/abc"
    )


async def test_handlers_are_chosen_by_event_name_and_wildcards_see_everything(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    receiver: WebhookReceiver,
    calls: list[WebhookEvent],
) -> None:
    recordings: list[str] = []
    starts: list[str] = []

    @receiver.on("recording.completed")
    async def on_recording(event: RecordingCompleted) -> None:
        recordings.append(event.event)

    @receiver.on("meeting.started")
    async def on_start(event: WebhookEvent) -> None:
        starts.append(event.event)

    await sender.send(session, url, recording_body())
    await sender.send(session, url, event_body("meeting.something_new", {"id": 1}))
    await receiver.drain()
    assert recordings == ["recording.completed"]
    assert starts == []
    assert sorted(e.event for e in calls) == ["meeting.something_new", "recording.completed"]
    unknown = next(e for e in calls if e.event == "meeting.something_new")
    assert type(unknown) is WebhookEvent and unknown.object == {"id": 1}


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param({"x-zm-signature": "v0=" + "0" * 64}, id="wrong-signature"),
        pytest.param({"x-zm-signature": "sha256=abc"}, id="malformed-signature"),
        pytest.param({"x-zm-request-timestamp": "soon"}, id="malformed-timestamp"),
    ],
)
async def test_bad_signatures_are_refused_with_401_and_no_handler_runs(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    receiver: WebhookReceiver,
    calls: list[WebhookEvent],
    tamper: dict[str, str],
) -> None:
    delivery = await sender.send(session, url, recording_body(), headers=tamper)
    assert delivery.status == 401
    assert SECRET.encode() not in delivery.response_body
    await receiver.drain()
    assert calls == []


async def test_a_changed_body_or_wrong_secret_is_refused(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    clock: FakeClock,
    receiver: WebhookReceiver,
    calls: list[WebhookEvent],
) -> None:
    body = recording_body()
    signed = sender.sign(body)
    async with session.post(
        url, data=body.replace(b"dl-token-1", b"dl-token-2"), headers=signed
    ) as r:
        assert r.status == 401
    other = WebhookSender("some-other-apps-secret", clock=clock)
    assert (await other.send(session, url, body)).status == 401
    await receiver.drain()
    assert calls == []


@pytest.mark.parametrize("missing", ["x-zm-signature", "x-zm-request-timestamp"])
async def test_a_missing_header_is_refused(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    receiver: WebhookReceiver,
    calls: list[WebhookEvent],
    missing: str,
) -> None:
    body = recording_body()
    headers = {k: v for k, v in sender.sign(body).items() if k != missing}
    async with session.post(url, data=body, headers=headers) as response:
        assert response.status == 401
    await receiver.drain()
    assert calls == []


@pytest.mark.parametrize("offset", [-301, 301])
async def test_a_stale_or_future_timestamp_is_refused(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    clock: FakeClock,
    receiver: WebhookReceiver,
    calls: list[WebhookEvent],
    offset: int,
) -> None:
    now = int(clock())
    stale = await sender.send(session, url, recording_body(), timestamp=now + offset)
    assert stale.status == 401
    await receiver.drain()
    assert calls == []
    # A replay of a captured delivery ten minutes later fails the same way.
    fresh = await sender.send(session, url, recording_body(event_ts=2), timestamp=now)
    assert fresh.status == 200
    clock.advance(10 * MINUTE)
    async with session.post(url, data=fresh.body, headers=fresh.headers) as replay:
        assert replay.status == 401
    await receiver.drain()
    assert len(calls) == 1


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"not json at all", id="not-json"),
        pytest.param(b"[1, 2, 3]", id="array"),
        pytest.param(b'{"payload": {"object": {}}}', id="no-event"),
        pytest.param(b'{"event": "meeting.started"}', id="no-payload"),
        pytest.param(b"", id="empty"),
    ],
)
async def test_a_signed_body_that_is_not_a_zoom_envelope_is_a_bad_request(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    receiver: WebhookReceiver,
    calls: list[WebhookEvent],
    body: bytes,
) -> None:
    assert (await sender.send(session, url, body)).status == 400
    await receiver.drain()
    assert calls == []


async def test_a_body_over_the_limit_is_refused_with_413(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    receiver: WebhookReceiver,
    calls: list[WebhookEvent],
) -> None:
    big = event_body("meeting.started", {"topic": "x" * MAX_BODY})
    assert (await sender.send(session, url, big)).status == 413
    just_fits = event_body("meeting.started", {"topic": ""})
    padding = MAX_BODY - len(just_fits)
    exactly = event_body("meeting.started", {"topic": "y" * padding})
    assert len(exactly) == MAX_BODY
    assert (await sender.send(session, url, exactly)).status == 200
    await receiver.drain()
    assert [e.event for e in calls] == ["meeting.started"]


async def _stream(first: bytes, rest: bytes, gate: asyncio.Event) -> AsyncIterator[bytes]:
    yield first
    await gate.wait()  # the rest of the body is withheld until the test opens the gate
    yield rest


async def test_413_is_decided_from_content_length_before_the_body_arrives(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    receiver: WebhookReceiver,
    calls: list[WebhookEvent],
) -> None:
    gate = asyncio.Event()
    headers = {**sender.sign(b"irrelevant"), "Content-Length": str(MAX_BODY + 1)}
    async with asyncio.timeout(10):
        try:
            async with session.post(
                url, data=_stream(b"{" * 100, b"}" * (MAX_BODY - 99), gate), headers=headers
            ) as response:
                assert response.status == 413
        finally:
            gate.set()
    await receiver.drain()
    assert calls == []


async def test_413_is_decided_while_reading_a_body_without_content_length(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    receiver: WebhookReceiver,
    calls: list[WebhookEvent],
) -> None:
    gate = asyncio.Event()
    headers = sender.sign(b"irrelevant")  # chunked: no Content-Length for the receiver to check
    async with asyncio.timeout(10):
        try:
            async with session.post(
                url, data=_stream(b"{" * (MAX_BODY + 1), b"}" * 1000, gate), headers=headers
            ) as response:
                assert response.status == 413
        finally:
            gate.set()
    await receiver.drain()
    assert calls == []


# --- dedupe -----------------------------------------------------------------------------------


async def test_redeliveries_over_89_minutes_run_the_handler_once(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    clock: FakeClock,
    receiver: WebhookReceiver,
    calls: list[WebhookEvent],
) -> None:
    first = await sender.send(session, url, recording_body())
    assert first.status == 200
    # Zoom's schedule: about 5, 20 and 60 minutes later; then one more at 89 minutes.
    for minutes in (5, 15, 40, 29):
        clock.advance(minutes * MINUTE)
        again = await sender.redeliver(session, url, first)
        assert again.status == 200
        assert again.timestamp != first.timestamp
        assert again.headers["x-zm-signature"] != first.headers["x-zm-signature"]
    await receiver.drain()
    assert len(calls) == 1


async def test_concurrent_duplicates_run_the_handler_once(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    clock: FakeClock,
    receiver: WebhookReceiver,
    calls: list[WebhookEvent],
) -> None:
    body, now = recording_body(), int(clock())
    deliveries = await asyncio.gather(
        *(sender.send(session, url, body, timestamp=now + i) for i in range(20))
    )
    assert {d.status for d in deliveries} == {200}
    await receiver.drain()
    assert len(calls) == 1


async def test_the_dedupe_key_ignores_layout_and_per_delivery_extras(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    receiver: WebhookReceiver,
    calls: list[WebhookEvent],
) -> None:
    original = recording_body(token="token-a")
    relaid = json.dumps(json.loads(recording_body(token="token-b")), indent=2).encode()
    assert (await sender.send(session, url, original)).status == 200
    assert (await sender.send(session, url, relaid)).status == 200
    # A different event (another event_ts) is not a duplicate.
    assert (await sender.send(session, url, recording_body(event_ts=1))).status == 200
    await receiver.drain()
    assert len(calls) == 2
    assert delivery_key(parse_event(original)) == delivery_key(parse_event(relaid))


async def test_after_the_window_the_store_has_evicted_the_delivery(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    clock: FakeClock,
    receiver: WebhookReceiver,
    calls: list[WebhookEvent],
) -> None:
    store = receiver.dedupe_store
    assert isinstance(store, MemoryDedupeStore)
    assert receiver.dedupe_window >= 90 * MINUTE
    first = await sender.send(session, url, recording_body())
    assert len(store) == 1
    clock.advance(receiver.dedupe_window - 1)
    assert store.evict_expired() == 0 and len(store) == 1
    clock.advance(1)
    assert store.evict_expired() == 1 and len(store) == 0
    # Outside the window the same event counts as new again.
    assert (await sender.redeliver(session, url, first)).status == 200
    await receiver.drain()
    assert len(calls) == 2


async def test_a_custom_store_is_asked_with_the_key_and_window(
    session: aiohttp.ClientSession, sender: WebhookSender, clock: FakeClock
) -> None:
    asked: list[tuple[str, float]] = []
    failing = True

    class FlakyStore:
        async def seen_or_add(self, key: str, ttl: float) -> bool:
            asked.append((key, ttl))
            if failing:
                raise ConnectionError("store down")
            return False

    receiver = WebhookReceiver(SECRET, clock=clock, dedupe_store=FlakyStore(), dedupe_window=5400)
    seen: list[WebhookEvent] = []

    @receiver.on("recording.completed")
    async def record(event: WebhookEvent) -> None:
        seen.append(event)

    async with TestServer(receiver.app(path="/hook"), host="127.0.0.1") as server:
        url = str(server.make_url("/hook"))
        body = recording_body()
        # If the store cannot answer, Zoom must retry later: 503 and no handler.
        assert (await sender.send(session, url, body)).status == 503
        await receiver.drain()
        assert seen == []
        failing = False
        assert (await sender.send(session, url, body)).status == 200
        await receiver.drain()
    assert len(seen) == 1
    assert asked == [(delivery_key(parse_event(body)), 5400)] * 2


async def test_memory_store_remembers_a_key_for_its_ttl_only(clock: FakeClock) -> None:
    store = MemoryDedupeStore(clock=clock)
    assert isinstance(store, DedupeStore)
    assert await store.seen_or_add("a", 100) is False
    assert await store.seen_or_add("a", 100) is True
    clock.advance(99.5)
    assert await store.seen_or_add("a", 100) is True  # a duplicate does not extend the window
    clock.advance(0.5)
    assert await store.seen_or_add("a", 100) is False  # expired: recorded afresh
    assert "a" in store and len(store) == 1
    with pytest.raises(ValueError, match="ttl"):
        await store.seen_or_add("b", 0)


async def test_memory_store_stays_bounded_by_evicting_expired_keys(clock: FakeClock) -> None:
    store = MemoryDedupeStore(clock=clock)
    for wave in range(5):
        for i in range(1000):
            assert await store.seen_or_add(f"{wave}-{i}", 60) is False
        assert len(store) == 1000  # the previous wave expired and was evicted
        clock.advance(60)


# --- handlers run after the acknowledgement ----------------------------------------------------


async def test_a_blocked_handler_does_not_delay_the_acknowledgement(
    url: str, session: aiohttp.ClientSession, sender: WebhookSender, receiver: WebhookReceiver
) -> None:
    started, release = asyncio.Event(), asyncio.Event()
    finished: list[str] = []

    @receiver.on("recording.completed")
    async def slow(event: WebhookEvent) -> None:
        started.set()
        await release.wait()
        finished.append(event.event)

    async with asyncio.timeout(5):
        delivery = await sender.send(session, url, recording_body())
    assert delivery.status == 200
    assert finished == []
    await started.wait()
    assert receiver.in_flight == 1
    release.set()
    await receiver.drain()
    assert finished == ["recording.completed"]
    assert receiver.in_flight == 0


async def test_a_failing_handler_is_logged_and_the_next_delivery_still_works(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    receiver: WebhookReceiver,
    caplog: pytest.LogCaptureFixture,
) -> None:
    attempts: list[int | None] = []

    @receiver.on("recording.completed")
    async def fragile(event: WebhookEvent) -> None:
        attempts.append(event.event_ts)
        if len(attempts) == 1:
            raise RuntimeError("disk full")

    with caplog.at_level(logging.ERROR, logger="aiozoom.webhooks"):
        assert (await sender.send(session, url, recording_body(event_ts=1))).status == 200
        await receiver.drain()
        assert (await sender.send(session, url, recording_body(event_ts=2))).status == 200
        await receiver.drain()
    assert attempts == [1, 2]
    (record,) = [r for r in caplog.records if r.name == "aiozoom.webhooks"]
    assert record.levelno == logging.ERROR
    assert "fragile" in record.getMessage() and "recording.completed" in record.getMessage()
    assert record.exc_info is not None and isinstance(record.exc_info[1], RuntimeError)


async def test_aclose_waits_for_handlers_and_refuses_new_deliveries(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    receiver: WebhookReceiver,
    calls: list[WebhookEvent],
) -> None:
    started, release = asyncio.Event(), asyncio.Event()
    done: list[bool] = []

    @receiver.on("recording.completed")
    async def slow(event: WebhookEvent) -> None:
        started.set()
        await release.wait()
        done.append(True)

    assert (await sender.send(session, url, recording_body())).status == 200
    await started.wait()
    closing = asyncio.create_task(receiver.aclose())
    # Closed for business: Zoom gets a 503 and will retry later.
    assert (await sender.send(session, url, recording_body(event_ts=7))).status == 503
    assert not closing.done()  # still waiting for the handler
    release.set()
    await closing
    assert done == [True]
    assert len(calls) == 1


async def test_aclose_with_a_timeout_cancels_stuck_handlers(
    url: str,
    session: aiohttp.ClientSession,
    sender: WebhookSender,
    receiver: WebhookReceiver,
) -> None:
    started = asyncio.Event()
    cancelled: list[bool] = []

    @receiver.on("recording.completed")
    async def stuck(event: WebhookEvent) -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    assert (await sender.send(session, url, recording_body())).status == 200
    await started.wait()
    await receiver.aclose(timeout=0.01)
    assert cancelled == [True]
    assert receiver.in_flight == 0


# --- configuration ----------------------------------------------------------------------------


def test_handlers_must_be_async() -> None:
    receiver = WebhookReceiver(SECRET)

    def not_async(event: Any) -> None: ...

    with pytest.raises(TypeError, match="async"):
        receiver.on("meeting.started")(not_async)
    with pytest.raises(ValueError, match="event"):
        receiver.on("")


def test_an_empty_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="secret_token"):
        WebhookReceiver("")


def test_a_given_store_is_used_even_while_empty(clock: FakeClock) -> None:
    store = MemoryDedupeStore(clock=clock)
    assert WebhookReceiver(SECRET, dedupe_store=store).dedupe_store is store


def test_timeouts_must_be_positive_numbers_of_seconds() -> None:
    for value in (0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="read_timeout"):
            WebhookReceiver(SECRET, read_timeout=value)
    for value in (-0.5, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="shutdown_timeout"):
            WebhookReceiver(SECRET, shutdown_timeout=value)
    with pytest.raises(TypeError, match="read_timeout"):
        WebhookReceiver(SECRET, read_timeout="3")  # type: ignore[arg-type]
    receiver = WebhookReceiver(SECRET, read_timeout=2, shutdown_timeout=0)
    assert (receiver.read_timeout, receiver.shutdown_timeout) == (2, 0)


# --- slow clients -------------------------------------------------------------------------------


async def test_a_body_trickling_in_past_read_timeout_gets_408_and_the_connection_is_closed(
    clock: FakeClock, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    receiver = WebhookReceiver(SECRET, clock=clock, read_timeout=0.3)
    calls: list[WebhookEvent] = []

    @receiver.on_any
    async def record(event: WebhookEvent) -> None:
        calls.append(event)

    async with TestServer(receiver.app(path="/hook"), host="127.0.0.1") as server:
        with caplog.at_level(logging.WARNING, logger="aiozoom.webhooks"):
            # A byte every 50 ms: never idle for long, so only a deadline on the whole body helps.
            answer = await asyncio.wait_for(trickle(server.port, "/hook", declared=500), 5)
        assert answer.startswith(b"HTTP/1.1 408 ")
        assert b"connection: close" in answer.lower()
        # The receiver still serves deliveries that arrive in time.
        sender = WebhookSender(SECRET, clock=clock)
        url = str(server.make_url("/hook"))
        delivery = await asyncio.wait_for(sender.send(session, url, recording_body()), 5)
        assert delivery.status == 200
        await asyncio.wait_for(receiver.drain(), 5)
    assert [e.event for e in calls] == ["recording.completed"]
    (record_408,) = [r for r in caplog.records if "408" in r.getMessage()]
    assert record_408.levelno == logging.WARNING
    assert "0.3" in record_408.getMessage()
    assert SECRET not in caplog.text


async def test_many_trickling_clients_are_all_answered_and_let_go(clock: FakeClock) -> None:
    receiver = WebhookReceiver(SECRET, clock=clock, read_timeout=0.3)
    async with TestServer(receiver.app(path="/hook"), host="127.0.0.1") as server:
        answers = await asyncio.wait_for(
            asyncio.gather(*(trickle(server.port, "/hook", declared=500) for _ in range(20))), 5
        )
    assert [answer.split(b" ", 2)[1] for answer in answers] == [b"408"] * 20


# --- bounded shutdown ---------------------------------------------------------------------------


class _Hung:
    """A receiver whose one handler never returns on its own, and what happened to it."""

    def __init__(self, clock: FakeClock, shutdown_timeout: float) -> None:
        self.receiver = WebhookReceiver(SECRET, clock=clock, shutdown_timeout=shutdown_timeout)
        self.started = asyncio.Event()
        self.cancelled = False

        @self.receiver.on("recording.completed")
        async def never_returns(event: WebhookEvent) -> None:
            self.started.set()
            try:
                await asyncio.Event().wait()  # nobody ever sets it
            except asyncio.CancelledError:
                self.cancelled = True
                raise


async def test_aclose_cancels_a_hung_handler_after_the_grace_period(
    clock: FakeClock, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    hung = _Hung(clock, shutdown_timeout=0.2)
    sender = WebhookSender(SECRET, clock=clock)
    app = web.Application()  # no cleanup of its own: only the explicit aclose() closes
    app.router.add_post("/hook", hung.receiver.handler)
    async with asyncio.timeout(10), TestServer(app, host="127.0.0.1") as server:
        url = str(server.make_url("/hook"))
        delivery = await asyncio.wait_for(sender.send(session, url, recording_body()), 5)
        assert delivery.status == 200
        await asyncio.wait_for(hung.started.wait(), 5)
        with caplog.at_level(logging.WARNING, logger="aiozoom.webhooks"):
            # No timeout given: the receiver's grace period applies.
            await asyncio.wait_for(hung.receiver.aclose(), 5)
    assert hung.cancelled is True
    assert hung.receiver.in_flight == 0
    (record,) = [r for r in caplog.records if "never_returns" in r.getMessage()]
    assert record.levelno == logging.WARNING
    assert "cancel" in record.getMessage() and "recording.completed" in record.getMessage()
    assert "dl-token-1" not in caplog.text and "Weekly standup" not in caplog.text


@pytest.mark.parametrize("closer", ["app-cleanup", "async-with"])
async def test_every_way_of_closing_is_bounded_by_the_grace_period(
    clock: FakeClock, session: aiohttp.ClientSession, closer: str
) -> None:
    hung = _Hung(clock, shutdown_timeout=0.2)
    receiver = hung.receiver
    sender = WebhookSender(SECRET, clock=clock)

    async def deliver(server: TestServer) -> None:
        url = str(server.make_url("/hook"))
        delivery = await asyncio.wait_for(sender.send(session, url, recording_body()), 5)
        assert delivery.status == 200
        await asyncio.wait_for(hung.started.wait(), 5)

    async with asyncio.timeout(5):
        if closer == "app-cleanup":
            async with TestServer(receiver.app(path="/hook"), host="127.0.0.1") as server:
                await deliver(server)
            # leaving the server ran the app's cleanup, which closed the receiver
        else:
            app = web.Application()
            app.router.add_post("/hook", receiver.handler)
            async with TestServer(app, host="127.0.0.1") as server, receiver:
                await deliver(server)
    assert hung.cancelled is True
    assert receiver.in_flight == 0


async def test_closing_ends_even_if_a_handler_ignores_its_cancellation(
    clock: FakeClock, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    receiver = WebhookReceiver(SECRET, clock=clock, shutdown_timeout=0.1)
    started, release = asyncio.Event(), asyncio.Event()

    @receiver.on("recording.completed")
    async def stubborn(event: WebhookEvent) -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            await release.wait()  # swallows the cancellation until the test lets it go

    sender = WebhookSender(SECRET, clock=clock)
    app = web.Application()
    app.router.add_post("/hook", receiver.handler)
    try:
        async with asyncio.timeout(10), TestServer(app, host="127.0.0.1") as server:
            url = str(server.make_url("/hook"))
            delivery = await asyncio.wait_for(sender.send(session, url, recording_body()), 5)
            assert delivery.status == 200
            await asyncio.wait_for(started.wait(), 5)
            with caplog.at_level(logging.WARNING, logger="aiozoom.webhooks"):
                await asyncio.wait_for(receiver.aclose(), 5)
            assert receiver.in_flight == 1  # left behind, not waited for
            (error,) = [r for r in caplog.records if r.levelno == logging.ERROR]
            assert "stubborn" in error.getMessage() and "did not stop" in error.getMessage()
    finally:
        release.set()  # whatever happened, let the handler end so the test can
        await asyncio.wait_for(receiver.drain(), 5)
    assert receiver.in_flight == 0

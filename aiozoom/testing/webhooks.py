"""Sending signed Zoom webhook deliveries, as Zoom does, to test a receiver over real HTTP.

::

    sender = WebhookSender(secret_token, clock=clock)
    async with aiohttp.ClientSession() as session:
        first = await sender.send(session, url, event_body("meeting.started", {"id": 1}))
        clock.advance(5 * 60)
        again = await sender.redeliver(session, url, first)   # Zoom's retry: new timestamp

Bodies are bytes and are sent exactly as given, so a test can sign one body and send another, or
send any JSON layout. The fake Zoom server uses the same class to call its subscribers.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Mapping
from typing import Any

import aiohttp
import attrs

from aiozoom.webhooks.verify import SIGNATURE_HEADER, TIMESTAMP_HEADER, compute_signature

__all__ = ["Delivery", "WebhookSender", "event_body", "url_validation_body"]


def event_body(
    event: str,
    obj: Mapping[str, Any] | None = None,
    *,
    account_id: str = "aiozoom-test-account",
    event_ts: int | None = None,
    payload: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> bytes:
    """A Zoom envelope as JSON bytes: ``{"event", "event_ts", "payload": {...}, **extra}``.

    ``payload`` defaults to ``{"account_id": account_id, "object": obj}``; ``extra`` adds
    top-level keys such as ``download_token``. ``event_ts`` defaults to the current time in ms.
    """
    if payload is None:
        payload = {"account_id": account_id, "object": dict(obj or {})}
    ts = event_ts if event_ts is not None else int(time.time() * 1000)
    envelope = {"event": event, "event_ts": ts, "payload": dict(payload), **(extra or {})}
    return json.dumps(envelope, separators=(",", ":")).encode("utf-8")


def url_validation_body(plain_token: str | None = None, *, event_ts: int | None = None) -> bytes:
    """An ``endpoint.url_validation`` challenge body (a random ``plainToken`` by default)."""
    token = plain_token if plain_token is not None else secrets.token_urlsafe(16)
    return event_body("endpoint.url_validation", payload={"plainToken": token}, event_ts=event_ts)


@attrs.frozen
class Delivery:
    """One delivery that was sent, and the receiver's answer."""

    body: bytes = attrs.field(repr=False)
    timestamp: int
    headers: Mapping[str, str] = attrs.field(repr=False)
    status: int
    response_body: bytes = attrs.field(repr=False)
    latency: float
    """Seconds from sending the request to reading the whole answer."""

    def json(self) -> Any:
        """The answer decoded as JSON."""
        return json.loads(self.response_body)


class WebhookSender:
    """Signs webhook bodies with ``secret_token`` and POSTs them, the way Zoom delivers events.

    ``clock`` gives the Unix time stamped on each delivery (default ``time.time``).
    """

    def __init__(self, secret_token: str, *, clock: Callable[[], float] | None = None) -> None:
        if not secret_token:
            raise ValueError("secret_token must not be empty")
        self._secret_token = secret_token
        self._clock = clock or time.time

    def __repr__(self) -> str:
        return "WebhookSender(secret_token=<redacted>)"

    def sign(self, body: bytes, timestamp: int | None = None) -> dict[str, str]:
        """The headers Zoom sends with ``body`` at ``timestamp`` (default: now per the clock)."""
        ts = int(self._clock()) if timestamp is None else int(timestamp)
        return {
            "Content-Type": "application/json; charset=utf-8",
            TIMESTAMP_HEADER: str(ts),
            SIGNATURE_HEADER: compute_signature(body, ts, self._secret_token),
            "User-Agent": "Zoom Marketplace/1.0a",
        }

    async def send(
        self,
        session: aiohttp.ClientSession,
        url: str,
        body: bytes | Mapping[str, Any],
        *,
        timestamp: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Delivery:
        """Sign and POST ``body`` to ``url`` with ``session``; ``headers`` override signed ones.

        A mapping body is serialised to compact JSON first. The answer is read in full; HTTP
        errors are returned in :attr:`Delivery.status`, not raised.
        """
        raw = (
            body
            if isinstance(body, bytes)
            else json.dumps(body, separators=(",", ":")).encode("utf-8")
        )
        ts = int(self._clock()) if timestamp is None else int(timestamp)
        sent_headers = {**self.sign(raw, ts), **(headers or {})}
        start = time.perf_counter()
        async with session.post(url, data=raw, headers=sent_headers) as response:
            answer = await response.read()
            latency = time.perf_counter() - start
            return Delivery(
                body=raw,
                timestamp=ts,
                headers=sent_headers,
                status=response.status,
                response_body=answer,
                latency=latency,
            )

    async def redeliver(
        self,
        session: aiohttp.ClientSession,
        url: str,
        previous: Delivery | bytes,
        *,
        timestamp: int | None = None,
    ) -> Delivery:
        """Send the same body again with a fresh timestamp and signature, as Zoom's retries do.

        The timestamp defaults to now; if that equals the previous delivery's (the clock did not
        move), it is one second later, so the signature always differs.
        """
        body = previous.body if isinstance(previous, Delivery) else previous
        if timestamp is None:
            timestamp = int(self._clock())
            if isinstance(previous, Delivery) and timestamp <= previous.timestamp:
                timestamp = previous.timestamp + 1
        return await self.send(session, url, body, timestamp=timestamp)

"""An aiohttp endpoint that receives Zoom webhooks: verify, deduplicate, acknowledge, then handle.

::

    receiver = WebhookReceiver(os.environ["ZOOM_WEBHOOK_SECRET_TOKEN"])

    @receiver.on(RecordingCompleted)          # or receiver.on("recording.completed")
    async def archive(event: RecordingCompleted) -> None:
        ...

    app.router.add_post("/zoom/webhook", receiver.handler)   # or: web.run_app(receiver.app())

For each POST the receiver, in this order: refuses a body over ``max_body_size`` (413, from
``Content-Length`` and again while reading) or one not fully arrived ``read_timeout`` seconds after
the headers (408, connection closed); checks the signature and timestamp (401); parses the
envelope (400 when it is not JSON or not a Zoom envelope); answers ``endpoint.url_validation``
itself; drops a delivery it has already accepted within the dedupe window (200, no handler
runs); otherwise sends the 200 **first** and only then starts each matching handler as a
background task, so a slow handler never makes Zoom wait past its 3-second limit and redeliver.

Handlers run at most once per event per window (see :mod:`aiozoom.webhooks.dedupe`). Their
failures are logged on the ``aiozoom.webhooks`` logger and do not affect other deliveries.
Because the acknowledgement goes out before handlers finish, an event whose handler crashes, or
that is in flight when the process dies, is not redelivered by Zoom: make handlers that must not
lose work persist the event first. ``await receiver.drain()`` waits for in-flight handlers;
``await receiver.aclose()`` stops accepting deliveries (503, so Zoom retries) and drains, cancelling
the handlers still running after ``shutdown_timeout`` seconds, so that closing always ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import math
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, overload

from aiohttp import web

from aiozoom._serving import send_and_close
from aiozoom.webhooks.dedupe import (
    DEFAULT_DEDUPE_WINDOW,
    DedupeStore,
    MemoryDedupeStore,
    delivery_key,
)
from aiozoom.webhooks.events import InvalidWebhookError, UrlValidation, WebhookEvent, parse_event
from aiozoom.webhooks.verify import (
    DEFAULT_TOLERANCE,
    WebhookVerificationError,
    url_validation_response,
    verify,
)

__all__ = [
    "ANY_EVENT",
    "DEFAULT_MAX_BODY_SIZE",
    "DEFAULT_READ_TIMEOUT",
    "DEFAULT_SHUTDOWN_TIMEOUT",
    "Handler",
    "WebhookReceiver",
]

logger = logging.getLogger("aiozoom.webhooks")

ANY_EVENT = "*"
"""The event name that registers a handler for every event."""

DEFAULT_MAX_BODY_SIZE = 1024 * 1024
"""Bytes; Zoom's largest payloads (recordings with many files) are tens of kilobytes."""

DEFAULT_READ_TIMEOUT = 10.0
"""Seconds a delivery's body may take to arrive after its headers; Zoom sends it in one go."""

DEFAULT_SHUTDOWN_TIMEOUT = 30.0
"""Seconds :meth:`WebhookReceiver.aclose` waits for running handlers before cancelling them."""

Handler = Callable[[Any], Awaitable[object]]
"""An async callable taking the typed event (a :class:`~aiozoom.webhooks.WebhookEvent`)."""

HandlerT = TypeVar("HandlerT", bound=Handler)
EventT = TypeVar("EventT", bound=WebhookEvent)

_READ_CHUNK = 64 * 1024
_UNWIND_WAIT = 1.0
"""Seconds a cancelled handler gets to unwind (``finally`` blocks) before closing stops waiting."""

_ANSWERED_ITSELF = (
    "the receiver answers endpoint.url_validation itself and never runs a handler for it"
)


def _text(status: int, text: str, *, close: bool = False) -> web.Response:
    response = web.Response(status=status, text=text)
    if close:
        response.force_close()
    return response


def _seconds_option(name: str, value: float, *, zero_allowed: bool = False) -> float:
    """``value`` as float seconds; a ``TypeError`` or ``ValueError`` naming ``name`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number of seconds, not {type(value).__name__}")
    bound = ">= 0" if zero_allowed else "> 0"
    # Exact comparisons: NaN fails both, and an int of any size is compared without overflow.
    in_range = (value >= 0 if zero_allowed else value > 0) and value < math.inf
    if in_range:
        with contextlib.suppress(OverflowError):
            return float(value)
    raise ValueError(f"{name} must be a finite number of seconds {bound}")


def _handler_name(handler: Handler) -> str:
    return str(getattr(handler, "__qualname__", None) or repr(handler))


def _is_async_callable(func: object) -> bool:
    return inspect.iscoroutinefunction(func) or inspect.iscoroutinefunction(
        getattr(func, "__call__", None)  # noqa: B004 - async callable objects count too
    )


class WebhookReceiver:
    """Receives Zoom webhook deliveries on an aiohttp server and dispatches typed events.

    :param secret_token: the app's webhook *Secret Token* (Zoom Marketplace, Features > Access).
    :param dedupe_store: where accepted deliveries are remembered; default an in-memory
        :class:`~aiozoom.webhooks.MemoryDedupeStore` on ``clock``. Use a shared store when several
        processes receive for the same app.
    :param dedupe_window: seconds a delivery is remembered; keep it above 90 minutes (Zoom retries
        after about 5, 20 and 60 minutes).
    :param dedupe_key: maps an event to its dedupe key (default
        :func:`~aiozoom.webhooks.delivery_key`).
    :param max_body_size: larger bodies are refused with 413 without being read into memory.
    :param tolerance: seconds the signed timestamp may be off from ``clock``, either way.
    :param clock: Unix time in seconds (default ``time.time``).
    :param read_timeout: seconds the whole body may take to arrive once the headers are in
        (default 10). A slower delivery is answered 408, logged at WARNING, and its connection
        closed, so clients trickling bytes cannot hold connections open. Must be > 0.
    :param shutdown_timeout: the grace period, in seconds, :meth:`aclose` gives running handlers
        when called without ``timeout`` (default 30) -- as do ``async with`` and the cleanup of
        :meth:`app`. Handlers still running then are cancelled and logged. Must be >= 0.
    """

    def __init__(
        self,
        secret_token: str,
        *,
        dedupe_store: DedupeStore | None = None,
        dedupe_window: float = DEFAULT_DEDUPE_WINDOW,
        dedupe_key: Callable[[WebhookEvent], str] = delivery_key,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
        tolerance: float = DEFAULT_TOLERANCE,
        clock: Callable[[], float] | None = None,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        shutdown_timeout: float = DEFAULT_SHUTDOWN_TIMEOUT,
    ) -> None:
        if not isinstance(secret_token, str):
            raise TypeError(f"secret_token must be a str, not {type(secret_token).__name__}")
        if not secret_token:
            raise ValueError("secret_token must not be empty")
        if dedupe_window <= 0:
            raise ValueError("dedupe_window must be > 0 seconds")
        if max_body_size <= 0:
            raise ValueError("max_body_size must be > 0 bytes")
        if tolerance < 0:
            raise ValueError("tolerance must be >= 0 seconds")
        self.read_timeout = _seconds_option("read_timeout", read_timeout)
        self.shutdown_timeout = _seconds_option(
            "shutdown_timeout", shutdown_timeout, zero_allowed=True
        )
        self._secret_token = secret_token
        self._clock = clock or time.time
        self.dedupe_store: DedupeStore = (
            MemoryDedupeStore(clock=self._clock) if dedupe_store is None else dedupe_store
        )
        self.dedupe_window = dedupe_window
        self._dedupe_key = dedupe_key
        self.max_body_size = max_body_size
        self.tolerance = tolerance
        self._handlers: dict[str, list[Handler]] = {}
        # Each running handler task, with what its log lines name: handler, event, event_ts.
        self._tasks: dict[asyncio.Task[None], tuple[str, str, int | None]] = {}
        self._closed = False

    def __repr__(self) -> str:
        events = sorted(self._handlers)
        return f"WebhookReceiver(handlers={events!r}, in_flight={len(self._tasks)})"

    # --- registering handlers -------------------------------------------------------------------

    @overload
    def on(
        self, event: type[EventT]
    ) -> Callable[
        [Callable[[EventT], Awaitable[object]]], Callable[[EventT], Awaitable[object]]
    ]: ...

    @overload
    def on(self, event: str) -> Callable[[HandlerT], HandlerT]: ...

    def on(self, event: str | type[WebhookEvent]) -> Callable[[Handler], Handler]:
        """Decorator: run the async ``handler(event)`` for each new delivery of ``event``.

        ``event`` is a Zoom event name such as ``"recording.completed"``, ``"*"`` for every
        event, or the class of one event (``PhoneRecordingDeleted``, from
        :mod:`aiozoom.webhooks.types`), which registers for its name and lets type checkers hold
        the handler to taking that class. Several handlers may share an event; each runs in its
        own task. ``endpoint.url_validation`` (:class:`UrlValidation`) is refused: the receiver
        answers it itself and never hands it to a handler.
        """
        if isinstance(event, type):
            name = event.EVENT_NAME if issubclass(event, WebhookEvent) else None
            if not name:
                raise TypeError(
                    f"{event.__name__} is not the class of one Zoom event (such as"
                    " RecordingCompleted); pass an event name, or use on_any for every event"
                )
            if name == UrlValidation.EVENT_NAME:
                raise TypeError(f"{event.__name__}: {_ANSWERED_ITSELF}")
            event = name
        if not isinstance(event, str) or not event:
            raise ValueError("event must be a Zoom event name such as 'meeting.started', or '*'")
        if event == UrlValidation.EVENT_NAME:
            raise ValueError(f"{event!r}: {_ANSWERED_ITSELF}")
        key = event

        def register(handler: Handler) -> Handler:
            if not _is_async_callable(handler):
                raise TypeError(f"webhook handler {handler!r} must be an async function")
            self._handlers.setdefault(key, []).append(handler)
            return handler

        return register

    def on_any(self, handler: HandlerT) -> HandlerT:
        """Decorator: run the async ``handler(event)`` for every new delivery of any event."""
        return self.on(ANY_EVENT)(handler)

    # --- serving ------------------------------------------------------------------------------

    def app(self, *, path: str = "/") -> web.Application:
        """A ready aiohttp application serving the receiver at ``path`` (POST).

        Its cleanup closes the receiver: it waits for in-flight handlers up to ``shutdown_timeout``
        seconds, then cancels those still running.
        """
        application = web.Application()
        application.router.add_post(path, self.handler)

        async def close_receiver(_: web.Application) -> None:
            await self.aclose()

        application.on_cleanup.append(close_receiver)
        return application

    async def handler(self, request: web.Request) -> web.StreamResponse:
        """The aiohttp request handler: ``app.router.add_post(path, receiver.handler)``."""
        if self._closed:
            return _text(503, "receiver is shutting down")
        length = request.content_length
        if length is not None and length > self.max_body_size:
            self._reject(request, 413, f"Content-Length {length} exceeds {self.max_body_size}")
            return _text(413, "request body too large", close=True)
        try:
            async with asyncio.timeout(self.read_timeout):
                body = await self._read_body(request)
        except TimeoutError:
            self._reject(
                request, 408, f"body not received within read_timeout ({self.read_timeout:g} s)"
            )
            return await send_and_close(request, _text(408, "request body not received in time"))
        if body is None:
            self._reject(request, 413, f"body exceeds {self.max_body_size} bytes")
            return _text(413, "request body too large", close=True)
        try:
            verify(
                body,
                request.headers,
                self._secret_token,
                tolerance=self.tolerance,
                now=self._clock(),
            )
        except WebhookVerificationError as exc:
            self._reject(request, 401, str(exc))
            return _text(401, "webhook verification failed")
        try:
            event = parse_event(body)
        except InvalidWebhookError as exc:
            self._reject(request, 400, str(exc))
            return _text(400, "not a Zoom webhook event")
        if isinstance(event, UrlValidation):
            if not event.plain_token:
                self._reject(request, 400, "endpoint.url_validation without payload.plainToken")
                return _text(400, "missing plainToken")
            logger.info("answered Zoom endpoint URL validation")
            return web.json_response(url_validation_response(event.plain_token, self._secret_token))
        try:
            duplicate = await self.dedupe_store.seen_or_add(
                self._dedupe_key(event), self.dedupe_window
            )
        except Exception:
            logger.exception(
                "dedupe store failed; answering 503 so Zoom delivers %s again", event.event
            )
            return _text(503, "temporarily unavailable")
        if duplicate:
            logger.debug("dropped duplicate %s delivery (event_ts=%s)", event.event, event.event_ts)
            return web.Response(status=200)
        response = web.Response(status=200)
        try:
            # Send the acknowledgement before any handler can run. The delivery is now recorded as
            # seen, so its handlers must run even if the acknowledgement cannot be sent.
            await response.prepare(request)
            await response.write_eof()
        finally:
            self._dispatch(event)
        return response

    async def _read_body(self, request: web.Request) -> bytes | None:
        """The whole body, or ``None`` as soon as it exceeds ``max_body_size``."""
        body = bytearray()
        limit = self.max_body_size
        while chunk := await request.content.read(_READ_CHUNK):
            body += chunk
            if len(body) > limit:
                return None
        return bytes(body)

    def _reject(self, request: web.Request, status: int, reason: str) -> None:
        logger.warning(
            "rejected webhook delivery from %s with %d: %s", request.remote, status, reason
        )

    # --- running handlers ---------------------------------------------------------------------

    def _dispatch(self, event: WebhookEvent) -> None:
        for handler in (*self._handlers.get(event.event, ()), *self._handlers.get(ANY_EVENT, ())):
            task = asyncio.get_running_loop().create_task(self._run(handler, event))
            self._tasks[task] = (_handler_name(handler), event.event, event.event_ts)
            task.add_done_callback(self._forget)

    def _forget(self, task: asyncio.Task[None]) -> None:
        self._tasks.pop(task, None)

    @staticmethod
    async def _run(handler: Handler, event: WebhookEvent) -> None:
        try:
            await handler(event)
        except Exception:
            logger.exception(
                "webhook handler %s failed on %s (event_ts=%s)",
                _handler_name(handler),
                event.event,
                event.event_ts,
            )

    @property
    def in_flight(self) -> int:
        """How many handler tasks are running."""
        return len(self._tasks)

    async def drain(self) -> None:
        """Wait until no handler is running (including handlers started while waiting)."""
        while self._tasks:
            # asyncio.wait, not gather: cancelling the caller must not cancel the handlers.
            await asyncio.wait(set(self._tasks))

    async def aclose(self, *, timeout: float | None = None) -> None:
        """Refuse new deliveries (503, so Zoom retries) and wait for running handlers.

        Handlers still running after ``timeout`` seconds (default: the receiver's
        ``shutdown_timeout``) are cancelled, each logged at WARNING with its handler and event
        name. Cancelled handlers get up to one more second to unwind; a handler that ignores its
        cancellation is logged at ERROR and no longer waited for, so closing always ends. To wait
        without a bound, ``await drain()`` first.
        """
        self._closed = True
        grace = self.shutdown_timeout if timeout is None else timeout
        try:
            await asyncio.wait_for(self.drain(), grace)
        except TimeoutError:
            await self._cancel_running(grace)

    async def _cancel_running(self, grace: float) -> None:
        running = dict(self._tasks)
        for task, (handler, event, event_ts) in running.items():
            task.cancel()
            logger.warning(
                "cancelled webhook handler %s on %s (event_ts=%s): still running %g s after "
                "the receiver began closing",
                handler,
                event,
                event_ts,
                grace,
            )
        if not running:
            return
        _, stuck = await asyncio.wait(running, timeout=_UNWIND_WAIT)
        for task in stuck:
            handler, event, event_ts = running[task]
            logger.error(
                "webhook handler %s on %s (event_ts=%s) did not stop when cancelled; "
                "no longer waiting for it",
                handler,
                event,
                event_ts,
            )

    async def __aenter__(self) -> WebhookReceiver:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

"""Faults the fake Zoom can inject into API answers: error statuses, resets, delays, hangs.

A :class:`Fault` says *what* goes wrong; ``FakeZoom.inject_fault(fault, method=..., path=...,
times=..., nth=..., rate=...)`` says *which* requests it hits::

    fake.inject_fault(Fault.status(503), method="GET", path="/users/{userId}")
    fake.inject_fault(Fault.after_commit(502), method="POST", path="/users/me/meetings")
    fake.inject_fault(Fault.reset(), nth=3, times=None)  # the 3rd API request and all after it

Faults stand for the infrastructure in front of Zoom (load balancers, proxies, the network), so
the fake checks the bearer token first (a bad token still gets its 401) and then the faults,
before its rate limits and handlers. :class:`FaultRule` is the matching and counting behind
``inject_fault``; it is pure (no HTTP) and deterministic (a seeded ``random.Random``).
"""

from __future__ import annotations

import http
import json
import random
from collections.abc import Mapping
from typing import Literal

import attrs

__all__ = ["Fault", "FaultKind", "FaultRule"]

FaultKind = Literal["status", "after_commit", "reset", "delay", "hang", "malformed"]

_MESSAGES = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def error_body(status: int) -> bytes:
    """A Zoom-shaped JSON error body for ``status``: ``{"code": status, "message": ...}``."""
    try:
        message = _MESSAGES.get(status) or http.HTTPStatus(status).phrase
    except ValueError:
        message = "Error"
    return json.dumps({"code": status, "message": message}).encode()


def _header_pairs(headers: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
    return tuple((headers or {}).items())


@attrs.frozen
class Fault:
    """One thing that goes wrong with an API request. Build it with a classmethod below."""

    kind: FaultKind
    status_code: int = 500
    """The HTTP status answered (``status``, ``after_commit``, ``malformed``)."""
    body: bytes | None = None
    """The raw body to answer with (``status`` and ``malformed``); ``None``: a JSON error."""
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    """Extra headers of the answer (``status``)."""
    seconds: float = 0.0
    """How long ``delay`` waits before answering."""

    @classmethod
    def status(
        cls,
        status: int = 500,
        body: str | bytes | None = None,
        content_type: str = "application/json",
        headers: Mapping[str, str] | None = None,
    ) -> Fault:
        """Answer ``status`` instead of running the handler (nothing is written).

        The body is ``{"code": status, "message": "Internal Server Error"}``-style JSON unless
        ``body`` is given, which is sent verbatim (an HTML error page with
        ``content_type="text/html"``, say).
        """
        raw = body.encode() if isinstance(body, str) else body
        return cls("status", status, raw, content_type, _header_pairs(headers))

    @classmethod
    def after_commit(cls, status: int = 500) -> Fault:
        """Run the request for real (a POST creates the meeting), then answer ``status`` with a
        JSON error instead of the real answer: the write happened, the client cannot tell."""
        return cls("after_commit", status)

    @classmethod
    def reset(cls) -> Fault:
        """Drop the connection without answering: the client sees a connection error."""
        return cls("reset")

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Wait ``seconds`` (real time), then answer normally."""
        if seconds < 0:
            raise ValueError("seconds must be >= 0")
        return cls("delay", seconds=seconds)

    @classmethod
    def hang(cls) -> Fault:
        """Never answer. The request is held until ``clear_faults()`` or ``close()``, which then
        drop its connection, so a hung request never keeps the fake from shutting down."""
        return cls("hang")

    @classmethod
    def malformed(
        cls, body: bytes, status: int = 200, content_type: str = "application/json"
    ) -> Fault:
        """Answer ``status`` with ``body`` as it is: truncated JSON, HTML, nothing at all..."""
        return cls("malformed", status, body, content_type)

    def answer_body(self) -> bytes:
        """The bytes this fault answers with (``status``, ``after_commit``, ``malformed``)."""
        return self.body if self.body is not None else error_body(self.status_code)


@attrs.define
class FaultRule:
    """An injected fault and which requests it hits, with the counts to decide the next one.

    Of the requests matching ``method`` and ``path``, the first ``nth - 1`` are let through;
    from then on each gets the fault (with probability ``rate`` when given) until ``times``
    requests got it (``None``: no end).
    """

    fault: Fault
    method: str | None = None
    path: str | None = None
    times: int | None = 1
    nth: int = 1
    rate: float | None = None
    seed: int = 0
    matched: int = 0
    """Matching requests seen so far."""
    hits: int = 0
    """Requests that got the fault so far."""
    _rng: random.Random = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        if self.times is not None and self.times < 1:
            raise ValueError("times must be >= 1 (or None for every matching request)")
        if self.nth < 1:
            raise ValueError("nth counts from 1")
        if self.rate is not None and not 0.0 < self.rate <= 1.0:
            raise ValueError("rate must be in (0, 1]")
        if self.method is not None:
            self.method = self.method.upper()
        if self.path is not None and not self.path.startswith("/"):
            self.path = "/" + self.path
        self._rng = random.Random(self.seed)

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.hits >= self.times

    def matches(self, method: str, paths: tuple[str, ...]) -> bool:
        """Whether a request (``paths``: its path relative to ``/v2``, in the forms to try)
        is one this rule watches."""
        if self.method is not None and method.upper() != self.method:
            return False
        return self.path is None or any(_path_matches(self.path, p) for p in paths)

    def offer(self, method: str, paths: tuple[str, ...], *, taken: bool) -> bool:
        """Count a request; ``True`` if it gets this fault. ``taken``: an earlier rule already
        gave it a fault, so this one only counts it as seen."""
        if self.exhausted or not self.matches(method, paths):
            return False
        self.matched += 1
        if taken or self.matched < self.nth:
            return False
        if self.rate is not None and self._rng.random() >= self.rate:
            return False
        self.hits += 1
        return True


def _path_matches(pattern: str, path: str) -> bool:
    """``pattern`` is a path or a template whose ``{param}`` segments match any one segment."""
    if pattern == path:
        return True
    if "{" not in pattern:
        return False
    want = pattern.strip("/").split("/")
    got = path.strip("/").split("/")
    return len(want) == len(got) and all(
        (w.startswith("{") and w.endswith("}") and g != "") or w == g
        for w, g in zip(want, got, strict=True)
    )

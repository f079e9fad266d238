"""Answers from Zoom's own examples, as they are, for every GET.

``FakeZoom`` answers every operation by itself (from state, or as its description says, with
Zoom's example where it is valid); a test that wants Zoom's published example, as it is, for each
GET the fake keeps no state for can have it answer first::

    fake.fallback = spec_fallback()

The examples are generated from the spec into ``spec_examples.json`` next to this module. A
request is matched to its operation with :func:`aiozoom.api.find_operation` on the raw (escaped)
path, so IDs with ``/`` in them (double-encoded meeting UUIDs) match like any other, and only
where Zoom serves it: SCIM 2 (``/scim2/...``) at the host's root, everything else under ``/v2``.
Paged operations answer a single, last page in whichever way the operation pages
(``next_page_token`` and ``nextPageToken`` empty, ``has_next_page`` false, ``page_number``,
``page``, ``page_count`` and ``startIndex`` 1, ``total_records``, ``total``, ``totalResults`` and
``itemsPerPage`` the number of items), so a walk over them ends. The fake checks the bearer token
before it asks the fallback.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Collection
from functools import cache
from importlib import resources
from typing import Any

from aiohttp import web

from aiozoom.api import Operation, find_operation

__all__ = ["example_answer", "spec_examples", "spec_fallback"]

Fallback = Callable[[web.Request], Awaitable[web.StreamResponse | None]]


@cache
def spec_examples() -> dict[str, Any]:
    """The generated examples, by ``"METHOD /path"`` template: ``{"method", "path", "status",
    "responses", "params"}`` (``responses`` has one example per shape the answer can take); a
    master-account path says which operation it answers like (``{"same_as": "GET /users"}``)."""
    text = resources.files("aiozoom.testing").joinpath("spec_examples.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    data.pop("_generated", None)
    return data


def example_answer(operation: Operation | str) -> tuple[int, Any] | None:
    """The status and JSON body the fallback answers an operation with (``None``: none).

    ``operation`` is an :class:`~aiozoom.api.Operation` or its ``"METHOD /path"`` template.
    """
    op = find_operation(*operation.split(" ", 1)) if isinstance(operation, str) else operation
    if op is None:
        return None
    entry = _entry(op)
    if not entry.get("responses"):
        return None
    body = json.loads(json.dumps(entry["responses"][0]))  # a copy the caller may change
    if op.paginated and isinstance(body, dict):
        single_last_page(body, op.items_key)
    return int(entry["status"]), body


def single_last_page(body: dict[str, Any], items_key: str | None) -> None:
    """Make a page (an example, or one made from a schema) say, in every paging style, that it
    is the list's only page. A value of another type than the one written is left alone, so a
    page valid against its schema stays valid."""
    items = body.get(items_key) if items_key else None
    count = len(items) if isinstance(items, list) else 0
    for key in ("next_page_token", "nextPageToken"):  # token, page_token
        if isinstance(body.get(key), str):
            body[key] = ""
    for key in ("page_number", "page_count", "page", "page_num", "startIndex"):
        if _is_int(body.get(key)):
            body[key] = 1
    if isinstance(body.get("has_next_page"), bool):
        body["has_next_page"] = False
    for key in ("total_records", "total", "totalResults", "itemsPerPage"):
        if _is_int(body.get(key)):
            body[key] = count


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


FAKE_FILE = b"aiozoom fake file\n"
"""What the fallback answers an operation whose answer is a file (a PDF, a recording) with."""


def _entry(op: Operation) -> dict[str, Any]:
    """The examples of an operation (a master-account path's are those it answers like)."""
    examples = spec_examples()
    entry: dict[str, Any] = examples.get(f"{op.method} {op.path}") or {}
    if "same_as" in entry:
        entry = examples.get(entry["same_as"]) or {}
    return entry


def _file_answer(op: Operation) -> web.StreamResponse | None:
    entry = _entry(op)
    media = entry.get("content_type")
    if not media:
        return None
    return web.Response(status=int(entry["status"]), body=FAKE_FILE, content_type=media)


def spec_fallback(*, methods: Collection[str] = ("GET",)) -> Fallback:
    """A ``FakeZoom.fallback`` answering each operation in ``methods`` with Zoom's example.

    Requests that are not an operation of Zoom's API where Zoom serves it (SCIM 2 at the host's
    root, everything else under ``/v2``), or whose operation has no example, get ``None`` (the
    fake answers 404).
    """
    allowed = frozenset(m.upper() for m in methods)

    async def fallback(request: web.Request) -> web.StreamResponse | None:
        if request.method not in allowed:
            return None
        op = find_operation(request.method, request.raw_path)
        if op is None or op.root == request.raw_path.startswith("/v2/"):
            return None  # SCIM 2 lives at the host's root, the rest under /v2
        answer = example_answer(op)
        if answer is None:
            return _file_answer(op)
        status, body = answer
        return web.json_response(body, status=status)

    return fallback

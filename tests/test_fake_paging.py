"""The fake Zoom's examples as lists: every paged operation, in every paging style, walks to its
end on a single page of the example's items; and SCIM 2 is answered only at the host's root,
everything else only under ``/v2``, as Zoom serves them.

One fake Zoom and one client serve the whole module (``loop_scope="module"``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestServer

from aiozoom import NotFoundError
from aiozoom.api import Operation, find_operation, operations
from aiozoom.client import ZoomClient
from aiozoom.models import unstructure
from aiozoom.pagination import PAGING_STYLES
from aiozoom.testing import FakeZoom
from aiozoom.testing.resources import meetings as meetings_routes
from aiozoom.testing.resources import users as users_routes
from aiozoom.testing.spec_fallback import example_answer, spec_examples, spec_fallback

pytestmark = pytest.mark.asyncio(loop_scope="module")

PAGED = [op for op in operations() if op.paginated and not op.master_account]
STATEFUL = {
    key.split(" ", 1)[1]
    for key in {**users_routes.routes, **meetings_routes.routes}
    if key.startswith("GET ")
}
BOUND = 10  # seconds: a walk that has not ended by then never would


class World:
    def __init__(self, fake: FakeZoom, zoom: ZoomClient) -> None:
        self.fake = fake
        self.zoom = zoom
        self.served: list[str] = []  # "METHOD /template" of each request the examples answered
        self.asked = 0  # requests that reached the fallback


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world() -> AsyncIterator[World]:
    async with FakeZoom() as fake, fake.client() as zoom:
        state = World(fake, zoom)
        examples = spec_fallback()

        async def fallback(request: web.Request) -> web.StreamResponse | None:
            op = find_operation(request.method, request.raw_path)
            if op is not None and f"{op.method} {op.path}" in fake.routes:
                return None  # the fake's state answers
            state.asked += 1
            answer = await examples(request)
            if answer is not None:
                op = find_operation(request.method, request.raw_path)
                assert op is not None
                state.served.append(f"{op.method} {op.path}")
            return answer

        fake.fallback = fallback
        # Zoom's examples for everything but users and their meetings and recordings: the state
        # of webinars, groups, phone, ... has nothing under the examples' IDs
        fake.routes.clear()
        fake.routes.update(users_routes.routes)
        fake.routes.update(meetings_routes.routes)
        yield state


def _method(zoom: ZoomClient, op: Operation) -> Any:
    target: Any = zoom
    for part in op.python_name.split("."):
        target = getattr(target, part)
    return target


def _arguments(op: Operation) -> tuple[list[Any], dict[str, Any]]:
    """Path parameters and required query parameters, from the spec's examples."""
    examples = spec_examples()[f"{op.method} {op.path}"].get("params", {})
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for p in op.parameters:
        if p.location == "path":
            args.append("me" if p.name == "userId" else examples.get(p.name, "x1"))
        elif p.required:
            kwargs[p.python_name] = examples.get(p.name, "x1")
    return args, kwargs


async def test_every_paging_style_is_walked() -> None:
    assert {op.paging for op in PAGED} == set(PAGING_STYLES)
    assert len(PAGED) > 300


@pytest.mark.parametrize("op", PAGED, ids=lambda op: op.python_name)
async def test_every_paged_operation_walks_to_its_end(world: World, op: Operation) -> None:
    args, kwargs = _arguments(op)
    served, asked = len(world.served), world.asked
    listing = _method(world.zoom, op)(*args, **kwargs)
    if op.path in STATEFUL and "{meetingId}" in op.path:
        # the examples' meeting is not in the fake's state: its documented 404
        with pytest.raises(NotFoundError):
            await asyncio.wait_for(_collect(listing), BOUND)
        return
    items = await asyncio.wait_for(_collect(listing), BOUND)
    if world.asked == asked:  # users, meetings, recordings: the fake's own state answered
        assert op.path in STATEFUL
        return
    # Zoom's example answered: one request, one page, every item of the example
    assert world.served[served:] == [f"{op.method} {op.path}"]
    answer = example_answer(op)
    assert answer is not None and op.items_key is not None
    expected = answer[1][op.items_key]
    assert expected and [unstructure(item) for item in items] == expected


async def _collect(listing: Any) -> list[Any]:
    return [item async for item in listing]


# -- where the examples are served ----------------------------------------------------------------


async def test_scim2_is_answered_at_the_hosts_root_only(world: World) -> None:
    at_root = await world.zoom.request("GET", "//scim2/Users")  # https://api.zoom.us/scim2/Users
    assert at_root["Resources"] and at_root["totalResults"] == len(at_root["Resources"])
    with pytest.raises(NotFoundError):
        await world.zoom.request("GET", "/scim2/Users")  # .../v2/scim2/Users: not a Zoom URL
    with pytest.raises(NotFoundError):
        await world.zoom.request("GET", "/scim2/Groups/g1")


async def test_v2_operations_are_answered_under_v2_only() -> None:
    """The fake sends only ``/v2/...`` and ``/scim2/...`` to its fallback; mounted at a host's
    root, the fallback itself still refuses a ``/v2`` operation asked for without ``/v2``."""
    app = web.Application()
    examples = spec_fallback()

    async def serve(request: web.Request) -> web.StreamResponse:
        return await examples(request) or web.json_response({"code": 404}, status=404)

    app.router.add_get("/{tail:.*}", serve)
    async with TestServer(app, host="127.0.0.1") as server, aiohttp.ClientSession() as session:
        statuses = {}
        for path in ("/v2/phone/users", "/phone/users", "/scim2/Users", "/v2/scim2/Users"):
            async with session.get(server.make_url(path)) as response:
                statuses[path] = response.status
    assert statuses == {
        "/v2/phone/users": 200,
        "/phone/users": 404,
        "/scim2/Users": 200,
        "/v2/scim2/Users": 404,
    }

"""The whole platform through the real stack: every paging style, master accounts, SCIM 2 paths
relative to the host, files as bytes, and namespaces that load when first used."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web

from aiozoom import ZoomClient
from aiozoom.api import operations
from aiozoom.auth import ServerToServerOAuth
from aiozoom.testing import FakeZoom
from aiozoom.testing.spec_fallback import FAKE_FILE, spec_fallback

Route = Callable[[web.Request], Awaitable[web.StreamResponse | None]]


class World:
    def __init__(self, fake: FakeZoom, zoom: ZoomClient) -> None:
        self.fake = fake
        self.zoom = zoom
        self.seen: list[tuple[str, str]] = []  # (method, raw path with query)
        self.routes: dict[str, Route] = {}


@pytest_asyncio.fixture
async def world() -> AsyncIterator[World]:
    async with FakeZoom() as fake:
        auth = ServerToServerOAuth(
            fake.account.account_id,
            fake.account.client_id,
            fake.account.client_secret,
            token_url=fake.token_url,
        )
        async with ZoomClient(auth, base_url=fake.base_url) as zoom:
            state = World(fake, zoom)
            examples = spec_fallback()

            async def fallback(request: web.Request) -> web.StreamResponse | None:
                state.seen.append((request.method, request.raw_path))
                route = state.routes.get(request.path)
                if route is not None:
                    return await route(request)
                return await examples(request)

            fake.fallback = fallback
            yield state


def _pages(
    items_key: str, pages: list[list[Any]], cursor: Callable[[int], dict[str, Any]]
) -> Route:
    """A list served ``pages`` at a time; ``cursor(i)`` is what page ``i`` says of the next."""
    calls = {"n": 0}

    async def route(request: web.Request) -> web.StreamResponse:
        i = calls["n"]
        calls["n"] += 1
        return web.json_response({items_key: pages[i], **cursor(i)})

    return route


# -- paging styles ------------------------------------------------------------------------------


async def test_page_token_paging_of_mail(world: World) -> None:
    pages = [[{"id": "m1"}, {"id": "m2"}], [{"id": "m3"}], [{"id": "m4"}]]
    tokens = ["t1", "t2", ""]
    world.routes["/v2/emails/mailboxes/me@example.com/messages"] = _pages(
        "messages", pages, lambda i: {"nextPageToken": tokens[i]}
    )
    listing = world.zoom.mail.messages.list("me@example.com", max_results=2)
    ids = [m.id async for m in listing]
    assert ids == ["m1", "m2", "m3", "m4"]
    queries = [path.partition("?")[2] for _, path in world.seen]
    assert queries == ["maxResults=2", "maxResults=2&pageToken=t1", "maxResults=2&pageToken=t2"]


async def test_scim_paging_by_start_index_at_the_hosts_root(world: World) -> None:
    pages = [[{"id": "u1"}, {"id": "u2"}], [{"id": "u3"}, {"id": "u4"}], [{"id": "u5"}]]
    world.routes["/scim2/Users"] = _pages(
        "Resources",
        pages,
        lambda i: {"totalResults": 5, "itemsPerPage": 2, "startIndex": 1 + 2 * i},
    )
    ids = [u.id async for u in world.zoom.scim.users.list(count=2)]
    assert ids == ["u1", "u2", "u3", "u4", "u5"]
    assert [path for _, path in world.seen] == [
        "/scim2/Users?count=2&startIndex=1",
        "/scim2/Users?count=2&startIndex=3",
        "/scim2/Users?count=2&startIndex=5",
    ]


async def test_page_paging_stops_when_zoom_says_there_is_no_next_page(world: World) -> None:
    pages = [[{"call_id": "c1"}], [{"call_id": "c2"}]]
    world.routes["/v2/dialer/call-history"] = _pages(
        "call_history", pages, lambda i: {"has_next_page": i == 0, "page": i + 1}
    )
    calls = [c.call_id async for c in world.zoom.auto_dialer.call_history_reporting.list()]
    assert calls == ["c1", "c2"]
    assert [path.partition("?")[2].split("&")[-1] for _, path in world.seen] == ["page=1", "page=2"]


async def test_page_num_paging_stops_at_the_page_count(world: World) -> None:
    pages = [[{"order_number": "o1"}], [{"order_number": "o2"}], [{"order_number": "o3"}]]
    world.routes["/v2/commerce/orders"] = _pages("order_list", pages, lambda i: {"page_count": 2})
    orders = [o.order_number async for o in world.zoom.commerce.orders.list(page_size=1)]
    assert orders == ["o1", "o2"]  # page_count 2: the third page is never asked for
    assert ["page_num=1" in path for _, path in world.seen] == [True, False]
    assert ["page_num=2" in path for _, path in world.seen] == [False, True]


def test_every_list_operation_pages() -> None:
    own = [op for op in operations() if not op.master_account and op.method == "GET"]
    paging = {"next_page_token", "page_number", "pageToken", "startIndex", "page", "page_num"}
    unpaged = {
        op.python_name
        for op in own
        if {p.name for p in op.parameters} & paging and not op.paginated
    }
    # one email thread whose messages page: a record, not a list
    assert unpaged == {"mail.threads.get"}
    assert sum(1 for op in own if op.paginated) == 384


# -- master accounts ----------------------------------------------------------------------------


async def test_a_sub_account_is_reached_by_the_same_method(world: World) -> None:
    sub = world.zoom.for_account("sub/1")
    await anext(aiter(sub.phone.users.list()))
    assert world.seen[-1][1].startswith("/v2/accounts/sub%2F1/phone/users?")
    await sub.users.get("u1")  # the fake keeps no sub-accounts: Zoom's example answers
    assert world.seen[-1][1].partition("?")[0] == "/v2/accounts/sub%2F1/users/u1"
    assert world.zoom.for_account("sub/1").phone is not world.zoom.phone
    own = [path async for path in _first_path(world, world.zoom.phone.users.list())]
    assert own[0].startswith("/v2/phone/users?")  # the client itself: its own account


async def _first_path(world: World, listing: Any) -> AsyncIterator[str]:
    await anext(aiter(listing))
    yield world.seen[-1][1]


async def test_an_operation_without_a_sub_account_form_refuses(world: World) -> None:
    sub = world.zoom.for_account("sub1")
    with pytest.raises(ValueError, match="no master-account form"):
        await sub.team_chat.messages.send("me", to_channel="c", message="hi")
    with pytest.raises(ValueError, match="no master-account form"):
        sub.team_chat.channels.list("me")  # a listing refuses before its first page
    assert world.seen == []  # nothing was sent
    with pytest.raises(ValueError, match="account_id"):
        world.zoom.for_account("")


async def test_for_account_keeps_the_clients_options(world: World) -> None:
    fast = world.zoom.with_options(timeout=5).for_account("sub1")
    assert fast._attempt_timeout is not None and fast._attempt_timeout.total == 5
    assert fast.for_account("sub2")._account == "/accounts/sub2"
    assert fast.with_options(headers={"X-A": "1"})._account == "/accounts/sub1"


def test_every_master_account_variant_is_one_generated_method() -> None:
    own = {op.python_name: op for op in operations() if not op.master_account}
    variants = [
        op
        for op in operations()
        if op.master_account and op.python_name in own and own[op.python_name].master_path
    ]
    assert len(variants) == 728
    assert all(own[op.python_name].master_path == op.path for op in variants)


# -- files --------------------------------------------------------------------------------------


async def test_a_file_answer_is_bytes(world: World) -> None:
    content = await world.zoom.phone.recordings.download("f1")
    assert content == FAKE_FILE
    big = b"\x00\xff" * 50_000

    async def pdf(request: web.Request) -> web.StreamResponse:
        return web.Response(body=big, content_type="application/pdf")

    world.routes["/v2/commerce/billing_documents/IN-1/document"] = pdf
    got = await world.zoom.commerce.billing.download_document("IN-1")
    assert got == big


# -- lazy loading -------------------------------------------------------------------------------


def _in_subprocess(code: str) -> Any:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(out.stdout)


def test_namespaces_and_their_models_load_when_first_used() -> None:
    loaded = _in_subprocess(
        "import json, sys\n"
        "import aiozoom\n"
        "from aiozoom import ZoomClient, StaticToken\n"
        "def mods(): return sorted(m for m in sys.modules if m.startswith(('aiozoom.api.',"
        " 'aiozoom.models.')))\n"
        "zoom = ZoomClient(StaticToken('t'), base_url='https://api.zoom.example/v2')\n"
        "at_import = mods()\n"
        "zoom.phone.call_logs.list()\n"
        "after_phone = mods()\n"
        "print(json.dumps([at_import, after_phone]))\n"
    )
    at_import, after_phone = loaded
    generated = {m for m in at_import if not m.rpartition(".")[2].startswith("_")}
    assert generated == set(), generated  # no product's code or models at import
    assert "aiozoom.api.phone" in after_phone
    assert "aiozoom.api.meetings" not in after_phone and "aiozoom.api.team_chat" not in after_phone

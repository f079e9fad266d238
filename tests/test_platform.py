"""The whole platform through the real stack: every paging style, master accounts, SCIM 2 paths
relative to the host, files as bytes, and namespaces that load when first used."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import attrs
import pytest
import pytest_asyncio
from aiohttp import web

from aiozoom import ResponseTooLargeError, ZoomAPIError, ZoomClient
from aiozoom.api import operations
from aiozoom.client import _host_of
from aiozoom.testing import FakeZoom
from aiozoom.testing.resources import users as users_routes
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
    async with FakeZoom() as fake, fake.client() as zoom:
        state = World(fake, zoom)
        examples = spec_fallback()

        async def fallback(request: web.Request) -> web.StreamResponse | None:
            state.seen.append((request.method, request.raw_path))
            route = state.routes.get(request.path)
            if route is not None:
                return await route(request)
            return await examples(request)

        fake.fallback = fallback
        # these tests answer with routes of their own: only users keep the fake's state
        for key in [k for k in fake.routes if k not in users_routes.routes]:
            del fake.routes[key]
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
    # an email thread whose messages page, a conversation's analysis: records, not lists
    assert unpaged == {
        "mail.threads.get",
        "revenue_accelerator.conversations.get_content_analysis",
        "revenue_accelerator.conversations.get_content_analysis_deprecated",
    }
    assert sum(1 for op in own if op.paginated) == 382


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
    assert "aiozoom.api.phone" in after_phone and "aiozoom.api.phone.call_logs" in after_phone
    assert "aiozoom.api.phone.users" not in after_phone  # a product's other parts wait too
    assert "aiozoom.api.meetings" not in after_phone and "aiozoom.api.team_chat" not in after_phone


# -- what a review found ------------------------------------------------------------------------


def _capture(world: World, path: str, answer: Any = None, status: int = 201) -> list[Any]:
    """Record what reaches ``path`` (its JSON body and headers); answer ``answer``."""
    got: list[Any] = []

    async def route(request: web.Request) -> web.StreamResponse:
        body = await request.json() if request.can_read_body else None
        got.append((body, dict(request.headers)))
        if answer is None:
            return web.Response(status=204)
        return web.json_response(answer, status=status)

    world.routes[path] = route
    return got


async def test_a_json_list_body_is_sent_as_a_list(world: World) -> None:
    got = _capture(world, "/v2/phone/monitoring_groups/g1/monitor_members")
    members = ["u1", "u2"]
    await world.zoom.phone.monitoring_groups.add_members("g1", body=members, member_type=1)
    assert got[0][0] == members
    with pytest.raises(TypeError, match="list"):
        await world.zoom.phone.monitoring_groups.add_members(
            "g1",
            body={"u1": 1},  # type: ignore[arg-type]
            member_type=1,
        )


async def test_a_header_parameter_is_sent_as_a_header(world: World) -> None:
    got = _capture(world, "/v2/commerce/order", {"order_reference_id": "o1"})
    order = {"header": {"order_type": "NEW"}}
    await world.zoom.commerce.orders.create(body=order, invoice_owner_crm_account_number="CRM-7")
    await world.zoom.commerce.orders.create(body=order)
    assert got[0][1]["invoice-owner-crm-account-number"] == "CRM-7"
    assert "invoice-owner-crm-account-number" not in got[1][1]  # None: not sent


async def test_a_sub_account_client_acts_only_on_its_account(world: World) -> None:
    sub = world.zoom.for_account("sub1")
    await sub.accounts.get_settings("sub1")
    assert world.seen[-1][1].partition("?")[0] == "/v2/accounts/sub1/settings"
    for other in ("me", "sub2"):
        with pytest.raises(ValueError, match="differs from the sub-account"):
            await sub.accounts.update_settings(other, body={})
    # "me" is the master's own user: a sub-account's client needs one of its users
    with pytest.raises(ValueError, match="user_id='me'"):
        await sub.meetings.create(topic="t")
    got = _capture(world, "/v2/accounts/sub1/users/u1/meetings", {"id": 81234567890})
    meeting = await sub.meetings.create("u1", topic="t")
    assert meeting.id == 81234567890 and got[0][0] == {"topic": "t"}


async def test_files_have_their_own_cap_and_zoom_errors_are_not_files(world: World) -> None:
    big = b"\x01" * (20 * 1024 * 1024)  # over the 16 MiB cap of JSON answers

    async def recording(request: web.Request) -> web.StreamResponse:
        return web.Response(body=big, content_type="audio/mpeg")

    async def error(request: web.Request) -> web.StreamResponse:
        return web.json_response({"code": 3301, "message": "This recording does not exist."})

    world.routes["/v2/phone/recording/download/big"] = recording
    world.routes["/v2/phone/recording/download/gone"] = error
    assert await world.zoom.phone.recordings.download("big") == big
    with pytest.raises(ZoomAPIError) as caught:
        await world.zoom.phone.recordings.download("gone")
    assert caught.value.code == 3301
    small = ZoomClient(world.zoom.auth, base_url=world.fake.base_url, max_file_size=1024 * 1024)
    async with small:
        with pytest.raises(ResponseTooLargeError):
            await small.phone.recordings.download("big")
    with pytest.raises(ValueError, match="max_file_size"):
        ZoomClient(world.zoom.auth, max_file_size=0)


def test_host_relative_paths_keep_a_gateways_prefix() -> None:
    assert _host_of("https://api.zoom.us/v2") == "https://api.zoom.us"
    assert _host_of("https://api-eu.zoom.us/v2/") == "https://api-eu.zoom.us"
    assert _host_of("https://gw.example/zoom") == "https://gw.example/zoom"
    assert _host_of("https://gw.example/zoom/v2") == "https://gw.example/zoom"
    assert _host_of("https://v2") == "https://v2"


async def test_a_path_of_three_slashes_is_refused(world: World) -> None:
    with pytest.raises(ValueError, match="path must start"):
        await world.zoom.request("GET", "///evil.example/x")


def test_the_paged_list_is_the_one_that_pages() -> None:
    by_path = {(op.method, op.path): op for op in operations() if not op.master_account}
    assert by_path[("GET", "/report/chat/sessions/{sessionId}")].items_key == "messages"
    analysis = by_path[("GET", "/zra/conversations/{conversationId}/content_analysis")]
    assert not analysis.paginated  # one record's parts, not a list
    label = by_path[("PUT", "/emails/mailboxes/{email}/labels/{labelId}")]
    assert label.request_model is not None
    assert "parent_id" in {f.name for f in attrs.fields(label.request_model)}


def test_import_aiozoom_leaves_the_heavy_parts_for_their_first_use() -> None:
    loaded = _in_subprocess(
        "import json, sys\n"
        "import aiozoom\n"
        "heavy = ('cattrs', 'tenacity', 'authlib', 'joserfc', 'cryptography', 'aiohttp.web',\n"
        "         'aiozoom.api._operation', 'aiozoom.webhooks', 'aiozoom.sdk')\n"
        "before = sorted(m for m in heavy if m in sys.modules)\n"
        "from aiozoom import JWTAppAuth, WebhookReceiver, operations, verify_webhook\n"
        "names = sorted(n for n in aiozoom.__all__ if not hasattr(aiozoom, n))\n"
        "print(json.dumps([before, names, len(operations()), callable(verify_webhook),\n"
        "                  JWTAppAuth.__name__, WebhookReceiver.__name__]))\n"
    )
    before, missing, count, verify_is_callable, jwt_app, receiver = loaded
    assert before == []  # none of them at import
    assert missing == []  # every name aiozoom exports resolves
    assert count == 2480 and verify_is_callable
    assert (jwt_app, receiver) == ("JWTAppAuth", "WebhookReceiver")


async def test_a_query_parameter_zoom_defaults_is_sent_only_when_given(world: World) -> None:
    async def meeting(request: web.Request) -> web.StreamResponse:
        return web.json_response({"id": 1, "query": dict(request.query)})

    world.routes["/v2/metrics/meetings/81234567890"] = meeting
    got = await world.zoom.dashboards.get_meeting(81234567890)
    assert got.extra["query"] == {}  # type=live is Zoom's default: Zoom applies it
    got = await world.zoom.dashboards.get_meeting(81234567890, type="past")
    assert got.extra["query"] == {"type": "past"}
    parameter = inspect.signature(world.zoom.users.get).parameters["encrypted_email"]
    assert parameter.default is None
    assert "Zoom's default: ``false``" in (world.zoom.users.get.__doc__ or "")

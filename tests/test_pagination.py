"""Paged lists through the typed API: every item once and in order, whole pages, page sizes,
15-minute page tokens (with the opt-in restart) and the older ``page_number`` paging."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable
from typing import Any, TypeVar

import pytest
from aiohttp import web

from aiozoom import InvalidResponseError, PageTokenExpiredError
from aiozoom.client import ZoomClient
from aiozoom.models.users import UserList, UserListItem
from aiozoom.models.webinars import WebinarListItem
from aiozoom.pagination import Paginator
from aiozoom.testing import FakeClock, FakeZoom

PAGE_TOKEN_TTL = 15 * 60
T = TypeVar("T")


# these tests answer lists and IDs with fallbacks of their own (see conftest.py)
pytestmark = pytest.mark.usefixtures("only_people_keep_state")


async def test_listing_100k_users_delivers_each_once_in_order(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    fake.add_users(100_000)
    expected = fake.account.user_order
    seen = 0
    async for user in zoom.users.list():
        assert isinstance(user, UserListItem)
        assert user.id == expected[seen]
        seen += 1
    assert seen == len(expected) == 100_005
    # 2000 a page: the most GET /users allows (its description's page_size maximum)
    assert fake.api_count("GET", "/v2/users") == -(-100_005 // 2000)


async def test_pages_carry_totals_and_the_typed_page(fake: FakeZoom, zoom: ZoomClient) -> None:
    fake.add_users(45)
    pages = [p async for p in zoom.users.list(page_size=20).pages()]
    assert [len(p.items) for p in pages] == [20, 20, 10]
    assert all(p.total_records == 50 and p.page_size == 20 for p in pages)
    assert [p.next_page_token is None for p in pages] == [False, False, True]
    assert all(isinstance(p.response, UserList) for p in pages)
    assert pages[0].response.users == pages[0].items
    assert pages[0].raw["total_records"] == 50 and "users" not in pages[0].raw


async def test_iterating_again_starts_over(fake: FakeZoom, zoom: ZoomClient) -> None:
    fake.add_users(7)
    users = zoom.users.list(page_size=5)
    first = [u.id async for u in users]
    second = [u.id async for u in users]
    assert first == second == fake.account.user_order


async def test_page_size_is_checked(zoom: ZoomClient) -> None:
    with pytest.raises(ValueError, match="page_size"):
        zoom.users.list(page_size=0)


async def test_expired_page_token_is_page_token_expired_error(
    fake: FakeZoom, clock: FakeClock, zoom: ZoomClient
) -> None:
    fake.add_users(10)
    items = aiter(zoom.users.list(page_size=5))
    for _ in range(5):
        await anext(items)
    clock.advance(PAGE_TOKEN_TTL + 1)
    with pytest.raises(PageTokenExpiredError) as info:
        await anext(items)
    assert info.value.status == 400 and "expired" in info.value.message


async def test_restart_on_expiry_delivers_every_item_once(
    fake: FakeZoom, clock: FakeClock, zoom: ZoomClient
) -> None:
    fake.add_users(25)  # 30 users, pages of 4
    seen: list[str] = []
    async for user in zoom.users.list(page_size=4).restart_on_expiry():
        assert isinstance(user.id, str)
        seen.append(user.id)
        if len(seen) in (8, 21):  # pause past the token's life twice, mid-walk
            clock.advance(PAGE_TOKEN_TTL + 1)
    assert seen == fake.account.user_order
    # 8 pages. Walk 1: pages 1-2, then page 3's token had expired (3 requests). Walk 2: pages
    # 1-2 skipped, 3-6 delivered, page 7's token expired (7). Walk 3: 1-6 skipped, 7-8 (8).
    assert fake.api_count("GET", "/v2/users") == 3 + 7 + 8


async def test_restart_gives_up_after_its_budget(
    fake: FakeZoom, clock: FakeClock, zoom: ZoomClient
) -> None:
    fake.add_users(20)
    seen = 0

    async def walk() -> None:
        nonlocal seen
        async for _ in zoom.users.list(page_size=5).restart_on_expiry(times=1):
            seen += 1
            if seen % 5 == 0:
                clock.advance(PAGE_TOKEN_TTL + 1)  # every page outlives its token

    with pytest.raises(PageTokenExpiredError):
        await walk()
    assert seen == 10  # page 1; restart; page 2; second expiry is one too many


async def test_restart_skips_into_a_page_when_boundaries_move(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    """A restarted walk whose pages are cut differently resumes mid-page, without repeats."""
    items = list(range(10))
    state = {"walk": 0}

    async def serve(request: web.Request) -> web.StreamResponse | None:
        token = request.query.get("next_page_token")
        if token is None:
            state["walk"] += 1
        size = 3 if state["walk"] == 1 else 4  # the second walk pages by 4
        if token == "expired":
            return web.json_response(
                {"code": 300, "message": "The next page token is invalid or expired."}, status=400
            )
        start = 0 if token is None else int(token)
        chunk = items[start : start + size]
        end = start + len(chunk)
        if end >= len(items):
            nxt = ""
        elif state["walk"] == 1 and end >= 6:
            nxt = "expired"  # the first walk's token for its third page has expired
        else:
            nxt = str(end)
        return web.json_response({"items": chunk, "next_page_token": nxt})

    fake.fallback = serve
    paginator: Paginator[Any] = Paginator(
        zoom, "/numbers", items_key="items", structure=lambda x: x
    ).restart_on_expiry()
    pages = [p.items async for p in paginator.pages()]
    assert pages == [(0, 1, 2), (3, 4, 5), (6, 7), (8, 9)]  # walk 2 resumed inside its page 2
    state["walk"] = 0
    assert [n async for n in paginator] == items


async def test_webinars_page_by_page_number(fake: FakeZoom, zoom: ZoomClient) -> None:
    webinars = [{"id": 900 + i, "topic": f"W{i}"} for i in range(7)]
    asked: list[dict[str, str]] = []

    async def serve(request: web.Request) -> web.StreamResponse | None:
        if request.path != "/v2/users/me/webinars":
            return None
        asked.append(dict(request.query))
        size = int(request.query["page_size"])
        number = int(request.query["page_number"])
        chunk = webinars[(number - 1) * size : number * size]
        return web.json_response(
            {
                "page_count": -(-len(webinars) // size),
                "page_number": number,
                "page_size": size,
                "total_records": len(webinars),
                "webinars": chunk,
            }
        )

    fake.fallback = serve
    seen = [w async for w in zoom.webinars.list(page_size=3)]
    assert all(isinstance(w, WebinarListItem) for w in seen)
    assert [w.id for w in seen] == [w["id"] for w in webinars]
    assert [q["page_number"] for q in asked] == ["1", "2", "3"]
    assert all("next_page_token" not in q for q in asked)
    pages = [p async for p in zoom.webinars.list(page_size=3).pages()]
    assert [p.page_number for p in pages] == [1, 2, 3]


# -- servers that would keep a walk going forever ----------------------------------------------

BOUND = 10  # seconds: a walk that has not ended by then never would


async def collect(items: AsyncIterable[T]) -> list[T]:
    return [item async for item in items]


async def test_a_repeated_page_token_ends_the_walk(fake: FakeZoom, zoom: ZoomClient) -> None:
    async def same_token(request: web.Request) -> web.StreamResponse | None:
        user = {"id": f"u{request.query.get('next_page_token', '0')}", "email": "a@b.c"}
        return web.json_response({"next_page_token": "again", "users": [user]})

    fake.fallback = same_token
    paginator = Paginator(zoom, "/loop", items_key="users", structure=dict)
    seen: list[str] = []

    async def walk() -> None:
        async for item in paginator:
            seen.append(item["id"])

    with pytest.raises(InvalidResponseError, match="same next_page_token came back"):
        await asyncio.wait_for(walk(), BOUND)
    assert seen == ["u0", "uagain"]  # two pages, then the repeat is noticed
    assert fake.api_count("GET", "/v2/loop") == 2


async def test_a_server_ignoring_page_number_ends_the_walk(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    webinars = [{"id": 900 + i, "topic": f"W{i}"} for i in range(3)]

    async def first_page_always(request: web.Request) -> web.StreamResponse | None:
        return web.json_response({"page_size": 3, "webinars": webinars})  # no page_count

    fake.fallback = first_page_always
    with pytest.raises(InvalidResponseError, match="page 2 repeats page 1"):
        await asyncio.wait_for(collect(zoom.webinars.list(page_size=3)), BOUND)
    assert fake.api_count("GET", "/v2/users/me/webinars") == 2


async def test_page_number_paging_stops_at_total_records(fake: FakeZoom, zoom: ZoomClient) -> None:
    async def pages(request: web.Request) -> web.StreamResponse | None:
        number = int(request.query["page_number"])
        chunk = [{"id": number * 10 + i} for i in range(3)]
        return web.json_response({"page_size": 3, "total_records": 6, "webinars": chunk})

    fake.fallback = pages
    found = await asyncio.wait_for(collect(zoom.webinars.list(page_size=3)), BOUND)
    assert [w.id for w in found] == [10, 11, 12, 20, 21, 22]
    assert fake.api_count("GET", "/v2/users/me/webinars") == 2


async def test_endless_empty_pages_end_the_walk(fake: FakeZoom, zoom: ZoomClient) -> None:
    async def empty(request: web.Request) -> web.StreamResponse | None:
        token = int(request.query.get("next_page_token", "0")) + 1
        return web.json_response({"next_page_token": str(token), "users": []})

    fake.fallback = empty
    paginator = Paginator(zoom, "/empty", items_key="users", structure=dict)
    with pytest.raises(InvalidResponseError, match="101 empty pages in a row"):
        await asyncio.wait_for(collect(paginator), BOUND)
    assert fake.api_count("GET", "/v2/empty") == 101


async def test_max_pages_bounds_a_walk(fake: FakeZoom, zoom: ZoomClient) -> None:
    async def fresh(request: web.Request) -> web.StreamResponse | None:
        token = int(request.query.get("next_page_token", "0")) + 1
        return web.json_response({"next_page_token": str(token), "users": [{"n": token}]})

    fake.fallback = fresh
    paginator = Paginator(zoom, "/many", items_key="users", structure=dict, max_pages=25)
    with pytest.raises(InvalidResponseError, match="more than 25 pages"):
        await asyncio.wait_for(collect(paginator), BOUND)
    assert fake.api_count("GET", "/v2/many") == 25
    with pytest.raises(ValueError, match="max_pages"):
        Paginator(zoom, "/users", items_key="users", structure=dict, max_pages=0)


# -- servers that serve fewer items a page than asked --------------------------------------------


async def test_page_number_paging_reaches_the_total_when_the_server_clamps_the_page_size(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    webinars = [{"id": 900 + i, "topic": f"W{i}"} for i in range(7)]

    async def two_a_page(request: web.Request) -> web.StreamResponse | None:
        number = int(request.query["page_number"])
        chunk = webinars[(number - 1) * 2 : number * 2]  # 2 a page, whatever was asked
        return web.json_response({"total_records": len(webinars), "webinars": chunk})

    fake.fallback = two_a_page
    found = await asyncio.wait_for(collect(zoom.webinars.list(page_size=3)), BOUND)
    assert [w.id for w in found] == [w["id"] for w in webinars]  # not just the first 2
    assert fake.api_count("GET", "/v2/users/me/webinars") == 4  # and no page past the total


async def test_page_num_paging_reaches_the_total_when_the_server_clamps_the_page_size(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    orders = [{"order_number": f"o{i}"} for i in range(250)]
    asked: list[str] = []

    async def at_most_100(request: web.Request) -> web.StreamResponse | None:
        asked.append(request.query["page_size"])
        number = int(request.query["page_num"])
        size = min(int(request.query["page_size"]), 100)
        chunk = orders[(number - 1) * size : number * size]
        return web.json_response({"total": len(orders), "order_list": chunk})

    fake.fallback = at_most_100
    found = await asyncio.wait_for(collect(zoom.commerce.orders.list(page_size=300)), BOUND)
    assert [o.order_number for o in found] == [o["order_number"] for o in orders]
    assert asked == ["300", "300", "300"]


async def test_page_paging_without_a_total_ends_on_a_page_shorter_than_the_servers_size(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    orders = [{"order_number": f"o{i}"} for i in range(250)]

    async def at_most_100(request: web.Request) -> web.StreamResponse | None:
        number = int(request.query["page_num"])
        chunk = orders[(number - 1) * 100 : number * 100]
        return web.json_response({"page_size": 100, "order_list": chunk})  # says what it used

    fake.fallback = at_most_100
    found = await asyncio.wait_for(collect(zoom.commerce.orders.list(page_size=300)), BOUND)
    assert len(found) == 250
    assert fake.api_count("GET", "/v2/commerce/orders") == 3  # the third, short page: the last


async def test_start_index_paging_prefers_the_servers_items_per_page(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    users = [{"id": f"u{i}"} for i in range(250)]
    starts: list[int] = []

    async def at_most_50(request: web.Request) -> web.StreamResponse | None:
        start = int(request.query["startIndex"])
        starts.append(start)
        chunk = users[start - 1 : start - 1 + min(int(request.query["count"]), 50)]
        return web.json_response(  # no totalResults
            {"Resources": chunk, "startIndex": start, "itemsPerPage": len(chunk)}
        )

    fake.fallback = at_most_50
    found = await asyncio.wait_for(collect(zoom.scim.users.list(count=100)), BOUND)
    assert [u.id for u in found] == [u["id"] for u in users]  # not just the first 50
    assert starts == [1, 51, 101, 151, 201, 251]  # the last, empty page ends it


async def test_a_total_never_reached_does_not_keep_a_walk_going(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    webinars = [{"id": 900 + i, "topic": f"W{i}"} for i in range(3)]

    async def first_page_always(request: web.Request) -> web.StreamResponse | None:
        return web.json_response({"total_records": 1000, "webinars": webinars})

    fake.fallback = first_page_always
    with pytest.raises(InvalidResponseError, match="page 2 repeats page 1"):
        await asyncio.wait_for(collect(zoom.webinars.list(page_size=3)), BOUND)
    assert fake.api_count("GET", "/v2/users/me/webinars") == 2

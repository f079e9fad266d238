"""Async iteration over Zoom's paged list endpoints.

``async for user in zoom.users.list():`` walks every page and yields items; ``.pages()`` yields
whole :class:`Page` objects (with ``total_records`` and the page's typed model). Only one page is
held at a time, so memory stays flat however long the list, and iterating again starts over.

Zoom pages with ``next_page_token`` (older endpoints only with ``page_number``); Calendar and Mail
with ``pageToken``/``nextPageToken`` and ``maxResults``, SCIM 2 with ``startIndex`` and ``count``,
and a few lists with ``page`` (or ``page_num``) and ``page_size``. A ``next_page_token`` lives
15 minutes: a walk that pauses longer fails with :class:`~aiozoom.errors.PageTokenExpiredError`,
unless the paginator was made with :meth:`Paginator.restart_on_expiry`, which starts again from the
first page and skips the items already delivered.

A walk always ends: a server that repeats a ``next_page_token``, ignores ``page_number`` (the same
page again), sends more than :data:`MAX_EMPTY_PAGES` empty pages in a row, or more than
``max_pages`` pages, raises :class:`~aiozoom.errors.InvalidResponseError` instead of looping.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

import attrs

from aiozoom.api._resource import lazy_module
from aiozoom.errors import InvalidResponseError, PageTokenExpiredError

if TYPE_CHECKING:
    from aiozoom.client import ZoomClient

_converter = lazy_module("aiozoom.models._converter")  # cattrs loads with the first page

__all__ = ["DEFAULT_MAX_PAGES", "MAX_EMPTY_PAGES", "PAGING_STYLES", "Page", "Paginator"]

Paging = Literal["token", "page_number", "page_token", "index", "page"]

PAGING_STYLES: Mapping[str, tuple[str, str]] = {
    "token": ("next_page_token", "page_size"),
    "page_number": ("page_number", "page_size"),
    "page_token": ("pageToken", "maxResults"),
    "index": ("startIndex", "count"),
    "page": ("page", "page_size"),
}
"""Each paging style's query parameters: (the one that chooses the page, the one that sizes it)."""

_NEXT_TOKEN = {"token": "next_page_token", "page_token": "nextPageToken"}

T = TypeVar("T")

DEFAULT_MAX_PAGES = 100_000
"""Pages one walk fetches at most (30 million records at Zoom's largest page size)."""

MAX_EMPTY_PAGES = 100
"""Empty pages in a row that still point to a next page, before a walk gives up."""


@attrs.frozen
class Page(Generic[T]):
    """One page of a list: its items and the paging fields Zoom sent with them."""

    items: tuple[T, ...]
    next_page_token: str | None
    total_records: int | None
    page_size: int | None
    raw: Mapping[str, Any] = attrs.field(repr=False, eq=False)
    """The page's JSON without the items list (other top-level fields Zoom sent)."""
    response: Any = attrs.field(default=None, repr=False, eq=False)
    """The whole page as its typed model (e.g. ``UserList``), where the operation has one."""
    page_number: int | None = None
    """For endpoints paged by ``page_number``: which page this is (from 1)."""


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class Paginator(Generic[T]):
    """The items of a paged GET endpoint, fetched page by page as they are consumed.

    Not awaited: iterate it (``async for item in paginator``) or its :meth:`pages`. Each
    iteration is a fresh walk from the first page.
    """

    def __init__(
        self,
        client: ZoomClient,
        path: str,
        *,
        items_key: str,
        structure: Callable[[Any], T] | None = None,
        page_model: type[Any] | None = None,
        items_field: str | None = None,
        params: Mapping[str, Any] | None = None,
        page_size: int | None = None,
        paging: Paging = "token",
        page_param: str | None = None,
        restarts: int = 0,
        max_pages: int = DEFAULT_MAX_PAGES,
    ) -> None:
        if page_size is not None and (
            isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1
        ):
            raise ValueError("page_size must be a positive integer")
        if structure is None and page_model is None:
            raise ValueError("give structure (per item) or page_model (per page)")
        if paging not in PAGING_STYLES:
            raise ValueError(f"paging must be one of {sorted(PAGING_STYLES)}")
        if isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1:
            raise ValueError("max_pages must be a positive integer")
        self._client = client
        self._path = path
        self._items_key = items_key
        self._structure = structure
        self._page_model = page_model
        self._items_field = items_field or items_key
        self._params = {k: v for k, v in (params or {}).items() if v is not None}
        self._page_size = page_size
        self._paging = paging
        self._page_param = page_param or PAGING_STYLES[paging][0]
        self._size_param = PAGING_STYLES[paging][1]
        self._restarts = restarts
        self._max_pages = max_pages

    def __repr__(self) -> str:
        return f"Paginator(GET {self._path}, page_size={self._page_size})"

    def restart_on_expiry(self, times: int = 3) -> Paginator[T]:
        """This list, restarting from the first page (up to ``times`` times) when a page token
        expires mid-walk. Items already delivered are skipped by position, so none is yielded
        twice while the list keeps its order (Zoom lists are ordered; an item added before the
        resume point in the meantime would shift later ones by one)."""
        if times < 0:
            raise ValueError("times must not be negative")
        copy = Paginator.__new__(Paginator)
        copy.__dict__.update(self.__dict__)
        copy._restarts = times
        return copy

    def __aiter__(self) -> AsyncIterator[T]:
        return self._items()

    async def _items(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Whole pages, in order, from the first."""
        delivered = 0
        restarts = self._restarts
        while True:
            walk = self._walk(skip=delivered)
            try:
                async for page in walk:
                    delivered += len(page.items)
                    yield page
                return
            except PageTokenExpiredError:
                if restarts <= 0:
                    raise
                restarts -= 1
            finally:
                await walk.aclose()

    def _endless(self, why: str) -> InvalidResponseError:
        return InvalidResponseError(
            f"GET {self._path}: {why}; stopped paging instead of looping",
            method="GET",
            path=self._path,
        )

    async def _walk(self, *, skip: int) -> AsyncGenerator[Page[T], None]:
        params = dict(self._params)
        style = self._paging
        if self._page_size is not None:
            params[self._size_param] = self._page_size
        number = 1
        seen_tokens: set[str] = set()
        previous_items: list[Any] | None = None
        empty_run = 0
        fetched = 0  # items of this walk so far, skipped ones included
        for _ in range(self._max_pages):
            if style in ("page_number", "page"):
                params[self._page_param] = number
            elif style == "index":
                params[self._page_param] = number  # the 1-based index of the page's first item
            data = await self._client.request("GET", self._path, params=params)
            if not isinstance(data, dict):
                raise InvalidResponseError(
                    f"GET {self._path}: a page must be a JSON object", method="GET", path=self._path
                )
            raw_items = data.get(self._items_key) or []
            if not isinstance(raw_items, list):
                raise InvalidResponseError(
                    f"GET {self._path}: {self._items_key!r} must be a list",
                    method="GET",
                    path=self._path,
                )
            if style not in _NEXT_TOKEN and raw_items and raw_items == previous_items:
                raise self._endless(
                    f"the page at startIndex={number} repeats the one before"
                    if style == "index"
                    else f"page {number} repeats page {number - 1}; {self._page_param} ignored"
                )
            if skip and skip >= len(raw_items):
                skip -= len(raw_items)  # delivered before a restart: not structured again
            else:
                yield self._page(data, raw_items, skip, number)
                skip = 0
            empty_run = 0 if raw_items else empty_run + 1
            fetched += len(raw_items)
            if style in _NEXT_TOKEN:
                token = data.get(_NEXT_TOKEN[style])
                if not isinstance(token, str) or not token:
                    return
                if token in seen_tokens:
                    raise self._endless(f"the same {_NEXT_TOKEN[style]} came back a second time")
                if empty_run > MAX_EMPTY_PAGES:
                    raise self._endless(f"{empty_run} empty pages in a row")
                seen_tokens.add(token)
                params[self._page_param] = token
                continue
            if not raw_items or _last_page(
                style, data, number, len(raw_items), self._page_size, fetched
            ):
                return
            previous_items = raw_items
            number = number + len(raw_items) if style == "index" else number + 1
        raise self._endless(f"more than {self._max_pages} pages")

    def _page(self, data: dict[str, Any], raw_items: list[Any], skip: int, number: int) -> Page[T]:
        response: Any = None
        if self._page_model is not None:
            response = _converter.structure(data, self._page_model)
            found = getattr(response, self._items_field, ())
            items: tuple[Any, ...] = found if isinstance(found, tuple) else ()
        else:
            assert self._structure is not None
            items = tuple(self._structure(item) for item in raw_items)
        token = data.get(_NEXT_TOKEN.get(self._paging, "next_page_token"))
        return Page(
            items=items[skip:] if skip else items,
            next_page_token=token if isinstance(token, str) and token else None,
            total_records=_int_or_none(
                data.get("totalResults" if self._paging == "index" else "total_records")
            ),
            page_size=_int_or_none(data.get("page_size")),
            raw={k: v for k, v in data.items() if k != self._items_key},
            response=response,
            page_number=number if self._paging in ("page_number", "page") else None,
        )


def _first_int(data: Mapping[str, Any], *keys: str) -> int | None:
    for key in keys:
        value = _int_or_none(data.get(key))
        if value is not None:
            return value
    return None


def _last_page(
    style: str,
    data: Mapping[str, Any],
    number: int,
    got: int,
    size: int | None,
    delivered: int,
) -> bool:
    """Whether a page of a list numbered by page (or by index, for SCIM 2) is its last.

    ``got`` is the page's item count, ``delivered`` the walk's so far (this page included),
    ``size`` the page size asked for. Zoom's own signal decides first (``has_next_page``,
    ``page_count``, ``totalResults``, a total); a page shorter than the server's page size (or,
    where it names none, than the size asked for) ends a walk only when no total is known, since
    a server may serve fewer items per page than asked."""
    more = data.get("has_next_page")
    if isinstance(more, bool):
        return not more
    if style == "index":
        total = _int_or_none(data.get("totalResults"))
        if total is not None:
            return number + got > total
        per_page = _int_or_none(data.get("itemsPerPage")) or size
        return per_page is not None and got < per_page
    count = _int_or_none(data.get("page_count"))
    if count is not None:
        return number >= count
    total = _first_int(data, "total_records", "total")
    if total is not None:
        return delivered >= total
    per_page = _int_or_none(data.get("page_size")) or size
    return per_page is not None and got < per_page

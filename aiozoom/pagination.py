"""Async iteration over Zoom's paged list endpoints.

``async for user in zoom.users.list():`` walks every page through ``next_page_token`` and yields
items; ``.pages()`` yields whole :class:`Page` objects (with ``total_records``). Only one page is
held at a time, so memory stays flat however long the list, and iterating again starts over.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from aiozoom.errors import InvalidResponseError

if TYPE_CHECKING:
    from aiozoom.client import ZoomClient

__all__ = ["Page", "Paginator"]

T = TypeVar("T")


@attrs.frozen
class Page(Generic[T]):
    """One page of a list: its items and the paging fields Zoom sent with them."""

    items: tuple[T, ...]
    next_page_token: str | None
    total_records: int | None
    page_size: int | None
    raw: Mapping[str, Any] = attrs.field(repr=False, eq=False)
    """The page's JSON without the items list (other top-level fields Zoom sent)."""


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class Paginator(Generic[T]):
    """The items of a paged GET endpoint, fetched page by page as they are consumed."""

    def __init__(
        self,
        client: ZoomClient,
        path: str,
        *,
        items_key: str,
        structure: Callable[[Any], T],
        params: Mapping[str, Any] | None = None,
        page_size: int | None = None,
    ) -> None:
        if page_size is not None and (isinstance(page_size, bool) or page_size < 1):
            raise ValueError("page_size must be a positive integer")
        self._client = client
        self._path = path
        self._items_key = items_key
        self._structure = structure
        self._params = {k: v for k, v in (params or {}).items() if v is not None}
        self._page_size = page_size

    def __repr__(self) -> str:
        return f"Paginator(GET {self._path}, page_size={self._page_size})"

    def __aiter__(self) -> AsyncIterator[T]:
        return self._items()

    async def _items(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Whole pages, in order, from the first."""
        params = dict(self._params)
        if self._page_size is not None:
            params["page_size"] = self._page_size
        token: str | None = None
        while True:
            if token:
                params["next_page_token"] = token
            data = await self._client.request("GET", self._path, params=params)
            page = self._page(data)
            yield page
            token = page.next_page_token
            if not token:
                return

    def _page(self, data: object) -> Page[T]:
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
        token = data.get("next_page_token")
        return Page(
            items=tuple(self._structure(item) for item in raw_items),
            next_page_token=token if isinstance(token, str) and token else None,
            total_records=_int_or_none(data.get("total_records")),
            page_size=_int_or_none(data.get("page_size")),
            raw={k: v for k, v in data.items() if k != self._items_key},
        )

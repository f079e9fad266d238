"""Checks the fake Zoom's state tests share: an error answered as Zoom answers it, a body refused
as invalid input, and a list walked or paged through the real client. No tests here."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import pytest

from aiozoom.client import ZoomClient
from aiozoom.errors import ZoomAPIError

__all__ = ["fails", "invalid", "second_page", "token_walk"]


async def fails(pending: Awaitable[Any], status: int, code: int) -> ZoomAPIError:
    """The error ``pending`` answers, checked to be ``status`` with Zoom's ``code``."""
    with pytest.raises(ZoomAPIError) as caught:
        await pending
    error = caught.value
    assert (error.status, error.code) == (status, code), error
    return error


async def invalid(zoom: ZoomClient, method: str, path: str, body: Any, field: str) -> None:
    """``body`` is refused as Zoom refuses invalid input, naming ``field``."""
    error = await fails(zoom.request(method, path, json=body), 400, 300)
    assert field in [e.field for e in error.errors], error


async def token_walk(
    zoom: ZoomClient, path: str, items_key: str, **params: Any
) -> tuple[list[Any], int]:
    """Every item of a list, walked page by page with ``next_page_token``; and the page count."""
    items: list[Any] = []
    pages = 0
    token = ""
    while True:
        page = await zoom.request("GET", path, params={**params, "next_page_token": token})
        pages += 1
        items += page[items_key]
        token = page["next_page_token"]
        if not token:
            return items, pages


async def second_page(zoom: ZoomClient, path: str, **params: Any) -> dict[str, Any]:
    """The second page of two items of a list, asked for by ``page_number``."""
    page: dict[str, Any] = await zoom.request(
        "GET", path, params={**params, "page_size": 2, "page_number": 2}
    )
    return page

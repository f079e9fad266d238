"""``zoom.users``: Zoom users."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from aiozoom.http.paths import path_segment
from aiozoom.models import User, structure
from aiozoom.pagination import Paginator

if TYPE_CHECKING:
    from aiozoom.client import ZoomClient

__all__ = ["UsersResource"]


def _user(data: Any) -> User:
    return structure(data, User)


class UsersResource:
    """Users of the account."""

    def __init__(self, client: ZoomClient) -> None:
        self._client = client

    async def get(self, user_id: str = "me") -> User:
        """``GET /users/{userId}``: one user, by ID, email or ``"me"``."""
        data = await self._client.request("GET", f"/users/{path_segment(user_id, name='user_id')}")
        return _user(data)

    def list(
        self,
        *,
        status: Literal["active", "inactive", "pending"] | None = None,
        role_id: str | None = None,
        page_size: int = 300,
    ) -> Paginator[User]:
        """``GET /users``: every user of the account, page by page (``async for``)."""
        return Paginator(
            self._client,
            "/users",
            items_key="users",
            structure=_user,
            params={"status": status, "role_id": role_id},
            page_size=page_size,
        )

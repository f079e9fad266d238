"""The Zoom user model."""

from __future__ import annotations

import attrs

__all__ = ["User"]


@attrs.frozen
class User:
    """A Zoom user as ``GET /users`` and ``GET /users/{userId}`` describe one."""

    id: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    display_name: str | None = None
    type: int | None = None
    status: str | None = None
    timezone: str | None = None
    role_id: str | None = None
    dept: str | None = None
    created_at: str | None = None
    last_login_time: str | None = None
    pmi: int | None = None
    account_id: str | None = None

"""User tokens a Meeting SDK app needs to start or join meetings for a user.

- A ZAK (Zoom Access Key) lets the SDK start or join a meeting *as* the user:
  ``GET /users/me/zak`` (valid five minutes) or ``GET /users/{userId}/token?type=zak`` (two hours by
  default, ``ttl`` up to a year).
- An on-behalf-of (OBF) token lets a bot join *on behalf of* a user who is in the meeting. Since
  2026-03-02 Meeting SDK apps joining meetings outside their own account need a ZAK or an OBF token:
  ``GET /users/{userId}/token?type=onbehalf`` (a user-level OAuth token with ``user:read:token``;
  the user must be in the meeting when the bot joins).

Fetch them right before joining; never log them or send them to anyone but the SDK.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiozoom.errors import InvalidResponseError
from aiozoom.http.paths import meeting_number, path_segment

if TYPE_CHECKING:
    from aiozoom.client import ZoomClient

__all__ = ["MAX_USER_TOKEN_TTL", "on_behalf_token", "zak_token"]

MAX_USER_TOKEN_TTL = 365 * 24 * 60 * 60


def _ttl_param(ttl: int | None) -> dict[str, int]:
    if ttl is None:
        return {}
    if isinstance(ttl, bool) or not isinstance(ttl, int) or not 1 <= ttl <= MAX_USER_TOKEN_TTL:
        raise ValueError(f"ttl must be a whole number of seconds from 1 to {MAX_USER_TOKEN_TTL}")
    return {"ttl": ttl}


async def _user_token(
    zoom: ZoomClient, user_id: str, kind: str, ttl: int | None, **params: str
) -> str:
    path = f"/users/{path_segment(user_id, name='user_id')}/token"
    data = await zoom.request("GET", path, params={"type": kind, **_ttl_param(ttl), **params})
    return _token_from(data, path)


def _token_from(data: object, path: str) -> str:
    token = data.get("token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token:
        raise InvalidResponseError(
            f"GET {path}: the answer has no token (users who sign in with Google or Facebook "
            "have none)",
            method="GET",
            path=path,
        )
    return token


async def zak_token(zoom: ZoomClient, user_id: str = "me", *, ttl: int | None = None) -> str:
    """A ZAK for ``user_id`` (``"me"``: the user the access token belongs to)."""
    if user_id == "me" and ttl is None:
        data = await zoom.request("GET", "/users/me/zak")
        return _token_from(data, "/users/me/zak")
    return await _user_token(zoom, user_id, "zak", ttl)


async def on_behalf_token(
    zoom: ZoomClient,
    user_id: str = "me",
    *,
    ttl: int | None = None,
    meeting_id: int | str | None = None,
) -> str:
    """An on-behalf-of (OBF) token, for a bot joining a meeting alongside ``user_id``.

    ``zoom`` must act for that user: a user-level OAuth token (``UserOAuth``) with the scope
    ``user:read:token``; an account-level token lacks it (:class:`~aiozoom.MissingScopesError`).
    ``meeting_id`` names the meeting the bot will join, as Zoom's ``meeting_id`` parameter.
    """
    if meeting_id is None:
        return await _user_token(zoom, user_id, "onbehalf", ttl)
    number = meeting_number(meeting_id, name="meeting_id")  # "812 3456 7890" as Zoom prints it
    return await _user_token(zoom, user_id, "onbehalf", ttl, meeting_id=number)

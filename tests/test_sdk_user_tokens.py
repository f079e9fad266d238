"""ZAK and on-behalf-of tokens fetched through ZoomClient from the fake Zoom."""

from __future__ import annotations

import pytest

from aiozoom import InvalidResponseError, NotFoundError
from aiozoom.client import ZoomClient
from aiozoom.sdk.user_tokens import (
    MAX_USER_TOKEN_TTL,
    _token_from,
    on_behalf_token,
    zak_token,
)
from aiozoom.testing import FakeClock, FakeZoom


async def test_zak_for_me_lives_five_minutes(
    fake: FakeZoom, clock: FakeClock, zoom: ZoomClient
) -> None:
    token = await zak_token(zoom)
    assert fake.state.user_tokens[token] == (fake.account.owner_id, "zak", clock() + 300)
    assert fake.api_count("GET", "/v2/users/me/zak") == 1


async def test_zak_for_another_user_with_ttl(
    fake: FakeZoom, clock: FakeClock, zoom: ZoomClient
) -> None:
    user_id = fake.account.user_order[2]
    email = fake.account.users[user_id]["email"]
    token = await zak_token(zoom, email, ttl=3600)
    assert fake.state.user_tokens[token] == (user_id, "zak", clock() + 3600)


async def test_on_behalf_token_defaults_to_two_hours(
    fake: FakeZoom, clock: FakeClock, zoom: ZoomClient
) -> None:
    token = await on_behalf_token(zoom, "me")
    assert fake.state.user_tokens[token] == (fake.account.owner_id, "onbehalf", clock() + 7200)
    assert token != await on_behalf_token(zoom, "me")  # a fresh one each time


@pytest.mark.parametrize("ttl", [0, -1, MAX_USER_TOKEN_TTL + 1, 1.5, True])
async def test_bad_ttl_is_refused_before_any_request(
    fake: FakeZoom, zoom: ZoomClient, ttl: object
) -> None:
    with pytest.raises(ValueError, match=r"^ttl"):
        await on_behalf_token(zoom, "me", ttl=ttl)  # type: ignore[arg-type]
    assert fake.api_count() == 0


async def test_unknown_user(zoom: ZoomClient) -> None:
    with pytest.raises(NotFoundError):
        await zak_token(zoom, "ghost@example.com")


@pytest.mark.parametrize("answer", [{"token": None}, {"token": ""}, {}, [], None])
def test_answer_without_token_is_invalid_response(answer: object) -> None:
    with pytest.raises(InvalidResponseError, match="has no token"):
        _token_from(answer, "/users/me/token")

"""ZAK and on-behalf-of tokens fetched through ZoomClient from the fake Zoom."""

from __future__ import annotations

import pytest

from aiozoom import InvalidResponseError, MissingScopesError, NotFoundError, StaticToken
from aiozoom.client import ZoomClient
from aiozoom.sdk.user_tokens import (
    MAX_USER_TOKEN_TTL,
    _token_from,
    on_behalf_token,
    zak_token,
)
from aiozoom.testing import Call, FakeClock, FakeZoom


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


async def test_on_behalf_token_defaults_to_two_hours(fake: FakeZoom, clock: FakeClock) -> None:
    uid = fake.account.user_order[1]
    access = fake.issue_user_tokens(user_id=uid)["access_token"]  # the user authorised the app
    async with ZoomClient(StaticToken(access), base_url=fake.base_url) as zoom:
        token = await on_behalf_token(zoom, "me")
        assert fake.state.user_tokens[token] == (uid, "onbehalf", clock() + 7200)
        assert token != await on_behalf_token(zoom, "me")  # a fresh one each time


async def test_on_behalf_token_needs_a_user_level_token(fake: FakeZoom, zoom: ZoomClient) -> None:
    with pytest.raises(MissingScopesError) as caught:
        await on_behalf_token(zoom, "me")
    assert caught.value.scopes == ("user:read:token",)
    assert not fake.state.user_tokens


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


async def test_on_behalf_token_names_the_meeting(fake: FakeZoom) -> None:
    asked: list[dict[str, object]] = []

    @fake.route("GET /users/{userId}/token")
    async def token(call: Call) -> dict[str, str]:
        asked.append(dict(call.query))
        return {"token": "obf-token"}

    access = fake.issue_user_tokens()["access_token"]
    async with ZoomClient(StaticToken(access), base_url=fake.base_url) as zoom:
        assert await on_behalf_token(zoom, meeting_id=81234567890) == "obf-token"
        assert await on_behalf_token(zoom, meeting_id="812 3456 7890") == "obf-token"
        assert await on_behalf_token(zoom) == "obf-token"
        with pytest.raises(ValueError, match=r"^meeting_id"):
            await on_behalf_token(zoom, meeting_id="")
    number = {"type": "onbehalf", "meeting_id": "81234567890"}
    assert asked == [number, number, {"type": "onbehalf"}]

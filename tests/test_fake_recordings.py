"""The fake Zoom's cloud recordings: state and routes as Zoom answers them, and the files served
from ``download_url`` through the redirect to the file host, over real sockets."""

from __future__ import annotations

import asyncio
import hashlib
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from aiohttp import web

from aiozoom import ZoomAPIError, ZoomClient
from aiozoom.testing import FakeClock, FakeZoom
from aiozoom.testing._state import ApiFailure
from aiozoom.webhooks import RecordingCompleted, WebhookReceiver

KIB = 1024
MIB = 1024 * KIB
SECRET = "recordings-webhook-secret"
NO_RECORDING = {"code": 3301, "message": "There is no recording for this meeting."}
NO_FILE = {"code": 3301, "message": "This recording does not exist."}
INVALID_TOKEN = {"code": 124, "message": "Invalid access token."}


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def _token(fake: FakeZoom, account: Any = None) -> str:
    answer = fake.state.issue_token(account or fake.account, "account_credentials")
    return str(answer["access_token"])


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _meeting(zoom: ZoomClient, topic: str = "weekly sync", duration: int = 60) -> int:
    meeting = await zoom.meetings.create("me", topic=topic, duration=duration)
    assert isinstance(meeting.id, int)
    return meeting.id


async def _error(zoom: ZoomClient, method: str, path: str, **params: Any) -> ZoomAPIError:
    with pytest.raises(ZoomAPIError) as caught:
        await zoom.request(method, path, params=params or None)
    return caught.value


def _file(recording: dict[str, Any], file_type: str = "MP4") -> dict[str, Any]:
    return next(f for f in recording["recording_files"] if f["file_type"] == file_type)


# -- state and routes -----------------------------------------------------------------------------


async def test_end_meeting_makes_one_file_per_type_as_zoom_describes_them(
    fake: FakeZoom, zoom: ZoomClient, clock: FakeClock
) -> None:
    meeting_id = await _meeting(zoom, duration=45)
    meeting = await zoom.request("GET", f"/meetings/{meeting_id}")
    recording = fake.end_meeting(meeting_id)
    assert recording["uuid"] == meeting["uuid"] and recording["id"] == meeting_id
    assert recording["account_id"] == fake.account.account_id
    assert recording["host_id"] == meeting["host_id"]
    assert recording["host_email"] == meeting["host_email"]
    assert recording["topic"] == "weekly sync" and recording["duration"] == 45
    assert recording["start_time"] == datetime.fromtimestamp(clock() - 45 * 60, UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    assert recording["password"] == meeting["password"]
    kinds = [
        (f["file_type"], f["file_extension"], f["recording_type"], f["file_size"])
        for f in recording["recording_files"]
    ]
    assert kinds == [
        ("MP4", "MP4", "shared_screen_with_speaker_view", 256 * KIB),
        ("M4A", "M4A", "audio_only", 64 * KIB),
        ("TRANSCRIPT", "VTT", "audio_transcript", 4 * KIB),
        ("CHAT", "TXT", "chat_file", 2 * KIB),
    ]
    assert recording["recording_count"] == 4
    assert recording["total_size"] == (256 + 64 + 4 + 2) * KIB
    end = datetime.fromtimestamp(clock(), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for f in recording["recording_files"]:
        assert f["meeting_id"] == meeting["uuid"]
        assert f["status"] == "completed"
        assert f["recording_start"] == recording["start_time"] and f["recording_end"] == end
        assert f["download_url"] == f"{fake.origin}/rec/download/{f['id']}"
    assert len({f["id"] for f in recording["recording_files"]}) == 4
    # what the API answers is what end_meeting returned
    assert await zoom.request("GET", f"/meetings/{meeting_id}/recordings") == recording


async def test_file_types_and_sizes_can_be_chosen(fake: FakeZoom, zoom: ZoomClient) -> None:
    meeting_id = await _meeting(zoom)
    every = fake.end_meeting(meeting_id, files=("MP4", "CHAT"), file_size=1000)
    assert [(f["file_type"], f["file_size"]) for f in every["recording_files"]] == [
        ("MP4", 1000),
        ("CHAT", 1000),
    ]
    some = fake.end_meeting(meeting_id, file_size={"MP4": 7 * MIB})
    assert [f["file_size"] for f in some["recording_files"]] == [7 * MIB, 64 * KIB, 4096, 2048]
    with pytest.raises(ValueError, match="unknown file types"):
        fake.end_meeting(meeting_id, files=("MP3",))
    with pytest.raises(ValueError, match="file_size"):
        fake.end_meeting(meeting_id, file_size={"MP4": -1})


async def test_each_instance_has_its_own_uuid_and_the_id_means_the_latest(
    fake: FakeZoom, zoom: ZoomClient, clock: FakeClock
) -> None:
    meeting_id = await _meeting(zoom)
    first = fake.end_meeting(meeting_id, files=("MP4",))
    clock.advance(86_400)
    second = fake.end_meeting(meeting_id, files=("M4A",))
    assert first["uuid"] != second["uuid"]
    latest = await zoom.recordings.get(meeting_id)
    assert latest.uuid == second["uuid"]
    by_uuid = await zoom.recordings.get(first["uuid"])  # encoded (twice if need be) by aiozoom
    assert by_uuid.uuid == first["uuid"]
    assert [f.file_type for f in by_uuid.recording_files or ()] == ["MP4"]


async def test_a_meeting_without_a_recording_answers_3301(fake: FakeZoom, zoom: ZoomClient) -> None:
    never_ended = await _meeting(zoom)
    unrecorded = await _meeting(zoom)
    instance = fake.end_meeting(unrecorded, recording=False)
    assert instance["id"] == unrecorded and "recording_files" not in instance
    for meeting in (never_ended, unrecorded, 99_999_999_999, "bm90IGEgbWVldGluZw=="):
        error = await _error(zoom, "GET", f"/meetings/{meeting}/recordings")
        assert (error.status, error.code, error.message) == (404, 3301, NO_RECORDING["message"])


async def test_the_routes_win_over_the_spec_examples(fake: FakeZoom, zoom: ZoomClient) -> None:
    answer = await zoom.request("GET", "/users/me/recordings")
    assert answer["meetings"] == [] and answer["total_records"] == 0
    assert fake.api_count("GET", "/v2/users/me/recordings") == 1


async def test_listing_filters_by_the_utc_date_of_start_time(
    fake: FakeZoom, zoom: ZoomClient, clock: FakeClock
) -> None:
    clock.set(datetime(2027, 1, 10, 12, tzinfo=UTC).timestamp())
    meeting_id = await _meeting(zoom)
    made = {}
    for day in (10, 11, 20, 31):
        clock.set(datetime(2027, 1, day, 12, tzinfo=UTC).timestamp())
        made[day] = fake.end_meeting(meeting_id, files=("CHAT",))["uuid"]
    clock.set(datetime(2027, 2, 2, 0, 30, tzinfo=UTC).timestamp())  # started Feb 1, 23:30
    made[32] = fake.end_meeting(meeting_id, files=("CHAT",), duration=60)["uuid"]

    async def listed(**params: str) -> tuple[str, str, list[str]]:
        page = await zoom.request("GET", "/users/me/recordings", params=params)
        return page["from"], page["to"], [m["uuid"] for m in page["meetings"]]

    assert await listed(**{"from": "2027-01-11", "to": "2027-01-20"}) == (
        "2027-01-11",
        "2027-01-20",
        [made[20], made[11]],  # newest first
    )
    assert (await listed(**{"from": "2027-01-31", "to": "2027-02-01"}))[2] == [made[32], made[31]]
    # defaults: to = today by the fake's clock (UTC), from = the day before
    assert await listed() == ("2027-02-01", "2027-02-02", [made[32]])
    assert await listed(to="2027-01-11") == ("2027-01-10", "2027-01-11", [made[11], made[10]])


async def test_a_range_over_one_calendar_month_is_refused(zoom: ZoomClient) -> None:
    ok = (("2027-01-15", "2027-02-15"), ("2027-01-31", "2027-02-28"), ("2027-12-31", "2028-01-31"))
    for start, end in ok:
        page = await zoom.request("GET", "/users/me/recordings", params={"from": start, "to": end})
        assert (page["from"], page["to"]) == (start, end)
    too_wide = (
        ("2027-01-15", "2027-02-16"),
        ("2027-01-31", "2027-03-01"),
        ("2027-01-01", "2028-01-01"),
    )
    for start, end in too_wide:
        error = await _error(zoom, "GET", "/users/me/recordings", **{"from": start, "to": end})
        assert (error.status, error.code) == (400, 300)
        assert error.message == "The maximum range can be a month."


async def test_bad_dates_are_refused_with_code_300(zoom: ZoomClient) -> None:
    error = await _error(
        zoom, "GET", "/users/me/recordings", **{"from": "2027-02-02", "to": "2027-02-01"}
    )
    assert (error.status, error.code) == (400, 300)
    for field, value in (("from", "2027-02-30"), ("to", "20270201"), ("from", "yesterday")):
        error = await _error(zoom, "GET", "/users/me/recordings", **{field: value})
        assert (error.status, error.code) == (400, 300)
        assert [e.field for e in error.errors] == [field]


async def test_listing_pages_with_next_page_token(
    fake: FakeZoom, zoom: ZoomClient, clock: FakeClock
) -> None:
    meeting_id = await _meeting(zoom)
    uuids = []
    for _ in range(5):
        clock.advance(60 * 60)
        uuids.append(fake.end_meeting(meeting_id, files=("CHAT",))["uuid"])
    seen: list[str] = []
    token = ""
    pages = 0
    while True:
        page = await zoom.request(
            "GET", "/users/me/recordings", params={"page_size": 2, "next_page_token": token}
        )
        pages += 1
        assert page["total_records"] == 5 and page["page_size"] == 2
        seen += [m["uuid"] for m in page["meetings"]]
        token = page["next_page_token"]
        if not token:
            break
    assert pages == 3
    assert seen == uuids[::-1]
    # a user with no recordings, and one that does not exist
    fake.add_users(1)
    stranger = fake.account.user_order[-1]
    assert (await zoom.request("GET", f"/users/{stranger}/recordings"))["meetings"] == []
    error = await _error(zoom, "GET", "/users/nobody@example.com/recordings")
    assert (error.status, error.code) == (404, 1001)


async def test_download_access_token_only_when_asked(fake: FakeZoom, zoom: ZoomClient) -> None:
    meeting_id = await _meeting(zoom)
    fake.end_meeting(meeting_id)
    plain = await zoom.request("GET", f"/meetings/{meeting_id}/recordings")
    assert "download_access_token" not in plain
    asked = await zoom.request(
        "GET",
        f"/meetings/{meeting_id}/recordings",
        params={"include_fields": "download_access_token"},
    )
    assert (
        isinstance(asked["download_access_token"], str) and len(asked["download_access_token"]) > 20
    )
    again = await zoom.request(
        "GET",
        f"/meetings/{meeting_id}/recordings",
        params={"include_fields": "download_access_token"},
    )
    assert again["download_access_token"] != asked["download_access_token"]
    error = await _error(
        zoom,
        "GET",
        f"/meetings/{meeting_id}/recordings",
        include_fields="download_access_token",
        ttl="0",
    )
    assert (error.status, error.code) == (400, 300)


async def test_trash_hides_a_recording_and_delete_removes_it(
    fake: FakeZoom, zoom: ZoomClient, clock: FakeClock
) -> None:
    meeting_id = await _meeting(zoom)
    recording = fake.end_meeting(meeting_id)
    trash = {"trash": "true"}
    assert await zoom.request("DELETE", f"/meetings/{meeting_id}/recordings") is None  # 204
    assert fake.api_count("DELETE", f"/v2/meetings/{meeting_id}/recordings") == 1
    assert ("DELETE", f"/v2/meetings/{meeting_id}/recordings", 204) in fake.api_requests
    error = await _error(zoom, "GET", f"/meetings/{meeting_id}/recordings")
    assert (error.status, error.code, error.message) == (404, 3301, NO_RECORDING["message"])
    assert (await zoom.request("GET", "/users/me/recordings"))["meetings"] == []
    listed = (await zoom.request("GET", "/users/me/recordings", params=trash))["meetings"]
    assert [m["uuid"] for m in listed] == [recording["uuid"]]
    assert all("deleted_time" in f for f in listed[0]["recording_files"])
    # trashing it again: nothing to trash
    error = await _error(zoom, "DELETE", f"/meetings/{meeting_id}/recordings")
    assert (error.status, error.code) == (404, 3301)
    # delete for good, from the trash
    await zoom.request("DELETE", f"/meetings/{meeting_id}/recordings", params={"action": "delete"})
    assert (await zoom.request("GET", "/users/me/recordings", params=trash))["meetings"] == []
    error = await _error(zoom, "DELETE", f"/meetings/{meeting_id}/recordings", action="delete")
    assert (error.status, error.code) == (404, 3301)
    error = await _error(zoom, "DELETE", f"/meetings/{meeting_id}/recordings", action="shred")
    assert (error.status, error.code) == (400, 300)


async def test_one_file_can_be_trashed_or_deleted(fake: FakeZoom, zoom: ZoomClient) -> None:
    meeting_id = await _meeting(zoom)
    recording = fake.end_meeting(meeting_id)
    chat, transcript = _file(recording, "CHAT"), _file(recording, "TRANSCRIPT")
    path = f"/meetings/{meeting_id}/recordings"
    await zoom.request("DELETE", f"{path}/{chat['id']}")
    await zoom.request("DELETE", f"{path}/{transcript['id']}", params={"action": "delete"})
    left = await zoom.request("GET", path)
    assert [f["file_type"] for f in left["recording_files"]] == ["MP4", "M4A"]
    assert left["recording_count"] == 2 and left["total_size"] == 320 * KIB
    in_trash = await zoom.request(
        "GET", "/users/me/recordings", params={"trash": "true", "trash_type": "recording_file"}
    )
    assert [f["id"] for m in in_trash["meetings"] for f in m["recording_files"]] == [chat["id"]]
    for file_id, action in ((chat["id"], "trash"), (transcript["id"], "trash"), ("nope", "delete")):
        error = await _error(zoom, "DELETE", f"{path}/{file_id}", action=action)
        assert (error.status, error.code, error.message) == (404, 3301, NO_FILE["message"])
    # the last files gone: the meeting has no recording left
    for f in left["recording_files"]:
        await zoom.request("DELETE", f"{path}/{f['id']}")
    error = await _error(zoom, "GET", path)
    assert (error.status, error.code) == (404, 3301)


# -- the download endpoint ----------------------------------------------------------------------


async def test_download_url_takes_a_bearer_token_and_redirects_to_the_file_host(
    fake: FakeZoom, zoom: ZoomClient, http: aiohttp.ClientSession
) -> None:
    meeting_id = await _meeting(zoom)
    file = _file(fake.end_meeting(meeting_id))
    token = _token(fake)
    async with http.get(file["download_url"], headers=_bearer(token), allow_redirects=False) as r:
        assert r.status == 302
        location = r.headers["Location"]
    parts = urlsplit(location)
    assert f"{parts.scheme}://{parts.netloc}" == fake.file_host_origin
    assert fake.file_host_origin not in (fake.origin, fake.regional_origin)
    assert parts.path == f"/file/{file['id']}"
    assert set(parse_qs(parts.query)) == {"expires", "sig"}
    assert token not in location
    # the file host needs no Authorization at all
    async with aiohttp.ClientSession() as bare, bare.get(location) as r:
        assert r.status == 200
        body = await r.read()
    assert body == b"".join(fake.recording_file_bytes(file["id"]))
    assert fake.file_requests[-1].headers.get("Authorization") is None


async def test_following_the_redirect_drops_the_authorization_header(
    fake: FakeZoom, zoom: ZoomClient, http: aiohttp.ClientSession
) -> None:
    meeting_id = await _meeting(zoom)
    file = _file(fake.end_meeting(meeting_id), "M4A")
    async with http.get(file["download_url"], headers=_bearer(_token(fake))) as r:
        assert r.status == 200
        assert r.headers["Content-Type"] == "audio/mp4"
        assert int(r.headers["Content-Length"]) == file["file_size"]
        digest = hashlib.sha256(await r.read()).hexdigest()
    assert digest == fake.recording_file_sha256(file["id"])
    [request] = fake.file_requests
    assert request.method == "GET" and request.path == f"/file/{file['id']}"
    assert "Authorization" not in request.headers and "authorization" not in request.headers
    assert request.range is None and set(request.query) == {"expires", "sig"}
    assert fake.file_bytes_sent == file["file_size"]


async def test_download_tokens_of_the_recording_are_accepted(
    fake: FakeZoom, zoom: ZoomClient, http: aiohttp.ClientSession, clock: FakeClock
) -> None:
    meeting_id = await _meeting(zoom)
    file = _file(fake.end_meeting(meeting_id))
    answer = await zoom.request(
        "GET",
        f"/meetings/{meeting_id}/recordings",
        params={"include_fields": "download_access_token"},
    )
    access = answer["download_access_token"]
    other = await _meeting(zoom, topic="other")
    fake.end_meeting(other)
    foreign = (
        await zoom.request(
            "GET",
            f"/meetings/{other}/recordings",
            params={"include_fields": "download_access_token"},
        )
    )["download_access_token"]

    async def status(token: str) -> tuple[int, Any]:
        async with http.get(
            file["download_url"], headers=_bearer(token), allow_redirects=False
        ) as r:
            return r.status, (await r.json() if r.status != 302 else None)

    assert await status(access) == (302, None)
    async with http.get(
        f"{file['download_url']}?access_token={access}",
        headers=_bearer(access),
        allow_redirects=False,
    ) as r:
        assert r.status == 401  # in the URL it is refused, even beside a good header
    assert fake.tokens_in_urls == 1
    assert await status(foreign) == (401, INVALID_TOKEN)  # a token of another recording
    async with http.get(f"{fake.base_url}/users/me", headers=_bearer(access)) as r:
        assert r.status == 401  # and it is no API token
    clock.advance(24 * 60 * 60 - 1)
    assert (await status(access))[0] == 302
    clock.advance(1)
    assert await status(access) == (401, {"code": 124, "message": "Access token is expired."})


async def test_tokens_that_are_refused(
    fake: FakeZoom, zoom: ZoomClient, http: aiohttp.ClientSession
) -> None:
    meeting_id = await _meeting(zoom)
    file = _file(fake.end_meeting(meeting_id))
    url = file["download_url"]
    token = _token(fake)

    async def answer(target: str, headers: dict[str, str]) -> tuple[int, Any]:
        async with http.get(target, headers=headers, allow_redirects=False) as r:
            return r.status, await r.json()

    assert await answer(url, {}) == (401, INVALID_TOKEN)
    assert await answer(url, {"Authorization": token}) == (401, INVALID_TOKEN)  # no scheme
    assert await answer(url, _bearer("made-up")) == (401, INVALID_TOKEN)
    assert fake.tokens_in_urls == 0
    assert await answer(f"{url}?access_token={token}", {}) == (401, INVALID_TOKEN)
    assert await answer(f"{url}?access_token={token}", _bearer(token)) == (401, INVALID_TOKEN)
    assert fake.tokens_in_urls == 2
    # the API refuses (and counts) them too
    assert await answer(f"{fake.base_url}/users/me?access_token={token}", {}) == (
        401,
        INVALID_TOKEN,
    )
    assert fake.tokens_in_urls == 3
    # another account's API token: that account has no such file
    stranger = _token(fake, fake.add_account())
    assert await answer(url, _bearer(stranger)) == (404, NO_FILE)
    assert await answer(f"{fake.origin}/rec/download/nope", _bearer(token)) == (404, NO_FILE)
    assert fake.file_requests == []


async def test_trashed_and_deleted_files_are_not_served(
    fake: FakeZoom, zoom: ZoomClient, http: aiohttp.ClientSession
) -> None:
    meeting_id = await _meeting(zoom)
    recording = fake.end_meeting(meeting_id)
    mp4, chat = _file(recording), _file(recording, "CHAT")
    headers = _bearer(_token(fake))
    async with http.get(mp4["download_url"], headers=headers, allow_redirects=False) as r:
        signed = r.headers["Location"]
    await zoom.request("DELETE", f"/meetings/{meeting_id}/recordings/{chat['id']}")
    async with http.get(chat["download_url"], headers=headers) as r:
        assert (r.status, await r.json()) == (404, NO_FILE)
    await zoom.request("DELETE", f"/meetings/{meeting_id}/recordings")
    async with http.get(mp4["download_url"], headers=headers) as r:
        assert r.status == 404
    async with http.get(signed) as r:  # a URL signed before the recording went to the trash
        assert r.status == 404
    # the bytes stay computable for checks
    assert len(b"".join(fake.recording_file_bytes(mp4["id"]))) == mp4["file_size"]


# -- the file host --------------------------------------------------------------------------------


async def _signed_url(fake: FakeZoom, http: aiohttp.ClientSession, file: dict[str, Any]) -> str:
    headers = _bearer(_token(fake))
    async with http.get(file["download_url"], headers=headers, allow_redirects=False) as r:
        assert r.status == 302
        return r.headers["Location"]


async def test_signed_urls_are_checked_and_expire(
    fake: FakeZoom, zoom: ZoomClient, http: aiohttp.ClientSession, clock: FakeClock
) -> None:
    meeting_id = await _meeting(zoom)
    recording = fake.end_meeting(meeting_id)
    mp4, chat = _file(recording), _file(recording, "CHAT")
    url = await _signed_url(fake, http, mp4)
    other_file = url.replace(mp4["id"], chat["id"])
    tampered = url[:-1] + ("0" if url[-1] != "0" else "1")
    unsigned = url.split("?")[0]
    for bad in (other_file, tampered, unsigned):
        async with http.get(bad) as r:
            assert r.status == 403
    async with http.get(url) as r:
        assert r.status == 200
    clock.advance(fake.file_host.url_ttl)
    async with http.get(url) as r:
        assert r.status == 403
        assert (await r.json())["message"] == "Request has expired."


async def test_ranges_are_answered_206_and_416(
    fake: FakeZoom, zoom: ZoomClient, http: aiohttp.ClientSession
) -> None:
    meeting_id = await _meeting(zoom)
    size = 3 * MIB + 123
    file = _file(fake.end_meeting(meeting_id, file_size={"MP4": size}))
    url = await _signed_url(fake, http, file)
    whole = b"".join(fake.recording_file_bytes(file["id"]))
    cases = {
        "bytes=1048570-": (1_048_570, size),
        "bytes=10-19": (10, 20),
        "bytes=0-0": (0, 1),
        f"bytes={size - 5}-{size + 100}": (size - 5, size),
        "bytes=-100": (size - 100, size),
    }
    for header, (start, end) in cases.items():
        async with http.get(url, headers={"Range": header}) as r:
            assert r.status == 206, header
            assert r.headers["Content-Range"] == f"bytes {start}-{end - 1}/{size}"
            assert int(r.headers["Content-Length"]) == end - start
            assert await r.read() == whole[start:end]
    for header in (f"bytes={size}-", f"bytes={size + 1}-{size + 9}", "bytes=-0"):
        async with http.get(url, headers={"Range": header}) as r:
            assert r.status == 416, header
            assert r.headers["Content-Range"] == f"bytes */{size}"
    for ignored in ("bytes=0-1,5-6", "items=0-1", "bytes=9-3"):
        async with http.get(url, headers={"Range": ignored}) as r:
            assert r.status == 200 and int(r.headers["Content-Length"]) == size
            await r.read()
    async with http.head(url) as r:
        assert r.status == 200 and r.headers["Accept-Ranges"] == "bytes"
        assert int(r.headers["Content-Length"]) == size
    assert [q.range for q in fake.file_requests[-4:-1]] == [
        "bytes=0-1,5-6",
        "items=0-1",
        "bytes=9-3",
    ]


async def _read_into(response: aiohttp.ClientResponse, into: bytearray) -> None:
    async for chunk in response.content.iter_any():
        into += chunk


async def test_dropped_connections_cut_bodies_at_exactly_after_bytes(
    fake: FakeZoom, zoom: ZoomClient, http: aiohttp.ClientSession
) -> None:
    meeting_id = await _meeting(zoom)
    size = 1 * MIB
    recording = fake.end_meeting(meeting_id, file_size={"MP4": size, "CHAT": 100 * KIB})
    file, small = _file(recording), _file(recording, "CHAT")
    url = await _signed_url(fake, http, file)
    fake.drop_file_connections(times=2, after_bytes=300 * KIB)
    # a body no longer than after_bytes is not cut, and does not use one up
    small_url = await _signed_url(fake, http, small)
    async with http.get(small_url) as r:
        assert len(await r.read()) == 100 * KIB
    received = b""
    for _ in range(2):
        async with http.get(url, headers={"Range": f"bytes={len(received)}-"}) as r:
            assert r.status == 206  # bytes=0- too
            got = bytearray()
            with pytest.raises(aiohttp.ClientPayloadError):
                await _read_into(r, got)
            assert len(got) == 300 * KIB
            received += bytes(got)
    async with http.get(url, headers={"Range": f"bytes={len(received)}-"}) as r:
        assert r.status == 206
        received += await r.read()
    assert hashlib.sha256(received).hexdigest() == fake.recording_file_sha256(file["id"])
    assert fake.file_bytes_sent == 100 * KIB + 2 * 300 * KIB + (size - 600 * KIB)
    assert [q.range for q in fake.file_requests[1:]] == [
        "bytes=0-",
        f"bytes={300 * KIB}-",
        f"bytes={600 * KIB}-",
    ]


async def test_file_bytes_are_deterministic_and_differ_per_file_and_per_mib(
    fake: FakeZoom, zoom: ZoomClient, http: aiohttp.ClientSession
) -> None:
    meeting_id = await _meeting(zoom)
    big = 200 * MIB
    recording = fake.end_meeting(meeting_id, file_size={"MP4": big, "M4A": 3 * MIB})
    mp4, m4a = _file(recording), _file(recording, "M4A")
    a = b"".join(fake.recording_file_bytes(m4a["id"]))
    assert len(a) == 3 * MIB
    assert a == b"".join(fake.recording_file_bytes(m4a["id"]))
    assert a[:MIB] != a[MIB : 2 * MIB] != a[2 * MIB :]
    assert a[8:MIB] == a[MIB + 8 : 2 * MIB]  # one pseudo-random block, stamped per MiB
    assert fake.recording_file_sha256(m4a["id"]) == hashlib.sha256(a).hexdigest()
    assert a[:MIB] != b"".join(fake.recording_file_bytes(mp4["id"], 0, MIB))
    assert all(len(c) <= 64 * KIB for c in fake.recording_file_bytes(m4a["id"]))
    assert b"".join(fake.recording_file_bytes(m4a["id"], MIB - 3, MIB + 5)) == a[MIB - 3 : MIB + 5]
    # a 200 MB file is served from any offset without being built
    url = await _signed_url(fake, http, mp4)
    async with http.get(url, headers={"Range": f"bytes={big - 70_000}-"}) as r:
        tail = await r.read()
    assert tail == b"".join(fake.recording_file_bytes(mp4["id"], big - 70_000))
    assert len(tail) == 70_000
    async with http.get(url) as r:
        assert int(r.headers["Content-Length"]) == big
        first = await r.content.readexactly(MIB)
    assert first == b"".join(fake.recording_file_bytes(mp4["id"], 0, MIB))
    with pytest.raises(KeyError):
        fake.recording_file_sha256("no-such-file")


async def test_a_client_that_stops_reading_is_cut_off(
    fake: FakeZoom, zoom: ZoomClient, http: aiohttp.ClientSession
) -> None:
    meeting_id = await _meeting(zoom)
    file = _file(fake.end_meeting(meeting_id, file_size={"MP4": 64 * MIB}))
    url = urlsplit(await _signed_url(fake, http, file))
    fake.file_host.write_timeout = 0.05
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, (url.hostname, url.port))
    _, writer = await asyncio.open_connection(sock=sock, limit=4096)
    writer.write(f"GET {url.path}?{url.query} HTTP/1.1\r\nHost: {url.netloc}\r\n\r\n".encode())
    try:
        async with asyncio.timeout(5):  # the server gives up on it (after 0.05 s)
            await fake.file_host.wait_stalled_clients(1)
    finally:
        writer.close()
    assert fake.file_bytes_sent < 64 * MIB


# -- the webhook --------------------------------------------------------------------------------


@pytest.fixture
async def receiver(clock: FakeClock) -> AsyncIterator[tuple[WebhookReceiver, str]]:
    hook = WebhookReceiver(SECRET, clock=clock)
    runner = web.AppRunner(hook.app(path="/zoom"))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield hook, f"http://127.0.0.1:{runner.addresses[0][1]}/zoom"
    await runner.cleanup()


async def test_recording_completed_carries_a_download_token_that_downloads(
    fake: FakeZoom,
    zoom: ZoomClient,
    http: aiohttp.ClientSession,
    clock: FakeClock,
    receiver: tuple[WebhookReceiver, str],
) -> None:
    hook, url = receiver
    seen: list[RecordingCompleted] = []

    @hook.on("recording.completed")
    async def keep(event: RecordingCompleted) -> None:
        seen.append(event)

    meeting_id = await _meeting(zoom)
    recording = fake.end_meeting(meeting_id)
    delivery = await fake.deliver_recording_completed(url, meeting_id, secret_token=SECRET)
    assert delivery.status == 200
    await hook.drain()
    [event] = seen
    assert event.event_ts == int(clock() * 1000)
    assert event.raw["payload"]["object"] == recording
    assert event.recording.uuid == recording["uuid"]
    token = event.download_token
    assert token
    file = _file(recording, "TRANSCRIPT")
    async with http.get(file["download_url"], headers=_bearer(token)) as r:
        assert r.status == 200 and r.headers["Content-Type"] == "text/vtt"
        assert hashlib.sha256(await r.read()).hexdigest() == fake.recording_file_sha256(file["id"])
    clock.advance(24 * 60 * 60)
    async with http.get(file["download_url"], headers=_bearer(token), allow_redirects=False) as r:
        assert r.status == 401
    error_meeting = await _meeting(zoom)
    with pytest.raises(ApiFailure, match="no recording"):
        await fake.deliver_recording_completed(url, error_meeting, secret_token=SECRET)

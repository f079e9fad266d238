"""Path parameters: escaping, dot segments, meeting numbers in Zoom's printed form, UUIDs."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from aiohttp import web

from aiozoom.client import ZoomClient
from aiozoom.http.paths import meeting_id_segment, meeting_number, path_segment
from aiozoom.testing import FakeZoom
from aiozoom.testing.spec_fallback import spec_fallback

# -- path_segment -------------------------------------------------------------------------------

DOT_SEGMENTS = [
    ".",
    "..",
    "%2e",
    "%2E",
    "%2e%2e",
    ".%2E",
    "%2e.",
    "%252e",  # "." after two decodings, as a server that decodes UUIDs twice reads it
    "%252E%252e",
    "%25252e",
]


# these tests answer lists and IDs with fallbacks of their own (see conftest.py)
pytestmark = pytest.mark.usefixtures("only_people_keep_state")


@pytest.mark.parametrize("value", DOT_SEGMENTS)
def test_path_segment_refuses_dot_segments(value: str) -> None:
    with pytest.raises(ValueError, match=r"^recording_id\b") as info:
        path_segment(value, name="recording_id")
    assert value not in str(info.value).replace("'.'", "").replace("'..'", "")


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("...", "..."),  # not a dot segment: an ordinary name
        (".a", ".a"),
        ("a.", "a."),
        ("a.b", "a.b"),
        (". ", ".%20"),
        ("%2e%2e%2e", "%252e%252e%252e"),
        ("./", ".%2F"),  # contains "/": escaped, never a dot segment on the wire
        ("/..", "%252F.."),  # begins with "/": encoded twice
        ("%2", "%252"),
    ],
)
def test_path_segment_keeps_values_that_are_not_dot_segments(value: str, escaped: str) -> None:
    assert unquote(path_segment(value)) != "."
    assert path_segment(value) == escaped


# -- meeting numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits"),
    [
        (81234567890, "81234567890"),
        (0, "0"),
        ("81234567890", "81234567890"),
        ("812 3456 7890", "81234567890"),
        ("  0012 345 678 ", "0012345678"),  # a string keeps its leading zeros
        ("812\u00a03456\u00a07890", "81234567890"),  # non-breaking spaces, as pasted from mail
    ],
)
def test_meeting_number_accepts_zooms_printed_form(value: int | str, digits: str) -> None:
    assert meeting_number(value, name="meeting_id") == digits


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "abc",
        "12a",
        "s3cret 99",
        "-123",
        "+123",
        "12.5",
        "123-456",
        "\u0661\u0662\u0663",  # Arabic-Indic digits: not ASCII
        "..",
        -5,
        True,
        False,
        12.0,
        None,
        b"123",
    ],
)
def test_meeting_number_refuses_anything_else(value: object) -> None:
    with pytest.raises(ValueError, match=r"^webinar_id\b") as info:
        meeting_number(value, name="webinar_id")
    if isinstance(value, str) and value.strip():
        assert value not in str(info.value)


def test_meeting_number_names_its_argument_by_default() -> None:
    with pytest.raises(ValueError, match=r"^meeting_number\b"):
        meeting_number("x")


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        (81234567890, "81234567890"),
        ("812 3456 7890", "81234567890"),
        ("81234567890", "81234567890"),
        ("4444AAAiAAAAAiAiAiiAii==", "4444AAAiAAAAAiAiAiiAii%3D%3D"),  # a UUID
        ("12a", "12a"),
        ("/ajXp112QmuoKj4854875==", "%252FajXp112QmuoKj4854875%253D%253D"),
        ("aX//b+c=", "aX%252F%252Fb%252Bc%253D"),
    ],
)
def test_meeting_id_segment_takes_a_number_or_a_uuid(value: int | str, segment: str) -> None:
    assert meeting_id_segment(value, name="meeting_id") == segment


@pytest.mark.parametrize("value", ["", "  ", ".", "%2e%2e", -1, True, 1.5, None])
def test_meeting_id_segment_refuses(value: object) -> None:
    with pytest.raises(ValueError, match=r"^meeting_id\b"):
        meeting_id_segment(value, name="meeting_id")


# -- through the stack --------------------------------------------------------------------------


async def test_meeting_number_in_printed_form_reaches_the_meeting(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    created = await zoom.meetings.create("me", topic="Printed")
    assert created.id == 81234567890

    meeting = await zoom.meetings.get("812 3456 7890")

    assert meeting.id == 81234567890 and meeting.topic == "Printed"
    assert fake.api_count("GET", "/v2/meetings/81234567890") == 1
    await zoom.meetings.delete("812 3456 7890")
    assert fake.api_count("DELETE", "/v2/meetings/81234567890") == 1


@pytest.mark.parametrize("value", ["abc", "12a", "-1", "", "812-3456-7890", "."])
async def test_a_meeting_number_that_is_not_digits_is_refused_before_any_request(
    fake: FakeZoom, zoom: ZoomClient, value: str
) -> None:
    await zoom.meetings.create("me", topic="Kept")
    before = fake.api_count()
    with pytest.raises(ValueError, match=r"^meeting_id\b"):
        await zoom.meetings.get(value)
    with pytest.raises(ValueError, match=r"^webinar_id\b"):
        await zoom.webinars.delete(value)
    assert fake.api_count() == before


async def test_uuid_accepting_methods_take_a_uuid_or_a_printed_number(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    examples = spec_fallback()
    paths: list[str] = []

    async def record(request: web.Request) -> web.StreamResponse | None:
        paths.append(request.raw_path.split("?")[0])
        return await examples(request)

    fake.fallback = record
    # (past meetings and recordings.get are answered from the fake's state now; a past meeting's
    # Q&A and a recording's analytics summary are not)
    past = await zoom.meetings.list_past_qa("/ajXp112QmuoKj4854875==")
    assert past.uuid is not None
    await zoom.recordings.get_analytics_summary("4444AAAiAAAAAiAiAiiAii==")
    await zoom.recordings.get_analytics_summary("812 3456 7890")
    await zoom.recordings.get_analytics_summary(81234567890)
    await zoom.webinars.get("ABCDE12345")
    await zoom.webinars.get("952 0491 4252")
    assert paths == [
        "/v2/past_meetings/%252FajXp112QmuoKj4854875%253D%253D/qa",
        "/v2/meetings/4444AAAiAAAAAiAiAiiAii%3D%3D/recordings/analytics_summary",
        "/v2/meetings/81234567890/recordings/analytics_summary",
        "/v2/meetings/81234567890/recordings/analytics_summary",
        "/v2/webinars/ABCDE12345",
        "/v2/webinars/95204914252",
    ]

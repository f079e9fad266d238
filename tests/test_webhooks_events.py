"""parse_event: Zoom's webhook bodies as lenient typed events; clear errors for non-events."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from aiozoom.errors import ZoomError
from aiozoom.webhooks import (
    InvalidWebhookError,
    MeetingEnded,
    MeetingParticipantJoined,
    MeetingParticipantLeft,
    MeetingStarted,
    RecordingCompleted,
    RecordingTranscriptCompleted,
    UrlValidation,
    WebhookEvent,
    parse_event,
)

# Bodies shaped like the samples in Zoom's webhook reference (values made up).
MEETING_OBJECT: dict[str, Any] = {
    "id": "85746065432",  # Zoom sends the meeting number as a string in meeting events
    "uuid": "4444AAAiAAAAAiAiAiiAii==",
    "host_id": "x1yCzABCDEfg23HiJKl4mN",
    "topic": "Weekly standup",
    "type": 8,
    "start_time": "2026-05-11T09:00:03Z",
    "timezone": "Europe/Berlin",
    "duration": 30,
}

MEETING_STARTED: dict[str, Any] = {
    "event": "meeting.started",
    "event_ts": 1778490003572,
    "payload": {"account_id": "AAAAAABBBB", "object": MEETING_OBJECT},
}

MEETING_ENDED: dict[str, Any] = {
    "event": "meeting.ended",
    "event_ts": 1778491900120,
    "payload": {
        "account_id": "AAAAAABBBB",
        "object": {**MEETING_OBJECT, "end_time": "2026-05-11T09:31:40Z"},
    },
}

PARTICIPANT: dict[str, Any] = {
    "user_id": "16778240",
    "user_name": "Jill Chill",
    "id": "iFxeBPYun6SAiWUzBcEkX",
    "participant_uuid": "55555AAAiAAAAAiAiAiiAii",
    "participant_user_id": "rstuvwxyza789-cde",
    "email": "jchill@example.com",
    "registrant_id": "abcdefghij0-klmnopq23456",
    "customer_key": "349589LkJyeW",
    "phone_number": "8615250064084",
    "public_ip": "203.0.113.7",
    "join_time": "2026-05-11T09:01:12Z",
}

PARTICIPANT_JOINED: dict[str, Any] = {
    "event": "meeting.participant_joined",
    "event_ts": 1778490072000,
    "payload": {
        "account_id": "AAAAAABBBB",
        "object": {**MEETING_OBJECT, "participant": PARTICIPANT},
    },
}

PARTICIPANT_LEFT: dict[str, Any] = {
    "event": "meeting.participant_left",
    "event_ts": 1778491800000,
    "payload": {
        "account_id": "AAAAAABBBB",
        "object": {
            **MEETING_OBJECT,
            "participant": {
                **PARTICIPANT,
                "leave_time": "2026-05-11T09:30:00Z",
                "leave_reason": "left the meeting. Reason : left the meeting",
            },
        },
    },
}

DOWNLOAD_TOKEN = "abJhbGciOiJIUzUxMiJ9.eyJpc3MiOiJodHRwczovL2V2ZW50Lnpvb20udXMi.sig"

RECORDING_COMPLETED: dict[str, Any] = {
    "event": "recording.completed",
    "event_ts": 1778495400000,
    "payload": {
        "account_id": "AAAAAABBBB",
        "object": {
            "id": 85746065432,
            "uuid": "4444AAAiAAAAAiAiAiiAii==",
            "host_id": "x1yCzABCDEfg23HiJKl4mN",
            "account_id": "AAAAAABBBB",
            "topic": "Weekly standup",
            "type": 8,
            "start_time": "2026-05-11T09:00:03Z",
            "timezone": "Europe/Berlin",
            "host_email": "jchill@example.com",
            "duration": 31,
            "password": "132456",
            "recording_play_passcode": "yNYIS408EJygs7rE5vVsJwXIz4-VW7MH",
            "share_url": "https://example.zoom.us/rec/share/abc",
            "total_size": 3328371,
            "recording_count": 2,
            "thumbnail_links": ["https://example.zoom.us/thumb.png"],
            "recording_files": [
                {
                    "id": "ed6c2f27-2ae7-42f4-b3d0-835b493e4fa8",
                    "meeting_id": "4444AAAiAAAAAiAiAiiAii==",
                    "recording_start": "2026-05-11T09:00:05Z",
                    "recording_end": "2026-05-11T09:31:38Z",
                    "recording_type": "shared_screen_with_speaker_view",
                    "file_type": "MP4",
                    "file_name": "Weekly standup",
                    "file_size": 3081811,
                    "file_extension": "MP4",
                    "play_url": "https://example.zoom.us/rec/play/Qg75t7xZBtEbAkjdlgbfdngBBBB",
                    "download_url": "https://example.zoom.us/rec/download/Qg75t7xZBtEbAkjdlgbfdngBBBB",
                    "status": "completed",
                },
                {
                    "id": "7dc1c5e4-8b5f-4c4b-9e0a-3f1f52d0b1c2",
                    "meeting_id": "4444AAAiAAAAAiAiAiiAii==",
                    "recording_start": "2026-05-11T09:00:05Z",
                    "recording_end": "2026-05-11T09:31:38Z",
                    "recording_type": "audio_only",
                    "file_type": "M4A",
                    "file_size": 246560,
                    "file_extension": "M4A",
                    "play_url": "https://example.zoom.us/rec/play/Qg75t7xZBtEbAkjdlgbfdngCCCC",
                    "download_url": "https://example.zoom.us/rec/download/Qg75t7xZBtEbAkjdlgbfdngCCCC",
                    "status": "completed",
                },
            ],
            "participant_audio_files": [
                {
                    "id": "a1b2c3",
                    "recording_start": "2026-05-11T09:00:05Z",
                    "recording_end": "2026-05-11T09:31:38Z",
                    "file_type": "M4A",
                    "file_name": "Jill Chill",
                    "file_size": 120000,
                    "file_extension": "M4A",
                    "download_url": "https://example.zoom.us/rec/download/participant-a1b2c3",
                    "status": "completed",
                }
            ],
        },
    },
    "download_token": DOWNLOAD_TOKEN,
}

TRANSCRIPT_COMPLETED: dict[str, Any] = {
    "event": "recording.transcript_completed",
    "event_ts": 1778497200000,
    "payload": {
        "account_id": "AAAAAABBBB",
        "object": {
            **RECORDING_COMPLETED["payload"]["object"],
            "recording_count": 1,
            "recording_files": [
                {
                    "id": "0c1e2f3a-transcript",
                    "meeting_id": "4444AAAiAAAAAiAiAiiAii==",
                    "recording_start": "2026-05-11T09:00:05Z",
                    "recording_end": "2026-05-11T09:31:38Z",
                    "recording_type": "audio_transcript",
                    "file_type": "TRANSCRIPT",
                    "file_size": 5012,
                    "file_extension": "VTT",
                    "download_url": "https://example.zoom.us/rec/download/transcript",
                    "status": "completed",
                }
            ],
        },
    },
    "download_token": DOWNLOAD_TOKEN,
}

URL_VALIDATION: dict[str, Any] = {
    "payload": {"plainToken": "qgg8vlvZRS6UYooatFL8Aw"},
    "event_ts": 1778490000000,
    "event": "endpoint.url_validation",
}


def utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def body(data: dict[str, Any]) -> bytes:
    return json.dumps(data).encode()


def test_meeting_started() -> None:
    event = parse_event(body(MEETING_STARTED))
    assert type(event) is MeetingStarted
    assert event.event == "meeting.started"
    assert event.event_ts == 1778490003572
    assert event.occurred_at == datetime(2026, 5, 11, 9, 0, 3, 572000, tzinfo=UTC)
    assert event.account_id == "AAAAAABBBB"
    m = event.meeting
    assert m.id == 85746065432  # a meeting number, as an int, though Zoom sent a string
    assert m.uuid == "4444AAAiAAAAAiAiAiiAii=="
    assert m.host_id == "x1yCzABCDEfg23HiJKl4mN"
    assert (m.topic, m.type, m.timezone, m.duration) == ("Weekly standup", 8, "Europe/Berlin", 30)
    assert m.start_time == utc("2026-05-11T09:00:03Z")
    assert m.end_time is None
    assert event.object == MEETING_OBJECT
    assert event.payload == MEETING_STARTED["payload"]


def test_meeting_ended_has_the_end_time() -> None:
    event = parse_event(body(MEETING_ENDED))
    assert isinstance(event, MeetingEnded)
    assert event.meeting.end_time == utc("2026-05-11T09:31:40Z")
    assert event.meeting.id == 85746065432


def test_participant_joined() -> None:
    event = parse_event(body(PARTICIPANT_JOINED))
    assert isinstance(event, MeetingParticipantJoined)
    p = event.participant
    assert p.user_id == "16778240"
    assert p.user_name == "Jill Chill"
    assert p.id == "iFxeBPYun6SAiWUzBcEkX"
    assert p.participant_uuid == "55555AAAiAAAAAiAiAiiAii"
    assert p.participant_user_id == "rstuvwxyza789-cde"
    assert p.email == "jchill@example.com"
    assert p.registrant_id == "abcdefghij0-klmnopq23456"
    assert p.customer_key == "349589LkJyeW"
    assert p.public_ip == "203.0.113.7"
    assert p.join_time == utc("2026-05-11T09:01:12Z")
    assert p.leave_time is None
    assert event.meeting.topic == "Weekly standup"


def test_participant_left() -> None:
    event = parse_event(body(PARTICIPANT_LEFT))
    assert isinstance(event, MeetingParticipantLeft)
    assert event.participant.leave_time == utc("2026-05-11T09:30:00Z")
    assert event.participant.leave_reason == "left the meeting. Reason : left the meeting"
    assert event.participant.user_name == "Jill Chill"


def test_recording_completed() -> None:
    event = parse_event(body(RECORDING_COMPLETED))
    assert isinstance(event, RecordingCompleted)
    assert event.download_token == DOWNLOAD_TOKEN
    assert event.extras == {"download_token": DOWNLOAD_TOKEN}
    r = event.recording
    assert (r.id, r.uuid, r.host_email) == (
        85746065432,
        "4444AAAiAAAAAiAiAiiAii==",
        "jchill@example.com",
    )
    assert (r.total_size, r.recording_count, r.duration) == (3328371, 2, 31)
    assert r.share_url == "https://example.zoom.us/rec/share/abc"
    assert [f.file_type for f in r.recording_files] == ["MP4", "M4A"]
    video = r.recording_files[0]
    assert video.id == "ed6c2f27-2ae7-42f4-b3d0-835b493e4fa8"
    assert video.download_url == "https://example.zoom.us/rec/download/Qg75t7xZBtEbAkjdlgbfdngBBBB"
    assert video.play_url == "https://example.zoom.us/rec/play/Qg75t7xZBtEbAkjdlgbfdngBBBB"
    assert video.file_size == 3081811
    assert video.file_extension == "MP4"
    assert video.recording_type == "shared_screen_with_speaker_view"
    assert video.status == "completed"
    assert video.meeting_id == "4444AAAiAAAAAiAiAiiAii=="
    assert video.recording_start == utc("2026-05-11T09:00:05Z")
    assert video.recording_end == utc("2026-05-11T09:31:38Z")
    assert [f.file_name for f in r.participant_audio_files] == ["Jill Chill"]


def test_credentials_stay_out_of_repr() -> None:
    event = parse_event(body(RECORDING_COMPLETED))
    assert DOWNLOAD_TOKEN not in repr(event)
    assert "132456" not in repr(event)
    assert "yNYIS408EJygs7rE5vVsJwXIz4" not in repr(event)


def test_recording_transcript_completed() -> None:
    event = parse_event(body(TRANSCRIPT_COMPLETED))
    assert isinstance(event, RecordingTranscriptCompleted)
    assert event.download_token == DOWNLOAD_TOKEN
    (transcript,) = event.recording.recording_files
    assert (transcript.file_type, transcript.file_extension) == ("TRANSCRIPT", "VTT")
    assert transcript.recording_type == "audio_transcript"
    assert transcript.download_url == "https://example.zoom.us/rec/download/transcript"


def test_url_validation() -> None:
    event = parse_event(body(URL_VALIDATION))
    assert isinstance(event, UrlValidation)
    assert event.plain_token == "qgg8vlvZRS6UYooatFL8Aw"
    assert event.object is None and event.account_id is None


def test_accepts_a_decoded_dict_and_json_text() -> None:
    from_dict = parse_event(RECORDING_COMPLETED)
    from_text = parse_event(json.dumps(RECORDING_COMPLETED))
    assert from_dict == from_text == parse_event(body(RECORDING_COMPLETED))


def test_an_unknown_event_is_delivered_as_the_envelope_with_the_raw_payload() -> None:
    data = {
        "event": "meeting.something_new",
        "event_ts": 1778490100000,
        "payload": {
            "account_id": "AAAAAABBBB",
            "operator": "jchill@example.com",
            "object": {"id": 85746065432, "chat_message": {"message": "hi"}},
        },
        "something_new": {"x": 1},
    }
    event = parse_event(body(data))
    assert type(event) is WebhookEvent
    assert event.event == "meeting.something_new"
    assert event.account_id == "AAAAAABBBB"
    assert event.payload["operator"] == "jchill@example.com"
    assert event.object == {"id": 85746065432, "chat_message": {"message": "hi"}}
    assert event.extras == {"something_new": {"x": 1}}
    assert event.raw == data


def test_unknown_fields_are_ignored_but_stay_reachable() -> None:
    data = copy.deepcopy(RECORDING_COMPLETED)
    data["payload"]["object"]["brand_new_field"] = {"nested": True}
    data["payload"]["object"]["recording_files"][0]["ai_summary_url"] = "https://example/x"
    data["payload"]["operator_id"] = "op"
    event = parse_event(body(data))
    assert isinstance(event, RecordingCompleted)
    assert event.recording.recording_files[0].file_size == 3081811
    assert event.object is not None and event.object["brand_new_field"] == {"nested": True}
    assert event.payload["operator_id"] == "op"


def test_missing_and_odd_values_become_none_instead_of_failing() -> None:
    data = {
        "event": "recording.completed",
        "event_ts": "1778495400000",
        "payload": {
            "account_id": None,
            "object": {
                "id": "not-a-number",
                "start_time": "yesterday",
                "total_size": 12.5,
                "recording_count": True,
                "recording_files": [
                    {"file_size": "2048", "download_url": 7, "id": 42},
                    "garbage",
                    None,
                ],
                "participant_audio_files": {"not": "a list"},
            },
        },
    }
    event = parse_event(body(data))
    assert isinstance(event, RecordingCompleted)
    assert event.event_ts == 1778495400000
    assert event.account_id is None
    r = event.recording
    assert r.id is None and r.start_time is None and r.total_size is None
    assert r.recording_count is None
    (f,) = r.recording_files
    assert (f.file_size, f.download_url, f.id) == (2048, "7", "42")
    assert r.participant_audio_files == ()
    assert event.download_token is None


def test_a_known_event_without_an_object_still_parses() -> None:
    event = parse_event(body({"event": "meeting.participant_joined", "payload": {}}))
    assert isinstance(event, MeetingParticipantJoined)
    assert event.meeting.id is None and event.participant.user_name is None
    event = parse_event(
        body({"event": "meeting.started", "payload": {"object": ["not", "an", "object"]}})
    )
    assert isinstance(event, MeetingStarted)
    assert event.object is None and event.meeting.topic is None


def test_events_are_frozen_and_hashable() -> None:
    event = parse_event(body(MEETING_STARTED))
    with pytest.raises(AttributeError):
        event.event = "meeting.ended"  # type: ignore[misc]
    assert hash(event) == hash(parse_event(body(MEETING_STARTED)))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param(b"", "not valid JSON", id="empty"),
        pytest.param(b"event=meeting.started", "not valid JSON", id="form-encoded"),
        pytest.param(b'{"event": "meeting.started",', "not valid JSON", id="truncated"),
        pytest.param(b"\xff\xfe\x00garbage", "not valid JSON", id="binary"),
        pytest.param(b"[1, 2]", "not an object", id="array"),
        pytest.param(b'"meeting.started"', "not an object", id="string"),
        pytest.param(b"null", "not an object", id="null"),
        pytest.param(b'{"payload": {}}', "no 'event'", id="no-event"),
        pytest.param(b'{"event": 5, "payload": {}}', "no 'event'", id="event-not-a-string"),
        pytest.param(b'{"event": "", "payload": {}}', "no 'event'", id="event-empty"),
        pytest.param(b'{"event": "meeting.started"}', "no 'payload'", id="no-payload"),
        pytest.param(b'{"event": "x", "payload": [1]}', "no 'payload'", id="payload-not-object"),
    ],
)
def test_bad_input_raises_invalid_webhook_error(raw: bytes, message: str) -> None:
    with pytest.raises(InvalidWebhookError, match=message) as info:
        parse_event(raw)
    assert isinstance(info.value, ZoomError)


def test_a_body_of_the_wrong_type_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        parse_event(12345)  # type: ignore[arg-type]

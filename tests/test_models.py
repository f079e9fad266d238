"""Models and the converter: the spec's examples round-trip; tomorrow's fields and enum values
survive; date-times parse or stay strings; ``null`` and absent stay apart; secrets stay out of
``repr``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest

import aiozoom.models
from aiozoom.api import operations
from aiozoom.client import ZoomClient
from aiozoom.models import UNSET, Unset, ZoomModel, structure, unstructure
from aiozoom.models._base import is_secret
from aiozoom.models._converter import format_datetime, parse_datetime
from aiozoom.models.meetings import (
    Meeting,
    MeetingCreateRequest,
    MeetingCreateRequestSettings,
    MeetingOccurrence,
)
from aiozoom.models.users import User, UserList
from aiozoom.testing import FakeZoom
from aiozoom.testing.spec_fallback import spec_examples

OPERATIONS: dict[str, Any] = {}
for _op in operations():
    OPERATIONS.setdefault(f"{_op.method} {_op.path}", _op)


def _cases() -> list[Any]:
    cases = []
    for key, entry in spec_examples().items():
        for i, example in enumerate(entry.get("responses", ())):
            cases.append(pytest.param(key, example, id=f"{key}-{i}"))
    return cases


CASES = _cases()


def _drop_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


def _unknown_keys(value: Any, where: str = "") -> list[str]:
    found: list[str] = []
    if isinstance(value, ZoomModel):
        found += [f"{where}.{k}" for k in value.extra]
        for field in attrs.fields(type(value)):  # type: ignore[misc]
            found += _unknown_keys(getattr(value, field.name), f"{where}.{field.name}")
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            found += _unknown_keys(item, f"{where}[{i}]")
    return found


def test_every_2xx_response_example_is_covered() -> None:
    with_schema = [
        op for op in OPERATIONS.values() if op.response_model is not None and not op.master_account
    ]
    covered = {case.values[0] for case in CASES}
    assert {f"{op.method} {op.path}" for op in with_schema} <= covered
    assert len(CASES) >= 1100


@pytest.mark.parametrize(("operation_id", "example"), CASES)
def test_spec_example_round_trips(operation_id: str, example: Any) -> None:
    op = OPERATIONS[operation_id]
    model = op.response_model
    if model is None:  # free-form JSON: nothing to structure
        assert isinstance(example, dict | list)
        return
    if op.response_is_list:
        parsed: Any = tuple(structure(item, model) for item in example)
        back = [unstructure(item) for item in parsed]
    else:
        parsed = structure(example, model)
        assert isinstance(parsed, model)
        back = unstructure(parsed)
    assert back == _drop_nulls(example)
    assert _unknown_keys(parsed) == []  # every key of the example is a field of its model


def test_example_date_times_become_aware_datetimes() -> None:
    example = spec_examples()["GET /meetings/{meetingId}"]["responses"][0]
    meeting = structure(example, Meeting)
    assert isinstance(meeting.start_time, datetime) and meeting.start_time.tzinfo is not None
    assert format_datetime(meeting.start_time) == example["start_time"]
    assert isinstance(meeting.occurrences, tuple)
    assert all(isinstance(o, MeetingOccurrence) for o in meeting.occurrences)


# -- forward compatibility ----------------------------------------------------------------------


def test_unknown_fields_and_enum_values_survive_a_round_trip() -> None:
    data = {
        "id": "u1",
        "type": 77,  # an enum value Zoom adds tomorrow (known: 1, 2, 4, 99)
        "status": "hibernating",  # likewise (known: active, inactive, pending)
        "language": "tlh",
        "brand_new_field": {"nested": [1, 2, {"deep": True}]},
        "custom_attributes": [{"key": "k", "later": "x"}],
    }
    user = structure(data, User)
    assert user.type == 77 and user.status == "hibernating"
    assert user.extra == {"brand_new_field": {"nested": [1, 2, {"deep": True}]}}
    assert user.custom_attributes is not UNSET and user.custom_attributes is not None
    assert user.custom_attributes[0].extra == {"later": "x"}
    assert unstructure(user) == data


def test_unknown_keys_in_list_items_survive() -> None:
    page = structure(
        {"users": [{"id": "a", "new": 1}, {"id": "b"}], "next_page_token": "", "cursor_v2": "z"},
        UserList,
    )
    assert page.extra == {"cursor_v2": "z"}
    assert page.users is not UNSET and page.users is not None
    assert [u.extra for u in page.users] == [{"new": 1}, {}]
    assert unstructure(page)["users"] == [{"id": "a", "new": 1}, {"id": "b"}]


def test_values_of_an_unexpected_type_are_kept_not_raised() -> None:
    data = {"id": 5, "pmi": "not-a-number", "verified": "yes", "phone_numbers": {"odd": 1}}
    user = structure(data, User)
    assert (user.id, user.pmi, user.verified) == (5, "not-a-number", "yes")
    assert user.phone_numbers == {"odd": 1}
    assert unstructure(user) == data


def test_null_and_absent_stay_distinguishable() -> None:
    user = structure({"id": "u1", "dept": None}, User)
    assert user.dept is None
    assert user.email is UNSET and isinstance(user.email, Unset)
    assert not user.email and not user.dept  # both falsy
    assert unstructure(user) == {"id": "u1", "dept": None}
    assert "email" not in repr(user) and "dept=None" in repr(user)


# -- date-times ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01T10:00:00Z", datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("2022-02-01T12:34:12.660Z", datetime(2022, 2, 1, 12, 34, 12, 660000, tzinfo=UTC)),
        (
            "2024-05-01T10:00:00+05:30",
            datetime(2024, 5, 1, 10, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        ),
        ("2024-05-01T10:00:00", "2024-05-01T10:00:00"),  # local time: kept
        ("", ""),
        ("not a date", "not a date"),
        ("2024-13-45T99:00:00Z", "2024-13-45T99:00:00Z"),
        ("2024-05-01", "2024-05-01"),
        (12345, 12345),
        (None, None),
    ],
)
def test_date_times_parse_when_aware_else_stay_as_sent(text: Any, expected: Any) -> None:
    assert parse_datetime(text) == expected
    meeting = structure({"start_time": text}, Meeting)
    assert meeting.start_time == expected
    if isinstance(expected, datetime):
        assert meeting.start_time.tzinfo is not None  # type: ignore[union-attr]
    assert unstructure(meeting) == {"start_time": text}


def test_dates_parse_or_stay_strings() -> None:
    from aiozoom.models.reports import ReportDailyUsage

    daily = structure({"dates": [{"date": "2024-02-29"}, {"date": "soon"}]}, ReportDailyUsage)
    assert daily.dates is not UNSET and daily.dates is not None
    assert [d.date for d in daily.dates] == [date(2024, 2, 29), "soon"]
    assert unstructure(daily) == {"dates": [{"date": "2024-02-29"}, {"date": "soon"}]}


# -- request models -----------------------------------------------------------------------------


def test_request_models_omit_none_fields() -> None:
    body = MeetingCreateRequest(
        topic="Plan",
        start_time=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        settings=MeetingCreateRequestSettings(host_video=True, join_before_host=None),
    )
    assert unstructure(body) == {
        "topic": "Plan",
        "start_time": "2026-01-02T03:04:05Z",
        "settings": {"host_video": True},
    }


def test_request_models_are_frozen_and_keyword_only() -> None:
    body = MeetingCreateRequest(topic="x")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        body.topic = "y"  # type: ignore[misc]
    with pytest.raises(TypeError):
        MeetingCreateRequest("x")  # type: ignore[misc]


def test_required_request_fields_are_required() -> None:
    from aiozoom.models.users import UserCreateRequest

    with pytest.raises(TypeError):
        UserCreateRequest()  # type: ignore[call-arg]


def test_extra_on_a_request_model_is_sent() -> None:
    body = MeetingCreateRequest(topic="x", extra={"focus_mode": True})
    assert unstructure(body) == {"focus_mode": True, "topic": "x"}


def test_every_model_is_importable_from_aiozoom_models() -> None:
    assert aiozoom.models.User is User
    assert "MeetingCreateRequest" in dir(aiozoom.models)
    with pytest.raises(AttributeError):
        _ = aiozoom.models.NoSuchModel  # type: ignore[attr-defined]
    for name in aiozoom.models.__all__:
        value = getattr(aiozoom.models, name)
        if isinstance(value, type) and issubclass(value, ZoomModel) and value is not ZoomModel:
            assert attrs.has(value) and name == value.__name__


def test_models_hash_like_they_compare() -> None:
    a = structure({"id": "u1", "type": 1, "later": [1]}, User)
    b = structure({"id": "u1", "type": 1, "later": [1]}, User)
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != structure({"id": "u1", "type": 1}, User)  # extra counts for equality


# -- secrets in repr ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("password", "s3cret99"),
        ("password", 123456),  # a numeric passcode, as Zoom sometimes sends one
        ("encrypted_password", "x"),
        ("h323_password", "x"),
        ("pstn_password", "x"),
        ("webinar_password", "x"),
        ("pmi_password", "x"),
        ("listen_only_password", "x"),
        ("participant_password", "x"),
        ("default_password_for_scheduled_meetings", "x"),
        ("passcode", "x"),
        ("room_passcode", "x"),
        ("recording_play_passcode", "x"),
        ("leader_pin", "x"),
        ("host_key", "x"),
        ("stream_key", "x"),
        ("activation_code", "x"),
        ("token", "x"),
        ("download_access_token", "x"),
        ("download_token", "x"),
        ("access_token", "x"),
        ("refresh_token", "x"),
        ("zak", "x"),
        ("client_secret", "x"),
        ("start_url", "https://zoom.example/s/1?zak=z"),
        ("startUrl", "x"),  # JSON spelled in camelCase
        ("encryptedPassword", "x"),
    ],
)
def test_secret_fields(name: str, value: object) -> None:
    assert is_secret(name, value)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("next_page_token", "x"),  # a cursor, not a credential
        ("meeting_password", True),  # settings that say whether a passcode is required
        ("webinar_password", False),
        ("pmi_password", True),
        ("phone_password", True),
        ("password", None),  # Zoom sent null: nothing to hide
        ("require_password_for_pmi_meetings", "jbh_only"),
        ("require_password_for_scheduled_meetings", True),
        ("embed_password_in_join_link", True),
        ("pstn_password_protected", True),
        ("minimum_password_length", 8),
        ("password_requirement", {"minimum_password_length": 8}),
        ("customer_key", "x"),  # public identifiers
        ("session_key", "x"),
        ("change_key", "x"),
        ("key", "x"),
        ("join_url", "https://zoom.example/j/1"),
        ("topic", "x"),
        ("pin_code_enabled", True),
    ],
)
def test_fields_that_are_not_secret(name: str, value: object) -> None:
    assert not is_secret(name, value)


def _string_fields() -> dict[str, set[str]]:
    """JSON names of the ``str`` fields of every generated model, by whether the rule hides them."""
    import importlib
    import typing

    found: dict[str, set[str]] = {"secret": set(), "shown": set()}
    for name in aiozoom.models.__all__:
        cls = getattr(aiozoom.models, name)
        if not (isinstance(cls, type) and issubclass(cls, ZoomModel) and cls is not ZoomModel):
            continue
        hints = typing.get_type_hints(cls, localns=vars(importlib.import_module(cls.__module__)))
        for field in attrs.fields(cls):
            if str in (typing.get_args(hints[field.name]) or (hints[field.name],)):
                json = field.metadata.get("json", field.name)
                found["secret" if is_secret(json, "value") else "shown"].add(json)
    return found


def test_the_rule_hides_exactly_these_generated_string_fields() -> None:
    fields = _string_fields()
    assert fields["secret"] == {
        "activation_code",
        "authorized_channel_token",
        "default_password_for_scheduled_meetings",
        "download_access_token",
        "encrypted_passcode",
        "encrypted_password",
        "h323_passcode",
        "h323_password",
        "host_key",
        "leader_pin",
        "listen_only_password",
        "participant_password",
        "passcode",
        "password",
        "pmi_password",
        "pstn_password",
        "recording_play_passcode",
        "room_passcode",
        "screen_lock_pin",
        "start_url",
        "stream_key",
        "token",
        "workspace_passcode",
    }
    assert {"next_page_token", "join_url", "key", "customer_key", "session_key"} <= fields["shown"]


def test_repr_redacts_secret_fields_and_extra_keys() -> None:
    meeting = structure(
        {
            "id": 81234567890,
            "topic": "Board",
            "password": "s3cret99",
            "h323_password": "h323-secret",
            "start_url": "https://zoom.example/s/81234567890?zak=host-zak",
            "settings": {"meeting_authentication": True, "host_video": False},
            "dial_in_password": "pstn-secret",
            "later": {"room_passcode": "nested-secret", "note": "kept"},
            "new_flags": [{"zak": "listed-secret"}],
        },
        Meeting,
    )
    text = repr(meeting)
    for secret in ("s3cret99", "h323-secret", "host-zak", "pstn-secret", "nested-secret"):
        assert secret not in text
    assert "listed-secret" not in text
    assert "password=<redacted>" in text and "start_url=<redacted>" in text
    assert "'dial_in_password': <redacted>" in text and "'note': 'kept'" in text
    assert "topic='Board'" in text and "meeting_authentication=True" in text
    assert meeting.password == "s3cret99" and meeting.extra["dial_in_password"] == "pstn-secret"
    data = unstructure(meeting)
    assert data["password"] == "s3cret99" and data["start_url"].endswith("zak=host-zak")
    assert data["later"] == {"room_passcode": "nested-secret", "note": "kept"}


def test_repr_shows_settings_about_passwords_and_hides_passcodes() -> None:
    from aiozoom.models.users import UserSettingsScheduleMeeting

    schedule = structure(
        {
            "pmi_password": "pmi-secret",
            "default_password_for_scheduled_meetings": "default-secret",
            "pstn_password_protected": True,
            "force_pmi_jbh_password": False,
            "require_password_for_pmi_meetings": "jbh_only",
            "meeting_password_requirement": {"length": 8, "have_letter": True},
        },
        UserSettingsScheduleMeeting,
    )
    text = repr(schedule)
    assert "pmi-secret" not in text and "default-secret" not in text
    assert "pmi_password=<redacted>" in text
    assert "pstn_password_protected=True" in text and "force_pmi_jbh_password=False" in text
    assert "require_password_for_pmi_meetings='jbh_only'" in text and "length=8" in text
    request = MeetingCreateRequest(topic="x", password="s3cret99")
    assert "s3cret99" not in repr(request) and "password=<redacted>" in repr(request)


async def test_meeting_secrets_stay_out_of_repr_through_the_api(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    created = await zoom.meetings.create("me", topic="Secret", password="s3cret99")
    assert created.id is not None
    # the fake picks its own passcode; give it the one asked for, so the value is known
    fake.account.meetings[created.id]["password"] = "s3cret99"

    fetched = await zoom.meetings.get(created.id)

    for model in (created, fetched):
        text = repr(model)
        assert isinstance(model.password, str) and repr(model.password) not in text
        assert isinstance(model.start_url, str) and model.start_url not in text
        assert "zak=" not in text
        assert "password=<redacted>" in text and "start_url=<redacted>" in text
        assert "topic='Secret'" in text
        assert unstructure(model)["start_url"] == model.start_url
    assert fetched.password == "s3cret99" and "s3cret99" not in repr(fetched)
    assert unstructure(fetched)["password"] == "s3cret99"


# -- fields read when first asked for ----------------------------------------------------------


def test_a_response_model_reads_each_field_on_first_use_and_keeps_it() -> None:
    import pickle

    data = {
        "id": "u1",
        "created_at": "2026-03-01T10:00:00Z",
        "dept": None,
        "custom_attributes": [{"key": "k", "value": "v"}],
        "later": 1,
    }
    user = structure(data, User)
    assert user.extra == {"later": 1}  # unknown keys at once
    assert user.created_at == datetime(2026, 3, 1, 10, tzinfo=UTC)
    assert user.created_at is user.created_at  # structured once, then kept
    assert user.dept is None and user.email is UNSET  # null and absent stay apart
    attribute = user.custom_attributes
    assert attribute is not UNSET and attribute is not None
    assert attribute[0].key == "k" and attribute is user.custom_attributes
    built = User(
        id="u1",
        created_at=datetime(2026, 3, 1, 10, tzinfo=UTC),
        dept=None,
        custom_attributes=attribute,
        extra={"later": 1},
    )
    fresh = structure(data, User)
    assert fresh == built and hash(fresh) == hash(built)  # == reads every field
    assert repr(structure(data, User)) == repr(built)
    assert pickle.loads(pickle.dumps(structure(data, User))) == built
    assert attrs.evolve(structure(data, User), dept="x").dept == "x"
    assert unstructure(structure(data, User)) == data
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        user.nope  # noqa: B018
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        user.id = "u2"  # type: ignore[misc]


def test_after_a_few_fields_the_rest_are_read_at_once_and_nothing_read_changes() -> None:
    data = {
        "id": "u1",
        "created_at": "2026-03-01T10:00:00Z",
        "custom_attributes": [{"key": "k", "value": "v"}],
        "group_ids": ["g1"],
        "email": "a@example.org",
        "dept": None,
        "later": 1,
    }
    user = structure(data, User)
    attributes, created = user.custom_attributes, user.created_at
    assert "group_ids" not in _set_slots(user)  # two fields read: only those
    assert user.id == "u1" and "group_ids" not in _set_slots(user)
    assert user.email == "a@example.org"  # the fourth: every field is read now
    assert {f.name for f in attrs.fields(User)} - {"extra"} <= _set_slots(user)
    assert user.custom_attributes is attributes and user.created_at is created
    assert user.group_ids == ("g1",) and user.dept is None and user.pmi is UNSET
    assert user == structure(data, User) and user.extra == {"later": 1}
    assert unstructure(user) == data


def _set_slots(model: object) -> set[str]:
    """The fields of ``model`` that hold a value now (read, or set when built)."""
    found = set()
    for field in attrs.fields(type(model)):  # type: ignore[misc]
        try:
            object.__getattribute__(model, field.name)
        except AttributeError:
            continue
        found.add(field.name)
    return found


async def test_a_typed_answer_is_the_same_model_on_every_call(
    fake: FakeZoom, zoom: ZoomClient
) -> None:
    fake.account.users[fake.account.owner_id]["added_later"] = {"x": 1}
    first = await zoom.users.get()  # the model's structure function is looked up here...
    again = await zoom.users.get()  # ...and not here
    data = await zoom.request("GET", "/users/me")
    assert first == again == structure(data, User) and again is not first
    assert again.id == fake.account.owner_id and again.extra == {"added_later": {"x": 1}}
    assert unstructure(again) == data


def test_a_model_with_required_fields_is_structured_whole() -> None:
    from aiozoom.models.users import UserBulkUpdateFeaturesRequest

    body = structure(
        {"feature_type": "zoom_one_type", "feature_value": "x", "users": []},
        UserBulkUpdateFeaturesRequest,
    )
    assert body.feature_type == "zoom_one_type"
    with pytest.raises(AttributeError):
        object.__getattribute__(body, "_raw")  # built through __init__: nothing left to read

"""Models and the converter: the spec's examples round-trip; tomorrow's fields and enum values
survive; date-times parse or stay strings; ``null`` and absent stay apart."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest

import aiozoom.models
from aiozoom.api import operations
from aiozoom.models import UNSET, Unset, ZoomModel, structure, unstructure
from aiozoom.models._converter import format_datetime, parse_datetime
from aiozoom.models.meetings import (
    Meeting,
    MeetingCreateRequest,
    MeetingCreateRequestSettings,
    MeetingOccurrence,
)
from aiozoom.models.users import User, UserList
from aiozoom.testing.spec_fallback import spec_examples

OPERATIONS = {op.operation_id: op for op in operations()}


def _cases() -> list[Any]:
    cases = []
    for operation_id, entry in spec_examples().items():
        for i, example in enumerate(entry.get("responses", ())):
            cases.append(pytest.param(operation_id, example, id=f"{operation_id}-{i}"))
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
    with_schema = [op for op in OPERATIONS.values() if op.response_model is not None]
    covered = {case.values[0] for case in CASES}
    assert {op.operation_id for op in with_schema} <= covered
    assert len(CASES) >= 200


@pytest.mark.parametrize(("operation_id", "example"), CASES)
def test_spec_example_round_trips(operation_id: str, example: Any) -> None:
    op = OPERATIONS[operation_id]
    model = op.response_model
    assert model is not None
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
    example = spec_examples()["meeting"]["responses"][0]
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
        "custom_attributes": {"key": "k", "later": "x"},
    }
    user = structure(data, User)
    assert user.type == 77 and user.status == "hibernating"
    assert user.extra == {"brand_new_field": {"nested": [1, 2, {"deep": True}]}}
    assert user.custom_attributes is not UNSET and user.custom_attributes is not None
    assert user.custom_attributes.extra == {"later": "x"}  # type: ignore[union-attr]
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

"""The fake Zoom's schema checks (``validate``, ``query_value``) and made-up answers
(``synthesize``), rule by rule, then over every operation of Zoom's API Hub descriptions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from aiozoom.testing._schema import query_value, synthesize, validate
from tests.hub import hub_operations, needs_hub

# -- validate: types and null -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "good", "bad", "message"),
    [
        ("string", "x", 1, "must be a string"),
        ("integer", 3, 3.0, "must be an integer"),
        ("integer", -2, True, "must be an integer"),
        ("integer", 10**30, "1", "must be an integer"),
        ("number", 1.5, False, "must be a number"),
        ("number", 2, "2", "must be a number"),
        ("boolean", False, 0, "must be a boolean"),
        ("array", [1], (1,), "must be an array"),
        ("array", [], {}, "must be an array"),
        ("object", {}, [], "must be an object"),
    ],
)
def test_type_is_checked(kind: str, good: Any, bad: Any, message: str) -> None:
    assert validate(good, {"type": kind}) == []
    assert validate(bad, {"type": kind}, field="x") == [("x", message)]


def test_properties_without_a_type_make_an_object() -> None:
    schema = {"properties": {"a": {"type": "string"}}}
    assert validate({"a": "x"}, schema) == []
    assert validate("x", schema) == [("", "must be an object")]


@pytest.mark.parametrize("value", [None, 1, "x", [1], {"a": 1}, 1.5, True])
def test_no_type_and_unknown_types_accept_anything(value: Any) -> None:
    assert validate(value, {}) == []
    assert validate(value, {"description": "free"}) == []
    assert validate(value, {"type": "Integer"}) == []
    assert validate(value, {"type": "file"}) == []


def test_null_needs_nullable() -> None:
    assert validate(None, {"type": "string"}, field="a") == [("a", "must not be null")]
    assert validate(None, {"type": "string", "nullable": True}) == []
    assert validate(None, {"type": "integer", "nullable": True, "enum": [1, 2]}) == []
    assert validate(None, {"type": "null"}) == []
    assert validate("x", {"type": "null"}) == [("", "must be null")]
    assert validate(None, {"type": ["string", "null"]}) == []
    assert validate(1, {"type": ["string", "null"]}) == [("", "must be a string or null")]


# -- validate: enum ---------------------------------------------------------------------------


def test_enum_membership() -> None:
    schema = {"type": "string", "enum": ["a", "b"]}
    assert validate("b", schema) == []
    assert validate("c", schema, field="f") == [("f", "must be one of the allowed values")]


def test_enum_without_a_type_is_checked_alone_and_strictly() -> None:
    assert validate(1, {"enum": [1, "x"]}) == []
    assert validate("x", {"enum": [1, "x"]}) == []
    assert validate("1", {"enum": [1]}) == [("", "must be one of the allowed values")]
    assert validate(True, {"enum": [1]}) == [("", "must be one of the allowed values")]
    assert validate(1, {"enum": [True]}) == [("", "must be one of the allowed values")]


def test_enum_is_strict_when_the_type_agrees() -> None:
    assert validate(1.0, {"type": "number", "enum": [1, 2]}) == []
    assert validate("1", {"type": "string", "enum": ["01", "2"]}) == [
        ("", "must be one of the allowed values")
    ]


def test_enum_of_another_type_matches_the_same_text() -> None:
    # Zoom declares integer enums on string fields, and digit strings on integer fields
    assert validate("1", {"type": "string", "enum": [1, 2]}) == []
    assert validate("3", {"type": "string", "enum": [1, 2]}) == [
        ("", "must be one of the allowed values")
    ]
    assert validate(2, {"type": "integer", "enum": ["1", "2"]}) == []
    assert validate(3, {"type": "integer", "enum": ["1", "2"]}) != []
    assert validate("384", {"type": "Integer", "enum": [-1, 384]}) == []


def test_an_enum_on_an_array_lists_its_items_values() -> None:
    schema = {"type": "array", "items": {"type": "string"}, "enum": ["a", "b"]}
    assert validate(["a", "b", "a"], schema) == []
    assert validate(["a", "c"], schema, field="xs") == [
        ("xs[1]", "must be one of the allowed values")
    ]


# -- validate: numbers, strings, arrays -------------------------------------------------------


def test_minimum_and_maximum() -> None:
    schema = {"type": "integer", "minimum": 1, "maximum": 300}
    assert validate(1, schema) == []
    assert validate(300, schema) == []
    assert validate(0, schema, field="n") == [("n", "must be at least 1")]
    assert validate(301, schema, field="n") == [("n", "must be at most 300")]
    assert validate(0.5, {"type": "number", "minimum": 1.0}) == [("", "must be at least 1")]
    assert validate(0.5, {"type": "number", "minimum": 0.75}) == [("", "must be at least 0.75")]


def test_exclusive_bounds_as_openapi_3_0_booleans() -> None:
    schema = {"type": "integer", "minimum": 0, "exclusiveMinimum": True, "maximum": 100}
    schema["exclusiveMaximum"] = True
    assert validate(1, schema) == []
    assert validate(99, schema) == []
    assert validate(0, schema) == [("", "must be greater than 0")]
    assert validate(100, schema) == [("", "must be less than 100")]
    inclusive = {"type": "integer", "maximum": 100, "exclusiveMaximum": False}
    assert validate(100, inclusive) == []


def test_exclusive_bounds_as_openapi_3_1_numbers() -> None:
    schema = {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}
    assert validate(0.5, schema) == []
    assert validate(0, schema) == [("", "must be greater than 0")]
    assert validate(1, schema) == [("", "must be less than 1")]


def test_bounds_apply_to_numbers_only() -> None:
    assert validate("5", {"minimum": 10}) == []
    assert validate(True, {"minimum": 10}) == []


def test_string_length() -> None:
    schema = {"type": "string", "minLength": 2, "maxLength": 4}
    assert validate("ab", schema) == []
    assert validate("abcd", schema) == []
    assert validate("a", schema, field="s") == [("s", "must be at least 2 characters")]
    assert validate("abcde", schema, field="s") == [("s", "must be at most 4 characters")]
    assert validate(["a"], {"minLength": 2}) == []


def test_pattern_is_searched() -> None:
    schema = {"type": "string", "pattern": "^[a-z]+$"}
    assert validate("abc", schema) == []
    assert validate("ab1", schema) == [("", "does not match the required pattern")]
    assert validate("xx-12-yy", {"type": "string", "pattern": r"\d\d"}) == []  # search, not match


@pytest.mark.parametrize("pattern", ["([a-z", "YYYY-MM-DDTHH:MM:SSZ", "yyyy-MM-dd HH:mm:ss"])
def test_broken_patterns_and_date_layouts_are_ignored(pattern: str) -> None:
    schema = {"type": "string", "format": "date-time", "pattern": pattern}
    assert validate("2025-05-21T19:17:00Z", schema) == []


def test_array_length_and_items() -> None:
    schema = {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "integer"}}
    assert validate([1, 2], schema) == []
    assert validate([], schema, field="xs") == [("xs", "must have at least 1 items")]
    assert validate([1, 2, 3], schema, field="xs") == [("xs", "must have at most 2 items")]
    assert validate([1, "2"], schema, field="xs") == [("xs[1]", "must be an integer")]


# -- validate: formats ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00z",
        "2026-01-01T10:00:00+05:30",
        "2026-01-01T10:00:00-08:00",
        "2026-01-01T10:00:00.123Z",
        "2026-01-01T10:00:00.123456789Z",
        "2026-01-01T10:00:00",
        "2026-01-01T10:00Z",
    ],
)
def test_date_time_accepts_iso_8601(text: str) -> None:
    assert validate(text, {"type": "string", "format": "date-time"}) == []


@pytest.mark.parametrize(
    "text", ["", "now", "2026-01-01", "2026-13-01T00:00:00Z", "2026-01-01T25:00:00Z", "1700000000"]
)
def test_date_time_rejects_the_rest(text: str) -> None:
    assert validate(text, {"type": "string", "format": "date-time"}, field="t") == [
        ("t", "must be a valid date-time")
    ]


def test_date() -> None:
    schema = {"type": "string", "format": "date"}
    assert validate("2026-02-28", schema) == []
    for bad in ("2026-02-30", "20260101", "2026-1-1", "2026-01-01T00:00:00Z", "tomorrow"):
        assert validate(bad, schema) == [("", "must be a valid date")], bad


def test_email() -> None:
    schema = {"type": "string", "format": "email"}
    for good in ("a@example.org", "jchill+x@example.co.uk", "a@b"):
        assert validate(good, schema) == [], good
    for bad in ("", "no-at.example.org", "@example.org", "a@", "a@b@c", "a b@example.org"):
        assert validate(bad, schema) == [("", "must be a valid email address")], bad


def test_formats_apply_to_strings_only_and_unknown_formats_are_ignored() -> None:
    assert validate(5, {"format": "date-time"}) == []
    assert validate(5, {"format": "email"}) == []
    assert validate("x", {"type": "string", "format": "uuid"}) == []
    assert validate("x", {"type": "string", "format": "YYYY-MM-DD"}) == []


# -- validate: objects ------------------------------------------------------------------------

MEETING = {
    "type": "object",
    "required": ["topic"],
    "properties": {
        "topic": {"type": "string"},
        "settings": {
            "type": "object",
            "required": ["host_video"],
            "properties": {"host_video": {"type": "boolean"}},
        },
        "registrants": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["email"],
                "properties": {"email": {"type": "string", "format": "email"}},
            },
        },
    },
}


def test_errors_name_the_full_field_path() -> None:
    body = {
        "settings": {"host_video": "yes"},
        "registrants": [{"email": "a@example.org"}, {"email": "bad"}, {}],
    }
    assert validate(body, MEETING) == [
        ("topic", "is required"),
        ("settings.host_video", "must be a boolean"),
        ("registrants[1].email", "must be a valid email address"),
        ("registrants[2].email", "is required"),
    ]
    assert validate({"settings": {}}, MEETING, field="body") == [
        ("body.topic", "is required"),
        ("body.settings.host_video", "is required"),
    ]


def test_unknown_properties_are_ignored() -> None:
    closed: dict[str, Any] = {"type": "object", "properties": {"a": {"type": "string"}}}
    closed["additionalProperties"] = False
    assert validate({"a": "x", "unknown": 1}, closed) == []
    assert validate({"topic": "t", "extra": [1, 2]}, MEETING) == []


def test_additional_properties_schema_checks_the_extra_values() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"type": "string"}},
        "additionalProperties": {"type": "integer"},
    }
    assert validate({"a": "x", "b": 1}, schema) == []
    assert validate({"a": "x", "b": "1"}, schema, field="m") == [("m.b", "must be an integer")]


def test_read_only_properties_are_skipped() -> None:
    schema = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {"id": {"type": "integer", "readOnly": True}, "name": {"type": "string"}},
    }
    assert validate({"name": "x"}, schema) == []
    assert validate({"name": "x", "id": "echoed-back"}, schema) == []
    assert validate({"id": 1}, schema) == [("name", "is required")]


def test_required_names_are_checked_when_no_properties_are_declared() -> None:
    assert validate({}, {"type": "object", "required": ["a"]}) == [("a", "is required")]


def test_required_names_the_schema_never_declares_are_ignored() -> None:
    # POST /contact_center/address_books/{addressBookId}/contacts requires `email` and declares
    # only `emails`: a client built from the description cannot send it
    schema = {"type": "object", "required": ["email"], "properties": {"emails": {"type": "array"}}}
    assert validate({}, schema) == []
    merged = {"required": ["a"], "allOf": [{"type": "object", "properties": {"a": {}}}]}
    assert validate({}, merged) == [("a", "is required")]


def test_required_applies_to_objects_only() -> None:
    assert validate([], {"type": "array", "required": ["name"]}) == []


# -- validate: oneOf, anyOf, allOf ------------------------------------------------------------

SHAPES = {
    "oneOf": [
        {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
        {
            "type": "object",
            "required": ["email", "name"],
            "properties": {"email": {"type": "string"}, "name": {"type": "string"}},
        },
    ]
}


@pytest.mark.parametrize("key", ["oneOf", "anyOf"])
def test_one_valid_member_is_enough(key: str) -> None:
    schema = {key: SHAPES["oneOf"]}
    assert validate({"id": "x"}, schema) == []
    assert validate({"email": "a", "name": "b"}, schema) == []
    assert validate({"id": "x", "email": "a", "name": "b"}, schema) == []


def test_errors_of_the_closest_member() -> None:
    assert validate({"email": "a"}, SHAPES) == [("id", "is required")]
    assert validate({"email": "a", "id": 1}, SHAPES, field="who") == [
        ("who.id", "must be a string")
    ]


def test_no_member_of_the_same_type() -> None:
    schema = {"anyOf": [{"type": "string"}, {"type": "integer"}]}
    assert validate(None, schema, field="v") == [("v", "matches none of the allowed shapes")]
    assert validate([1], schema, field="v") == [("v", "matches none of the allowed shapes")]
    assert validate("x", {"anyOf": [{"type": "string"}, {"type": "null"}]}) == []


def test_all_of_needs_every_member() -> None:
    schema = {
        "allOf": [
            {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
            {"type": "object", "required": ["b"], "properties": {"b": {"type": "integer"}}},
        ]
    }
    assert validate({"a": "x", "b": 1}, schema) == []
    assert validate({"a": 1}, schema) == [("a", "must be a string"), ("b", "is required")]


def test_a_member_typed_against_its_parent_takes_the_parents_type() -> None:
    # GET /archive_files: complete_time is a date-time string whose anyOf member says object
    schema = {
        "type": "string",
        "format": "date-time",
        "anyOf": [
            {"type": "object", "minLength": 1, "format": "date-time"},
            {"type": "string", "enum": [""]},
        ],
    }
    assert validate("2021-03-12T02:57:27Z", schema) == []
    assert validate({}, schema) == [("", "must be a string")]


# -- validate: never raises -------------------------------------------------------------------

WEIRD_SCHEMAS: list[Any] = [
    None,
    [],
    "string",
    {"type": 5},
    {"type": []},
    {"type": ["string", 3]},
    {"properties": []},
    {"properties": {"a": None, "b": "x"}, "required": "a"},
    {"required": [1, None, "a"], "type": "object"},
    {"items": "x", "type": "array", "minItems": "2", "maxItems": None},
    {"enum": "abc"},
    {"enum": [[1], {"a": 1}, None]},
    {"type": "string", "enum": [{"a": 1}]},
    {"minimum": "1", "maximum": None, "exclusiveMinimum": "yes", "exclusiveMaximum": float("nan")},
    {"minimum": float("inf"), "maximum": float("-inf")},
    {"minLength": -1, "maxLength": 1.5, "pattern": 5},
    {"pattern": "a{99999999999}"},
    {"pattern": "(?P<"},
    {"format": 5},
    {"oneOf": "x", "anyOf": [None, 1], "allOf": {}},
    {"oneOf": []},
    {"additionalProperties": "x"},
    {"type": "object", "properties": {"a": {"readOnly": "yes"}}},
]
WEIRD_VALUES: list[Any] = [None, 1, 1.5, float("nan"), float("inf"), "x", [None], {"a": [{}]}]


def test_never_raises_on_a_weird_schema_or_value() -> None:
    for schema in WEIRD_SCHEMAS:
        for value in WEIRD_VALUES:
            errors = validate(value, schema)
            assert all(isinstance(f, str) and isinstance(m, str) for f, m in errors)
        synthesize(schema)
        query_value("1,2", schema)


def _nested(depth: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(depth):
        schema = {"type": "object", "required": ["a"], "properties": {"a": schema}}
    return schema


def test_deep_schemas_stop_quietly_at_depth_50() -> None:
    schema = _nested(500)
    value: Any = 1
    for _ in range(500):
        value = {"a": value}
    assert validate(value, schema) == []  # the wrong leaf is too deep to be looked at
    assert validate(value, _nested(10)) == [(".".join("a" * 10), "must be a string")]
    assert validate({}, schema) == [("a", "is required")]
    assert isinstance(synthesize(schema), dict)


def test_messages_do_not_echo_the_value() -> None:
    secret = "hunter2-secret"
    for schema in ({"type": "integer"}, {"enum": ["a"]}, {"type": "string", "format": "email"}):
        assert all(secret not in message for _, message in validate(secret, schema))


# -- query_value ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "schema", "expected"),
    [
        ("10", {"type": "integer"}, 10),
        ("-3", {"type": "integer"}, -3),
        ("1.5", {"type": "integer"}, "1.5"),
        ("ten", {"type": "integer"}, "ten"),
        ("1_000", {"type": "integer"}, "1_000"),
        ("", {"type": "integer"}, ""),
        ("9" * 5000, {"type": "integer"}, "9" * 5000),
        ("true", {"type": "boolean"}, True),
        ("false", {"type": "boolean"}, False),
        ("yes", {"type": "boolean"}, "yes"),
        ("1.5", {"type": "number"}, 1.5),
        ("30", {"type": "number"}, 30),
        ("nan", {"type": "number"}, "nan"),
        ("1e999", {"type": "number"}, "1e999"),
        ("10", {"type": "string"}, "10"),
        ("10", {}, "10"),
        ("a,b", {"type": "array", "items": {"type": "string"}}, ["a", "b"]),
        ("1,2", {"type": "array", "items": {"type": "integer"}}, [1, 2]),
        ("true,false", {"type": "array", "items": {"type": "boolean"}}, [True, False]),
        ("1,x", {"type": "array", "items": {"type": "integer"}}, [1, "x"]),
        ("a", {"type": "array"}, ["a"]),
        ("", {"type": "array", "items": {"type": "string"}}, []),
        ("a", {"type": "array", "items": {"type": "object"}}, "a"),
        ("7", {"oneOf": [{"type": "integer"}, {"type": "string"}]}, 7),
        ("x", {"oneOf": [{"type": "integer"}, {"type": "string"}]}, "x"),
    ],
)
def test_query_value(raw: str, schema: dict[str, Any], expected: Any) -> None:
    assert query_value(raw, schema) == expected
    assert type(query_value(raw, schema)) is type(expected)


def test_a_query_value_that_does_not_convert_is_reported_by_validate() -> None:
    schema = {"type": "array", "items": {"type": "integer"}}
    assert validate(query_value("1,x", schema), schema, field="ids") == [
        ("ids[1]", "must be an integer")
    ]
    assert validate(query_value("ten", {"type": "integer"}), {"type": "integer"}) == [
        ("", "must be an integer")
    ]


# -- synthesize -------------------------------------------------------------------------------


def _valid(schema: Any, **kwargs: Any) -> Any:
    value = synthesize(schema, **kwargs)
    assert validate(value, schema) == [], value
    return value


def test_objects_are_complete() -> None:
    schema = {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "string"},
            "count": {"type": "integer"},
            "flag": {"type": "boolean"},
            "made": {"type": "string", "readOnly": True},
            "secret": {"type": "string", "writeOnly": True},
            "needed": {"type": "string", "writeOnly": True},
        },
    }
    schema["required"] = ["id", "needed"]
    value = _valid(schema)
    assert set(value) == {"id", "count", "flag", "made", "needed"}
    assert value["flag"] is False
    assert _valid({"type": "object", "required": ["a"]}) == {"a": None}


def test_synthesis_is_deterministic() -> None:
    assert synthesize(MEETING) == synthesize(MEETING)
    assert json.dumps(synthesize(SHAPES)) == json.dumps(synthesize(SHAPES))


def test_values_are_used_at_any_depth_when_valid() -> None:
    values = {"email": "a@example.org", "topic": 5}
    value = _valid(MEETING, values=values)
    assert value["registrants"] == [{"email": "a@example.org"}]
    assert isinstance(value["topic"], str)  # 5 is not a string: ignored
    assert synthesize({"type": "integer"}, field="settings.page_size", values={"page_size": 30})
    assert synthesize(MEETING, values={"email": "not an email"})["registrants"][0]["email"] != (
        "not an email"
    )


def test_example_then_default_then_enum() -> None:
    schema: dict[str, Any] = {"type": "string", "enum": ["a", "b"], "default": "b", "example": "a"}
    assert _valid(schema) == "a"
    assert _valid({**schema, "example": "zz"}) == "b"
    assert _valid({**schema, "example": "zz", "default": "zz"}) == "a"
    assert _valid({"type": "integer", "enum": [3, 5]}) == 3
    assert _valid({"type": "integer", "example": "12", "maximum": 10}) == 1
    assert _valid({"type": "string", "example": "x", "maxLength": 0}) == ""


def test_an_enum_of_another_type_gives_a_value_of_the_declared_type() -> None:
    assert _valid({"type": "string", "enum": [1, 2]}) == "1"
    assert _valid({"type": "integer", "enum": ["5", "6"]}) == 5


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("date-time", "2026-01-01T00:00:00Z"),
        ("date", "2026-01-01"),
        ("email", "user@example.org"),
        ("uri", "https://example.org/"),
        ("url", "https://example.org/"),
    ],
)
def test_formats(fmt: str, expected: str) -> None:
    assert _valid({"type": "string", "format": fmt}) == expected


def test_string_lengths() -> None:
    assert len(_valid({"type": "string", "minLength": 20})) == 20
    assert len(_valid({"type": "string", "maxLength": 3})) == 3
    assert _valid({"type": "string", "maxLength": 0}) == ""


@pytest.mark.parametrize(
    "pattern", ["^[0-9]+$", "^[A-Z][0-9]$", "^[a-z]+[0-9]+$", "^[a-zA-Z_0-9]{3,100}$", "^$"]
)
def test_patterns_get_a_simple_matching_string(pattern: str) -> None:
    _valid({"type": "string", "pattern": pattern})


def test_an_impossible_pattern_still_gives_a_string() -> None:
    assert isinstance(synthesize({"type": "string", "pattern": "^[#]{4}$"}), str)


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "integer", "minimum": 10},
        {"type": "integer", "maximum": -5},
        {"type": "integer", "minimum": 0, "exclusiveMinimum": True},
        {"type": "integer", "maximum": 1, "exclusiveMaximum": True},
        {"type": "integer", "exclusiveMinimum": 1},
        {"type": "integer", "minimum": 2.5, "maximum": 3.5},
        {"type": "number", "minimum": 0, "maximum": 1, "exclusiveMinimum": True},
        {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
        {"type": "number", "minimum": 5.5},
        {"type": "number", "maximum": -1.5, "exclusiveMaximum": True},
    ],
)
def test_numbers_honour_their_bounds(schema: dict[str, Any]) -> None:
    _valid(schema)


def test_arrays() -> None:
    assert _valid({"type": "array", "items": {"type": "integer"}}) == [1]
    assert _valid({"type": "array", "items": {"type": "integer"}, "minItems": 3}) == [1, 1, 1]
    assert _valid({"type": "array", "maxItems": 0}) == []
    assert _valid({"type": "array", "items": {"type": "string"}, "enum": ["x", "y"]}) == ["x"]


def test_null() -> None:
    assert synthesize({"nullable": True}) is None
    assert synthesize({}) is None
    assert synthesize({"type": "null"}) is None
    assert _valid({"type": "string", "nullable": True}) == "string"
    assert _valid({"anyOf": [{"type": "string"}, {"type": "null"}]}) == "string"


def test_one_of_uses_the_first_member_with_the_rest_of_the_schema() -> None:
    value = _valid(SHAPES)
    assert value == {"id": "string"}
    schema = {**SHAPES, "type": "object", "properties": {"kind": {"type": "boolean"}}}
    assert _valid(schema) == {"kind": False, "id": "string"}


def test_one_of_falls_back_to_a_member_that_fits() -> None:
    schema = {"type": "integer", "oneOf": [{"minimum": 0, "maximum": -10}, {"minimum": 5}]}
    assert _valid(schema) == 5


def test_all_of_merges_properties_and_required() -> None:
    schema = {
        "allOf": [
            {"type": "object", "properties": {"a": {"type": "string"}}},
            {"properties": {"b": {"type": "integer", "minimum": 3}}, "required": ["b"]},
            {"properties": {"b": {"maximum": 4}}},
        ]
    }
    assert _valid(schema) == {"a": "string", "b": 3}


def test_archive_files_complete_time() -> None:
    schema = {
        "type": "string",
        "format": "date-time",
        "example": "2021-03-12T02:57:27Z",
        "anyOf": [
            {"type": "object", "minLength": 1, "format": "date-time"},
            {"type": "string", "enum": [""]},
        ],
    }
    assert _valid(schema) == "2021-03-12T02:57:27Z"


# -- every operation of Zoom's descriptions ---------------------------------------------------


def _str_of(value: Any) -> str:
    """A value as a client writes it in a query string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_str_of(item) for item in value)
    return "" if value is None else str(value)


def _hub_schemas() -> Iterator[tuple[str, str, Any]]:
    """``(kind, where, schema)`` for every request body, 2xx response and query parameter."""
    for product, method, path, op in hub_operations("endpoints"):
        where = f"{product} {method} {path}"
        for param in op.get("parameters", []):
            if param.get("in") == "query" and "schema" in param:
                yield "query", f"{where} ?{param['name']}", param["schema"]
        for media in ((op.get("requestBody") or {}).get("content") or {}).values():
            if "schema" in media:
                yield "body", f"{where} body", media["schema"]
        for status, answer in op.get("responses", {}).items():
            if not str(status).startswith("2"):
                continue
            for media in (answer.get("content") or {}).values():
                if "schema" in media:
                    yield "response", f"{where} {status}", media["schema"]


@needs_hub
def test_every_synthesized_zoom_value_is_valid() -> None:
    counts = {"body": 0, "response": 0, "query": 0}
    failures = []
    for kind, where, schema in _hub_schemas():
        counts[kind] += 1
        value = synthesize(schema)
        if kind == "query":
            value = query_value(_str_of(value), schema)
        errors = validate(value, schema)
        if errors:
            failures.append((where, errors[:3]))
    print(f"schemas exercised: {counts} ({sum(counts.values())})")
    assert failures == []
    assert counts == {"body": 628, "response": 1112, "query": 2342}

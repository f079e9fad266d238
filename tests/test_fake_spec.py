"""``spec_schemas.json``: every operation's statuses, parameters, schemas and documented errors,
as the fake Zoom reads them (``aiozoom.testing._spec``), and the generator step writing it.

That the committed file is what the generator produces now is checked with every other generated
file in ``tests/test_codegen.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

import attrs

from aiozoom.testing._spec import (
    OperationSpec,
    all_operation_specs,
    documented_error,
    operation_spec,
)
from tests.hub import hub_operations, needs_hub
from tools.codegen import fake_spec


def _raw() -> dict[str, Any]:
    text = resources.files("aiozoom.testing").joinpath("spec_schemas.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _hub_keys(folder: str) -> set[str]:
    """``"METHOD /path"`` of every operation in the API Hub's ``folder``, read directly."""
    return {f"{method} {path}" for _, method, path, _ in hub_operations(folder)}


def _spec(key: str) -> OperationSpec:
    found = operation_spec(key)
    assert found is not None, key
    return found


def _schemas(schema: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    assert isinstance(schema, dict), where
    yield where, schema
    for name, sub in (schema.get("properties") or {}).items():
        yield from _schemas(sub, f"{where}.{name}")
    if "items" in schema:
        yield from _schemas(schema["items"], f"{where}[]")
    for key in ("oneOf", "anyOf", "allOf"):
        for i, sub in enumerate(schema.get(key) or ()):
            yield from _schemas(sub, f"{where}/{key}/{i}")
    if isinstance(schema.get("additionalProperties"), dict):
        yield from _schemas(schema["additionalProperties"], f"{where}{{}}")


def _all_schemas() -> Iterator[tuple[str, dict[str, Any]]]:
    for key, entry in _raw().items():
        if key == "_generated" or "same_as" in entry:
            continue
        for location in ("query", "path"):
            for name, param in (entry.get(location) or {}).items():
                yield from _schemas(param["schema"], f"{key} {location} {name}")
        for part in ("body", "response"):
            if part in entry:
                yield from _schemas(entry[part]["schema"], f"{key} {part}")


def test_the_file_is_generated_and_one_line_per_operation() -> None:
    text = resources.files("aiozoom.testing").joinpath("spec_schemas.json").read_text("utf-8")
    lines = text.splitlines()
    assert lines[0].startswith('{"_generated":')
    assert lines[-1] == "}"
    data = _raw()
    assert next(iter(data)) == "_generated"
    assert len(lines) == len(data) + 1  # the marker's line, one per operation, the closing brace


@needs_hub
def test_every_operation_and_master_account_operation_has_an_entry() -> None:
    endpoints, masters = _hub_keys("endpoints"), _hub_keys("master-accounts")
    assert len(endpoints) == 1719
    assert len(masters) == 761
    # 11 master-account operations (account settings, lock settings, owner, domains, virtual
    # backgrounds) already take the account to act on: the same template as the operation itself
    assert len(endpoints & masters) == 11
    keys = set(_raw()) - {"_generated"}
    assert keys == endpoints | masters
    assert len(keys) == 1719 + 761 - 11
    assert set(all_operation_specs()) == keys


def test_success_statuses() -> None:
    assert _spec("POST /users/{userId}/meetings").status == 201
    assert _spec("PATCH /meetings/{meetingId}").status == 204
    assert _spec("GET /users").status == 200
    assert _spec("PATCH /meetings/{meetingId}").response is None
    response = _spec("GET /users").response
    assert response is not None and response["media"] == "application/json"
    assert "users" in response["schema"]["properties"]


def test_documented_errors() -> None:
    meeting = _spec("GET /meetings/{meetingId}")
    assert (404, 3001, "Meeting does not exist: {meetingId}.") in meeting.errors
    assert documented_error(meeting, 404) == (3001, "Meeting does not exist: {meetingId}.")
    assert documented_error(meeting, 409) is None
    for spec in all_operation_specs().values():
        for status, code, message in spec.errors:
            assert isinstance(status, int) and isinstance(code, int), spec.key
            assert "<br" not in message and message == message.strip(), spec.key
    # several codes under one status, in the description's order
    commerce = _spec("PATCH /commerce/deal_registrations/{dealRegKey}")
    assert [code for _, code, _ in commerce.errors][:3] == [5810, 5814, 5815]


def test_parameters_and_bodies() -> None:
    users = _spec("GET /users")
    assert {"page_size", "next_page_token", "page_number"} <= set(users.query)
    assert users.query["page_size"]["schema"]["type"] == "integer"
    assert users.query["page_size"]["required"] is False
    assert users.path == {}
    assert users.body is None
    assert set(_spec("GET /users/{userId}").path) == {"userId"}
    create = _spec("POST /users").body
    assert create is not None
    assert create["media"] == "application/json"
    assert create["required"] is True
    # Zoom's description requires only ``action`` at the top; ``user_info`` requires its fields
    assert create["schema"]["required"] == ["action"]
    user_info = create["schema"]["properties"]["user_info"]
    assert {"email", "type"} <= set(user_info["required"])
    upload = _spec("POST /users/{userId}/picture").body
    assert upload is not None and upload["media"] == "multipart/form-data"


def test_rate_limit_categories() -> None:
    assert _spec("GET /users").category == "Medium"
    assert _spec("GET /meetings/{meetingId}").category == "Light"
    categories = {spec.category for spec in all_operation_specs().values()}
    assert categories <= {None, "Light", "Medium", "Heavy", "Resource-intensive"}


def test_schemas_keep_only_what_validation_and_synthesis_use() -> None:
    checked = 0
    for where, schema in _all_schemas():
        assert set(schema) <= fake_spec.SCHEMA_KEYS, (where, set(schema) - fake_spec.SCHEMA_KEYS)
        example = schema.get("example")
        assert example is None or isinstance(example, (str, int, float, bool)), where
        checked += 1
    assert checked > 40_000


def test_master_account_operations_resolve_to_the_operation_they_vary() -> None:
    raw = _raw()
    assert raw["GET /accounts/{accountId}/users"] == {"same_as": "GET /users"}
    spec = _spec("GET /accounts/{accountId}/users")
    assert spec.key == "GET /accounts/{accountId}/users"
    assert attrs.evolve(spec, key="GET /users") == _spec("GET /users")
    for key, entry in raw.items():
        if key != "_generated" and "same_as" in entry:
            assert key.split(" ", 1)[1].startswith("/accounts/{accountId}/"), key
            assert "same_as" not in raw[entry["same_as"]], key
    assert operation_spec("GET /no/such/operation") is None
    # a master-account operation of its own (listing sub-accounts) has a full entry
    assert "same_as" not in raw["GET /accounts"]
    assert _spec("GET /accounts").status == 200


def test_reduce_schema() -> None:
    schema = {
        "type": "object",
        "description": "dropped",
        "x-enum-descriptions": ["dropped"],
        "title": "dropped",
        "uniqueItems": True,
        "properties": {
            "b": {"type": "string", "example": "kept", "deprecated": True},
            "a": {"type": "array", "items": {"type": "integer", "example": [1]}},
            "file": {"type": "string", "format": "binary", "example": "VGhlIGZpbGU="},
            "any": {"oneOf": [{"type": "string", "description": "x"}, {"type": "null"}]},
        },
        "additionalProperties": {"type": "string", "title": "dropped"},
        "example": {"b": "an object example: dropped"},
    }
    assert fake_spec.reduce_schema(schema) == {
        "additionalProperties": {"type": "string"},
        "properties": {
            "b": {"example": "kept", "type": "string"},
            "a": {"items": {"type": "integer"}, "type": "array"},
            "file": {"format": "binary", "type": "string"},
            "any": {"oneOf": [{"type": "string"}, {"type": "null"}]},
        },
        "type": "object",
    }
    assert list(fake_spec.reduce_schema(schema)["properties"]) == ["b", "a", "file", "any"]


def test_errors_from_zooms_prose() -> None:
    op = {
        "responses": {
            "200": {
                "description": "**HTTP Status Code:** `200`  \n \nGroup returned.  \n \n"
                "**Error Code:** `200`  \n \nOnly available for paid account,{accountId}."
            },
            "400": {
                "description": "**HTTP Status Code:** `400` <br>\n Bad Request  See details. \n"
                "**Error Code:** `5810` Close date should be in the future. \n"
                "**Error Code:** `1002_006` <br>\n product cannot be empty <br>\n"
                "**Error Code:** `300 ` <br>\n  <br> Must provide $to_contact. <br> <br>\n"
            },
            "404": {
                "description": "**HTTP Status Code:** `404` <br>\n Not Found  \n\n "
                "**Error Code:** `3001` <br>\n Meeting does not exist: {meetingId}. <br>\n"
                "**Error Code:** `3002` <br>\n * One.<br>\n* Two. <br>\n"
            },
            "429": {"description": "**HTTP Status Code:** `429` <br>\n Too Many Requests."},
            "500": {"description": "**Error Code:** `-1` <br>\n Unknown server error! <br>\n"},
        }
    }
    assert fake_spec.errors(op) == [
        [200, 200, "Only available for paid account,{accountId}."],
        [400, 5810, "Close date should be in the future."],
        [400, 300, "Must provide $to_contact."],
        [404, 3001, "Meeting does not exist: {meetingId}."],
        [404, 3002, "* One.\n* Two."],
        [500, -1, "Unknown server error!"],
    ]


def test_entries_leave_out_what_an_operation_does_not_have() -> None:
    entry = fake_spec.operation_entry(
        {"responses": {"204": {"description": "**HTTP Status Code:** `204` Deleted."}}}
    )
    assert entry == {"status": 204}
    assert fake_spec.operation_entry({"responses": {}}) == {"status": 200}
    # a 200 that only notes an error comes before the 201 that answers
    entry = fake_spec.operation_entry(
        {
            "responses": {
                "200": {"description": "**Error Code:** `200` Paid accounts only."},
                "201": {"content": {"application/json": {"schema": {"type": "object"}}}},
            },
            "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
        }
    )
    assert entry == {
        "status": 201,
        "body": {"media": "application/json", "schema": {"type": "object"}, "required": False},
        "response": {"media": "application/json", "schema": {"type": "object"}},
        "errors": [[200, 200, "Paid accounts only."]],
    }

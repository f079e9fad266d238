"""Every documented operation of every Zoom product is routed by the fake Zoom.

Generated from Zoom's descriptions (``aiozoom/testing/spec_schemas.json``): each operation the fake
keeps no state for is called once with valid parameters (the required query parameters and a body
made from its request schema) and must answer its documented success status with a body valid
against its documented response schema. One fake serves the whole module.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import aiohttp
import pytest
import pytest_asyncio

from aiozoom.testing import FakeZoom
from aiozoom.testing._schema import synthesize, validate
from aiozoom.testing._spec import OperationSpec, all_operation_specs
from aiozoom.testing.resources import built_in_routes

module_loop = pytest.mark.asyncio(loop_scope="module")

SPECS = all_operation_specs()
STATEFUL = set(built_in_routes())
DESCRIBED = sorted(key for key in SPECS if key not in STATEFUL)


class Caller:
    def __init__(self, fake: FakeZoom, session: aiohttp.ClientSession, token: str) -> None:
        self.fake = fake
        self.session = session
        self.headers = {"Authorization": f"Bearer {token}"}

    async def call(self, key: str, spec: OperationSpec) -> tuple[int, str, bytes]:
        method, path = key.split(" ", 1)
        url = self.fake.origin + ("" if _root(path) else "/v2") + _fill(path, spec)
        query = {
            name: _query_text(synthesize(described.get("schema") or {}, field=name))
            for name, described in spec.query.items()
            if described.get("required")
        }
        kwargs: dict[str, Any] = {"params": query, "headers": dict(self.headers)}
        body = spec.body
        if body is not None:
            media = str(body.get("media") or "")
            if "json" in media:
                kwargs["json"] = synthesize(body.get("schema") or {})
            else:
                kwargs["data"] = b"fake upload"
                kwargs["headers"]["Content-Type"] = media
        async with self.session.request(method, url, **kwargs) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), await resp.read()


def _root(path: str) -> bool:
    return path.startswith("/scim2/")


def _fill(template: str, spec: OperationSpec) -> str:
    out = []
    for segment in template.split("/"):
        if segment.startswith("{") and segment.endswith("}"):
            name = segment[1:-1]
            schema = (spec.path.get(name) or {}).get("schema") or {}
            value = synthesize(schema, field=name)
            text = str(value) if value not in (None, "", []) else "x1"
            segment = quote(text, safe="")
        out.append(segment)
    return "/".join(out)


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_query_text(v) for v in value)
    return "" if value is None else str(value)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def caller() -> AsyncIterator[Caller]:
    async with FakeZoom() as fake, aiohttp.ClientSession() as session:
        token = fake.state.issue_token(fake.account, "account_credentials")["access_token"]
        yield Caller(fake, session, token)


def test_every_operation_of_every_product_is_described() -> None:
    # 1,719 operations and 761 master-account ones, 11 of which share a path with their own
    assert len(SPECS) == 2469
    assert len(DESCRIBED) + len(STATEFUL & set(SPECS)) == len(SPECS)


@module_loop
@pytest.mark.parametrize("key", DESCRIBED)
async def test_an_operation_answers_as_described(caller: Caller, key: str) -> None:
    spec = SPECS[key]
    status, content_type, raw = await caller.call(key, spec)
    assert status == spec.status, raw[:300]
    response = spec.response
    if response is None or status == 204:
        assert raw == b""
        return
    if "json" not in str(response.get("media")):
        assert raw and "json" not in content_type
        return
    assert "application/json" in content_type
    body = json.loads(raw)
    assert validate(body, response.get("schema") or {}) == []


# -- what a client sends wrong ------------------------------------------------------------------

_WRONG = {
    "string": 12345,
    "integer": "twelve",
    "number": "twelve",
    "boolean": "yes",
    "array": "not a list",
    "object": "not an object",
}


def _wrongly_typed(spec: OperationSpec) -> tuple[str, Any] | None:
    """A top-level body field of a plain type, and a value of another type."""
    schema = (spec.body or {}).get("schema") or {}
    for name, prop in sorted((schema.get("properties") or {}).items()):
        kind = prop.get("type") if isinstance(prop, dict) else None
        plain = not any(k in prop for k in ("oneOf", "anyOf", "allOf", "nullable", "readOnly"))
        if kind in _WRONG and plain:
            return name, _WRONG[kind]
    return None


WRONG_BODIES = sorted(
    key
    for key, spec in SPECS.items()
    if spec.body and "json" in str(spec.body.get("media")) and _wrongly_typed(spec)
)


def test_most_bodies_have_a_field_to_get_wrong() -> None:
    assert len(WRONG_BODIES) > 400


@module_loop
@pytest.mark.parametrize("key", WRONG_BODIES)
async def test_a_field_of_the_wrong_type_is_zooms_400_naming_it(caller: Caller, key: str) -> None:
    spec = SPECS[key]
    found = _wrongly_typed(spec)
    assert found is not None
    name, wrong = found
    body = synthesize(spec.body.get("schema") or {}) if spec.body else {}
    assert isinstance(body, dict)
    body[name] = wrong
    method, path = key.split(" ", 1)
    url = caller.fake.origin + ("" if _root(path) else "/v2") + _fill(path, spec)
    query = {
        n: _query_text(synthesize(d.get("schema") or {}, field=n))
        for n, d in spec.query.items()
        if d.get("required")
    }
    async with caller.session.request(
        method, url, params=query, json=body, headers=caller.headers
    ) as resp:
        answer = await resp.json()
        assert resp.status == 400, answer
    assert answer["code"] == 300 and answer["message"]
    assert name in [error["field"] for error in answer["errors"]]


HOSTILE_BODIES = [
    b"{not json",
    b"[]",
    b"[" * 100_000,
    b'{"a": ' * 5_000 + b"1" + b"}" * 5_000,
    b"\xff\xfe\x00garbage",
    b'"just a string"',
    b"1" * 5_000,
]


@module_loop
@pytest.mark.parametrize("body", HOSTILE_BODIES, ids=lambda b: repr(b[:12]))
async def test_no_body_a_client_sends_makes_the_fake_fail(caller: Caller, body: bytes) -> None:
    statuses = set()
    for key in WRONG_BODIES[::7]:  # a sample across products
        method, path = key.split(" ", 1)
        url = caller.fake.origin + ("" if _root(path) else "/v2") + _fill(path, SPECS[key])
        headers = {**caller.headers, "Content-Type": "application/json"}
        async with caller.session.request(method, url, data=body, headers=headers) as resp:
            statuses.add(resp.status)
            if resp.status >= 400:
                answer = await resp.json()
                assert isinstance(answer.get("code"), int) and answer.get("message")
    assert all(status < 500 for status in statuses), statuses


@module_loop
@pytest.mark.parametrize(
    "value", ["abc", "-5", "0", "1" * 40, "1e999", "", "300.5", "\u0000", "true"]
)
async def test_no_query_value_makes_the_fake_fail(caller: Caller, value: str) -> None:
    for key in (
        "GET /users",
        "GET /phone/users",
        "GET /groups",
        "GET /rooms",
        "GET /users/{userId}/meetings",
    ):
        method, path = key.split(" ", 1)
        url = caller.fake.origin + "/v2" + path.replace("{userId}", "me")
        params = {"page_size": value, "page_number": value, "next_page_token": value}
        async with caller.session.request(
            method, url, params=params, headers=caller.headers
        ) as resp:
            assert resp.status < 500, (key, value, await resp.text())
            if resp.status >= 400:
                assert (await resp.json())["code"] in (300, 124, 404, 1001)

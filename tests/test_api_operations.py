"""The operation table: one record per operation, each reachable as a typed method, and
``find_operation`` mapping requests back to their operation."""

from __future__ import annotations

import collections
import inspect
import re
from typing import Any

import attrs
import pytest

import aiozoom.api
from aiozoom.api import NAMESPACES, Operation, find_operation, operations
from aiozoom.auth import StaticToken
from aiozoom.client import ZoomClient
from aiozoom.pagination import Paginator
from tests.hub import hub_operations, needs_hub

OPERATIONS = operations()
FIRST: dict[tuple[str, str], Operation] = {}
for _op in OPERATIONS:
    FIRST.setdefault((_op.method, _op.path), _op)


def _method(zoom: ZoomClient, op: Operation) -> Any:
    target: Any = zoom
    for part in op.python_name.split("."):
        target = getattr(target, part)
    return target


@pytest.fixture
def zoom() -> ZoomClient:
    return ZoomClient(StaticToken("t"), base_url="https://api.zoom.example/v2")


def _hub_operations(folder: str) -> set[tuple[str, str, str]]:
    """(product, METHOD, path) of every operation in the API Hub's ``folder``, read directly."""
    return {(product, method, path) for product, method, path, _ in hub_operations(folder)}


@needs_hub
def test_every_operation_of_every_product_is_listed_once() -> None:
    own = [op for op in OPERATIONS if not op.master_account]
    assert len(own) == 1719
    assert {(op.product, op.method, op.path) for op in own} == _hub_operations("endpoints")
    assert len({op.python_name for op in own}) == 1719
    assert len({op.product for op in own}) == 31
    methods = collections.Counter(op.method for op in own)
    assert methods == {"GET": 794, "POST": 344, "DELETE": 290, "PATCH": 243, "PUT": 48}


@needs_hub
def test_every_master_account_operation_is_listed() -> None:
    masters = [op for op in OPERATIONS if op.master_account]
    assert len(masters) == 761
    assert {(op.product, op.method, op.path) for op in masters} == _hub_operations(
        "master-accounts"
    )
    own = {op.python_name: op for op in OPERATIONS if not op.master_account}
    variants = 0
    for master in masters:
        twin = own.get(master.python_name)
        if twin is not None and twin.master_path == master.path:
            variants += 1
            assert (twin.method, twin.response_model_ref) == (
                master.method,
                master.response_model_ref,
            )
    assert variants == 728  # the same method for a sub-account: /accounts/{accountId} + path


def test_rate_limit_categories_match_the_descriptions() -> None:
    own = [op for op in OPERATIONS if not op.master_account]
    counts = collections.Counter(op.category for op in own)
    assert counts == {"Light": 914, "Medium": 603, "Heavy": 162, "Resource-intensive": 18, None: 22}


def test_scopes_classic_and_granular() -> None:
    own = [op for op in OPERATIONS if not op.master_account]
    assert sum(1 for op in own if op.scopes) > 1600
    assert sum(1 for op in own if op.granular_scopes) > 1600
    logs = next(op for op in own if (op.method, op.path) == ("GET", "/phone/call_logs"))
    assert logs.python_name == "phone.call_logs.list"
    assert logs.scopes == ("phone:read:admin", "phone_call_log:read:admin")
    assert logs.granular_scopes == ("phone:read:list_call_logs:admin",)


def test_pagination_is_detected() -> None:
    paged = [op for op in OPERATIONS if op.paginated and not op.master_account]
    assert sum(1 for op in paged if op.paging == "token") == 364
    assert sum(1 for op in paged if op.paging == "page_number") == 4
    assert all(op.method == "GET" and op.items_key for op in paged)
    users = next(op for op in OPERATIONS if op.python_name == "users.list")
    assert (users.items_key, users.page_size_max) == ("users", 2000)


def test_known_names() -> None:
    names = {(op.method, op.path): op.python_name for op in OPERATIONS if not op.master_account}
    assert names[("POST", "/users/{userId}/meetings")] == "meetings.create"
    assert names[("GET", "/meetings/{meetingId}")] == "meetings.get"
    assert names[("GET", "/users/{userId}/meetings")] == "meetings.list"
    assert names[("GET", "/users")] == "users.list"
    assert names[("GET", "/users/{userId}")] == "users.get"
    assert names[("GET", "/users/{userId}/recordings")] == "recordings.list"
    assert names[("GET", "/rooms/locations")] == "rooms.locations.list"
    assert names[("GET", "/sip_phones/phones")] == "sip_phones.list"
    assert names[("GET", "/phone/call_logs")] == "phone.call_logs.list"
    assert names[("POST", "/chat/users/{userId}/messages")] == "team_chat.messages.send"
    assert names[("GET", "/contact_center/queues")] == "contact_center.queues.list"
    assert names[("GET", "/scim2/Users")] == "scim.users.list"
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+", n) for n in names.values())


def test_every_operation_is_a_typed_method_of_the_client(zoom: ZoomClient) -> None:
    assert set(NAMESPACES) == {op.namespace.split(".")[0] for op in OPERATIONS}
    for op in OPERATIONS:
        if op.master_account:
            continue
        method = _method(zoom, op)
        signature = inspect.signature(method)
        params = list(signature.parameters.values())
        kinds = {p.kind for p in params}
        assert inspect.Parameter.VAR_KEYWORD not in kinds, op.python_name
        assert inspect.Parameter.VAR_POSITIONAL not in kinds, op.python_name
        positional = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
        path_params = [p.python_name for p in op.parameters if p.location == "path"]
        assert positional == path_params, op.python_name
        keywords = {p.name for p in params if p.kind is p.KEYWORD_ONLY}
        query = {p.python_name for p in op.parameters if p.location == "query"}
        assert query <= keywords, op.python_name
        assert all(p.annotation is not inspect.Parameter.empty for p in params), op.python_name
        if op.paginated:
            assert not inspect.iscoroutinefunction(method)
            assert "Paginator[" in str(signature.return_annotation)
            assert {"next_page_token", "page_number"}.isdisjoint(keywords)
        else:
            assert inspect.iscoroutinefunction(method), op.python_name
        doc = " ".join((inspect.getdoc(method) or "").split())
        assert doc.startswith(op.summary.rstrip(".")), op.python_name
        assert f"``{op.method} {op.path}``" in doc
        assert f"rate limit: {op.category or 'not stated'}" in doc
        assert all(scope in doc for scope in op.scopes)
        assert all(scope in doc for scope in op.granular_scopes)


def test_paged_methods_return_a_paginator_without_awaiting(zoom: ZoomClient) -> None:
    paginator = zoom.users.list()
    assert isinstance(paginator, Paginator)
    assert "page_size=2000" in repr(paginator)


def test_models_of_records_are_attrs_classes() -> None:
    for op in OPERATIONS:
        for model in (op.request_model, op.response_model, op.item_model):
            assert model is None or attrs.has(model)
    create = next(op for op in OPERATIONS if op.python_name == "meetings.create")
    assert create.request_model is not None
    assert create.request_model.__name__ == "MeetingCreateRequest"
    assert create.response_model is not None
    assert create.body == "json" and create.scopes == ("meeting:write:admin", "meeting:write")
    user = next(op for op in OPERATIONS if op.python_name == "users.get")
    assert user.response_model is not None and user.response_model.__name__ == "User"
    fields = {f.name for f in attrs.fields(user.response_model)}
    assert {"id", "email", "first_name", "last_name", "type", "status"} <= fields


# -- find_operation -----------------------------------------------------------------------------


def _concrete(path: str) -> str:
    return re.sub(r"{[^}]+}", "Xq9", path)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_find_operation_by_template_and_by_concrete_path(op: Operation) -> None:
    op = FIRST[(op.method, op.path)]  # 11 master-account paths are their own account's too
    assert find_operation(op.method, op.path) is op
    assert find_operation(op.method.lower(), _concrete(op.path)) is op
    assert find_operation(op.method, "/v2" + _concrete(op.path) + "?page_size=3") is op


@pytest.mark.parametrize(
    ("method", "path", "operation_id"),
    [
        ("GET", "/users/me/zak", "userZak"),
        ("GET", "/users/me", "user"),
        ("GET", "/users/me/meetings", "meetings"),
        ("GET", "/users/abc/meetings", "meetings"),
        ("POST", "/users/abc/meetings", "meetingCreate"),
        ("GET", "/users/email", "userEmail"),
        ("GET", "/users/summary", "userSummary"),
        ("GET", "/users/zak", "user"),
        ("GET", "/meetings/%252Fabc%253D%253D/recordings", "recordingGet"),
        ("GET", "/past_meetings/abc%2Fdef%3D%3D", "pastMeetingDetails"),
        ("PATCH", "/meetings/85746065432", "meetingUpdate"),
        ("GET", "/rooms/locations", "listZRLocations"),
        ("GET", "/rooms/locations/L1", "getZRLocationProfile"),
        ("GET", "/rooms/R1", "getZRProfile"),
        ("GET", "/metrics/zoomrooms/issues", "dashboardZoomRoomIssue"),
        ("GET", "/metrics/zoomrooms/Z1", "dashboardZoomRoom"),
        ("GET", "/users/abc/meetings/", "meetings"),
    ],
)
def test_find_operation_prefers_literal_segments(method: str, path: str, operation_id: str) -> None:
    found = find_operation(method, path)
    assert found is not None and found.operation_id == operation_id


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/nope"),
        ("PUT", "/users/abc/meetings"),
        ("GET", "/users/abc/meetings/extra/deep"),
        ("GET", "/meetings//recordings"),
        ("GET", "/"),
    ],
)
def test_find_operation_unknown_is_none(method: str, path: str) -> None:
    assert find_operation(method, path) is None


def test_find_operation_does_not_scan_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    find_operation("GET", "/users/me")  # the index is built once
    monkeypatch.setattr(aiozoom.api._operation, "operations", lambda: pytest.fail("rebuilt"))
    calls = 0
    real = re.compile

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(re, "compile", counting)
    for op in OPERATIONS:
        assert find_operation(op.method, _concrete(op.path)) is FIRST[(op.method, op.path)]
    assert calls == 0

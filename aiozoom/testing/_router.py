"""How the fake Zoom answers an API call: find the operation, check what was sent, answer.

Every request under ``/v2`` (and SCIM 2's ``/scim2``) that passes the token check goes through
:func:`dispatch`:

1. The operation is found in Zoom's descriptions (:func:`aiozoom.api.find_operation`); a path
   that is none answers 404 ``{"code": 404, "message": "Not Found"}``.
2. Query parameters are converted to the types their descriptions give and checked against
   them, required ones too; a JSON body is parsed and checked against the operation's request
   schema. What is wrong answers as Zoom does: 400 ``{"code": 300, "message": "Validation
   Failed.", "errors": [{"field": ..., "message": ...}]}`` -- never a 500.
3. A route for the operation (built in, for the resources the fake keeps state for, or added
   with :meth:`FakeZoom.route`) answers from state; otherwise the answer is the description's:
   its success status and a body valid against its response schema (Zoom's example where it is
   valid, else one made from the schema).

``FakeZoom.fallback``, when set, is asked first for every request no route answers (a path that
is no operation too), before anything is checked: a test's own answers come first, and ``None``
lets the fake answer.

A route is ``async def handler(call: Call) -> Any`` returning the JSON body of the documented
success status (``None``: no body), or a ``web.StreamResponse`` for anything else; it raises
:class:`ApiFailure` for a Zoom error answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import attrs
from aiohttp import web

from aiozoom.api import Operation, find_operation
from aiozoom.testing._schema import FieldError, query_value, synthesize, validate
from aiozoom.testing._spec import OperationSpec, documented_error, operation_spec
from aiozoom.testing._state import Account, ApiFailure, ZoomState

if TYPE_CHECKING:
    from aiozoom.testing.fake_zoom import FakeZoom

__all__ = ["Call", "Handler", "Routes", "dispatch", "not_found", "validation_failed"]

Handler = Callable[["Call"], Awaitable[Any]]

DEFAULT_PAGE_SIZE = 30
_CURSORS = frozenset({"next_page_token", "nextPageToken", "page_token", "pageToken"})
MAX_PAGE_SIZE = 300


class Routes(dict[str, Handler]):
    """Routes by operation, ``"METHOD /path"`` as Zoom's descriptions spell the path.

    Used as a decorator: ``@routes("GET /groups")``."""

    def __call__(self, *keys: str) -> Callable[[Handler], Handler]:
        for key in keys:
            if operation_spec(key) is None:
                raise ValueError(f"{key!r} is not an operation of Zoom's API")

        def register(handler: Handler) -> Handler:
            for key in keys:
                self[key] = handler
            return handler

        return register


def validation_failed(
    errors: Iterable[FieldError], message: str = "Validation Failed."
) -> ApiFailure:
    """Zoom's answer to invalid input: 400, code 300, each field and what is wrong with it."""
    return ApiFailure(
        400, 300, message, [{"field": field, "message": text} for field, text in errors]
    )


def not_found(spec: OperationSpec, fallback: tuple[int, str], **names: str) -> ApiFailure:
    """The operation's documented 404 (its code, its message with ``{param}`` filled in), or
    ``fallback`` (code, message) when the description documents none."""
    code, message = documented_error(spec, 404) or fallback
    for name, value in names.items():
        message = message.replace("{" + name + "}", value)
    return ApiFailure(404, code, message)


@attrs.define(eq=False)
class Call:
    """One API call the fake answers: who made it, for which operation, with what."""

    fake: FakeZoom
    request: web.Request
    account: Account
    operation: Operation
    spec: OperationSpec
    path: dict[str, str]
    """Path parameters, decoded (a meeting UUID Zoom wants encoded twice, decoded twice)."""
    query: dict[str, Any]
    """The query parameters sent, converted to their described types."""
    body: Any
    """The JSON body (already checked against the request schema), or ``None``."""
    token_user: str | None = None
    """The user a user-OAuth token belongs to (``me`` means that user), else ``None``."""

    @property
    def state(self) -> ZoomState:
        return self.fake.state

    def param(self, name: str) -> str:
        """A path parameter; ``me`` is the token's user when a user-OAuth token made the call."""
        value = self.path[name]
        if value == "me" and self.token_user is not None:
            return self.token_user
        return value

    def user(self, name: str = "userId") -> dict[str, Any]:
        """The user a path parameter names (an ID, an email, or ``me``); 404 as Zoom says."""
        return self.state.find_user(self.account, self.param(name))

    def records(self, kind: str) -> dict[str, dict[str, Any]]:
        """The account's records of one kind (``"groups"``, ``"webinars"``), by ID, in order."""
        return self.account.records.setdefault(kind, {})

    def find(self, kind: str, name: str, missing: tuple[int, str]) -> dict[str, Any]:
        """The record of ``kind`` the path parameter ``name`` names, or the operation's
        documented 404 (``missing`` is the code and message when none is documented)."""
        value = self.param(name)
        record = self.records(kind).get(value)
        if record is None:
            raise not_found(self.spec, missing, **{name: value})
        return record

    def page(
        self, items: list[Any], items_key: str, *, key: tuple[str, ...] = (), **extra: Any
    ) -> dict[str, Any]:
        """One page of ``items`` as Zoom pages a list: ``page_size`` (default 30, at most the
        described maximum), ``next_page_token`` (valid 15 minutes of fake time; ``""`` on the last
        page) and, where the operation documents it, ``page_number`` and ``page_count``."""
        size = _int(self.query.get("page_size", DEFAULT_PAGE_SIZE))
        size = max(1, min(size, _maximum(self.spec, "page_size")))
        token = self.query.get("next_page_token") or None
        numbered = "page_number" in self.spec.query
        start = 0
        if token is None and numbered and "page_number" in self.query:
            start = (max(1, _int(self.query["page_number"])) - 1) * size
        cursor_key = (self.spec.key, self.account.account_id, *key)
        offset, chunk, next_token = self.state.page_at(
            cursor_key, items, page_size=size, token=token, start=start
        )
        answer: dict[str, Any] = {
            "page_size": size,
            "total_records": len(items),
            "next_page_token": next_token,
            **extra,
            items_key: chunk,
        }
        if numbered:
            answer["page_number"] = offset // size + 1
            answer["page_count"] = -(-len(items) // size)
        return answer


def _int(value: Any) -> int:
    """A page number or size as sent (some descriptions type them as strings), 1 if not one."""
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return 1


def _maximum(spec: OperationSpec, name: str) -> int:
    schema = (spec.query.get(name) or {}).get("schema") or {}
    maximum = schema.get("maximum")
    return maximum if isinstance(maximum, int) and maximum > 0 else MAX_PAGE_SIZE


# -- what was sent ------------------------------------------------------------------------------


def path_parameters(template: str, raw_path: str) -> dict[str, str]:
    """The values of ``template``'s ``{params}`` in ``raw_path`` (as sent, escaped), decoded;
    a value still escaped after one decoding (Zoom's double-encoded UUIDs) is decoded again."""
    path = raw_path.split("?", 1)[0]
    if path.startswith("/v2/"):
        path = path[3:]
    values: dict[str, str] = {}
    names, segments = template.strip("/").split("/"), path.strip("/").split("/")
    for name, segment in zip(names, segments, strict=False):
        if name.startswith("{") and name.endswith("}"):
            value = unquote(segment)
            if "%" in value:
                value = unquote(value)
            values[name[1:-1]] = value
    return values


def checked_query(spec: OperationSpec, query: Mapping[str, str]) -> dict[str, Any]:
    """The query parameters the operation describes, converted and checked (400 if wrong);
    parameters it does not describe are ignored, as Zoom ignores them."""
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    for name, described in spec.query.items():
        schema = described.get("schema") or {}
        if name not in query:
            # (a page cursor is never required of a first page, whatever a description says)
            if described.get("required") and name not in _CURSORS:
                errors.append((name, "is required"))
            continue
        raw = query[name]
        if raw == "" and not described.get("required"):
            continue  # an empty optional value: as if not sent (Zoom's clients send page tokens so)
        value = query_value(raw, schema)
        problems = validate(value, schema, field=name)
        if problems:
            errors.extend(problems)
        else:
            values[name] = value
    if errors:
        raise validation_failed(errors)
    return values


async def checked_body(spec: OperationSpec, request: web.Request) -> Any:
    """The JSON body, checked against the request schema (400 if it is not JSON or wrong)."""
    described = spec.body
    if described is None or "json" not in str(described.get("media", "")):
        return None
    try:
        raw = await request.read()  # kept by aiohttp for a fallback that reads it again
    except web.HTTPRequestEntityTooLarge:  # past the application's client_max_size
        raise ApiFailure(413, 300, "Request Body is too large.") from None
    if not raw.strip():
        if described.get("required"):
            raise ApiFailure(400, 300, "Request Body is required.")
        return None
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise ApiFailure(400, 300, "Request Body should be a valid JSON object.") from None
    errors = validate(body, described.get("schema") or {})
    if errors:
        raise validation_failed(errors)
    return body


# -- the answer ---------------------------------------------------------------------------------


async def dispatch(
    fake: FakeZoom, request: web.Request, account: Account, token_user: str | None
) -> web.StreamResponse:
    """Answer an authenticated API request (see the module docstring)."""
    operation = find_operation(request.method, request.raw_path)
    if operation is not None and operation.root == request.raw_path.startswith("/v2/"):
        operation = None  # SCIM 2 lives at the host's root, the rest under /v2
    spec = operation_spec(f"{operation.method} {operation.path}") if operation else None
    if (spec is None or spec.key not in fake.routes) and fake.fallback is not None:
        response = await fake.fallback(request)  # a test's own answers, before the fake's
        if response is not None:
            return response
    if operation is None or spec is None:
        raise ApiFailure(404, 404, "Not Found")
    query = checked_query(spec, request.query)
    body = await checked_body(spec, request)
    call = Call(
        fake=fake,
        request=request,
        account=account,
        operation=operation,
        spec=spec,
        path=path_parameters(operation.path, request.raw_path),
        query=query,
        body=body,
        token_user=token_user,
    )
    handler = fake.routes.get(spec.key)
    if handler is None:
        return described_answer(call)
    result = await handler(call)
    if isinstance(result, web.StreamResponse):
        return result
    return _json_answer(spec.status, result)


def _json_answer(status: int, body: Any) -> web.StreamResponse:
    if body is None or status == 204:
        return web.Response(status=status)
    return web.json_response(body, status=status)


_EXAMPLE_CACHE: dict[str, Any] = {}


def described_answer(call: Call) -> web.StreamResponse:
    """The answer of an operation the fake keeps no state for: the documented status, and a body
    valid against the documented response schema (Zoom's example where it is valid)."""
    from aiozoom.testing.spec_fallback import FAKE_FILE, example_answer, single_last_page

    spec = call.spec
    response = spec.response
    if response is None or spec.status == 204:
        return web.Response(status=spec.status)
    media = str(response.get("media") or "application/json")
    if "json" not in media:
        return web.Response(status=spec.status, body=FAKE_FILE, content_type=_bare(media))
    schema = response.get("schema") or {}
    answer = example_answer(call.operation)
    body = answer[1] if answer is not None else None
    if body is None or validate(body, schema):
        body = synthesize(schema, values=_values(call))
        if call.operation.paginated and isinstance(body, dict):
            single_last_page(body, call.operation.items_key)
    return web.json_response(body, status=spec.status)


def _values(call: Call) -> dict[str, Any]:
    """Values a made-up answer takes from the call: the path's parameters where the schema has
    properties of the same name (``userId`` also fills ``user_id``)."""
    values: dict[str, Any] = {}
    for name, value in call.path.items():
        values[name] = value
        snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
        values.setdefault(snake, value)
    return values


def _bare(media: str) -> str:
    return media.split(";", 1)[0].strip() or "application/octet-stream"

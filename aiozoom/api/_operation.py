"""The operation records behind ``aiozoom.api.operations()`` and ``find_operation()``.

One :class:`Operation` per operation of every Zoom product, and one per master-account
operation (the table itself is generated into ``aiozoom.api._table``). :func:`find_operation`
maps a request as sent (``GET /users/abc/meetings``) or a path template to its record through a
segment tree built once, so a lookup costs a few dictionary hits, not a scan of 2,480 patterns.
"""

from __future__ import annotations

import importlib
from typing import Any, Literal

import attrs

__all__ = ["Operation", "Parameter", "find_operation", "operations"]


@attrs.frozen
class Parameter:
    """A path or query parameter: Zoom's name, the Python keyword, where it goes."""

    name: str
    python_name: str
    location: Literal["path", "query", "header"]
    required: bool = False


def _model(ref: str | None) -> type[Any] | None:
    if ref is None:
        return None
    module, _, name = ref.rpartition(".")
    cls: type[Any] = getattr(importlib.import_module(f"aiozoom.models.{module}"), name)
    return cls


@attrs.frozen
class Operation:
    """One operation of Zoom's API and the method that calls it."""

    operation_id: str
    """Zoom's ``operationId`` (``meetingCreate``)."""
    method: str
    """The HTTP method (``POST``)."""
    path: str
    """The path template relative to ``/v2`` (``/users/{userId}/meetings``)."""
    namespace: str
    """The resource on ``ZoomClient`` (``meetings``; ``rooms.locations`` for a nested one)."""
    method_name: str
    """The method of that resource (``create``)."""
    tag: str
    """Zoom's tag (``Meetings``)."""
    summary: str
    category: Literal["Light", "Medium", "Heavy", "Resource-intensive"] | None
    """Zoom's rate-limit category, or ``None`` where the description names none."""
    scopes: tuple[str, ...] = ()
    """OAuth scopes, any one of which allows the call."""
    success_status: int = 200
    parameters: tuple[Parameter, ...] = ()
    body: Literal["json", "free", "array", "multipart"] | None = None
    """How the request body is sent: a JSON model, free-form JSON, a JSON list, a file upload,
    or none."""
    request_model_ref: str | None = attrs.field(default=None, repr=False)
    response_model_ref: str | None = attrs.field(default=None, repr=False)
    item_model_ref: str | None = attrs.field(default=None, repr=False)
    response_is_list: bool = False
    """The answer is a JSON list of ``response_model``."""
    paging: Literal["token", "page_number", "page_token", "index", "page"] | None = None
    """How the operation pages, if it does: ``next_page_token`` (``token``), the older
    ``page_number``, ``pageToken`` (Calendar, Mail), ``startIndex`` (``index``: SCIM 2), or
    ``page``/``page_num`` (see ``aiozoom.pagination.PAGING_STYLES``)."""
    items_key: str | None = None
    """The key of a page's list of items."""
    page_size_max: int | None = None
    deprecated: bool = False
    product: str = "meetings"
    """The Zoom product (the API Hub's name: ``meetings``, ``phone``, ``team-chat``, ...)."""
    granular_scopes: tuple[str, ...] = ()
    """Granular OAuth scopes (``service:action:data:access``), what new apps are given."""
    master_account: bool = False
    """An operation of a master account acting on one of its sub-accounts."""
    master_path: str | None = None
    """For an operation of one's own account: the path of the same operation on a sub-account
    (``/accounts/{accountId}/users``), reached as ``zoom.for_account(id).<the same method>``."""
    root: bool = False
    """The path is relative to the host (``/scim2/Users``), not to ``/v2``."""

    @property
    def python_name(self) -> str:
        """``meetings.create``: the method on ``ZoomClient``."""
        return f"{self.namespace}.{self.method_name}"

    @property
    def paginated(self) -> bool:
        return self.paging is not None

    @property
    def request_model(self) -> type[Any] | None:
        """The attrs class of the JSON request body, if it has one."""
        return _model(self.request_model_ref)

    @property
    def response_model(self) -> type[Any] | None:
        """The attrs class of the answer (of each element for a list; of a page if paged)."""
        return _model(self.response_model_ref)

    @property
    def item_model(self) -> type[Any] | None:
        """For a paged operation, the attrs class of each item."""
        return _model(self.item_model_ref)


def operations() -> tuple[Operation, ...]:
    """Every operation of every Zoom product, product by product in the order of Zoom's
    descriptions, then the master-account ones (``master_account=True``)."""
    from aiozoom.api._table import OPERATIONS

    return OPERATIONS


class _Node:
    __slots__ = ("literal", "operations", "param")

    def __init__(self) -> None:
        self.literal: dict[str, _Node] = {}
        self.param: _Node | None = None
        self.operations: dict[str, Operation] = {}


class _Index:
    def __init__(self, table: tuple[Operation, ...]) -> None:
        self.root = _Node()
        self.templates: dict[tuple[str, str], Operation] = {}
        for op in table:
            self.templates.setdefault((op.method, op.path), op)
            node = self.root
            for segment in op.path.strip("/").split("/"):
                if segment.startswith("{") and segment.endswith("}"):
                    if node.param is None:
                        node.param = _Node()
                    node = node.param
                else:
                    node = node.literal.setdefault(segment, _Node())
            node.operations.setdefault(op.method, op)

    def match(self, method: str, segments: list[str], i: int, node: _Node) -> Operation | None:
        if i == len(segments):
            return node.operations.get(method)
        segment = segments[i]
        literal = node.literal.get(segment)
        if literal is not None:
            found = self.match(method, segments, i + 1, literal)
            if found is not None:
                return found
        if node.param is not None and segment:
            return self.match(method, segments, i + 1, node.param)
        return None


_index: _Index | None = None


def find_operation(method: str, path: str) -> Operation | None:
    """The operation a request is for: ``find_operation("GET", "/users/abc/meetings")``.

    ``path`` is relative to the base URL (a leading ``/v2`` is ignored), as sent (escaped) or as
    a template (``/users/{userId}/meetings``); a query string is ignored. A literal segment wins
    over a parameter (``/users/me/zak`` is ``userZak``, ``/users/me`` is ``user``). Returns
    ``None`` for a request that is not a Zoom API operation.
    """
    global _index
    index = _index
    if index is None:
        index = _index = _Index(operations())
    method = method.upper()
    path = path.split("?", 1)[0].split("#", 1)[0]
    if path.startswith("/v2/"):
        path = path[3:]
    found = index.templates.get((method, path))
    if found is not None:
        return found
    segments = path.strip("/").split("/")
    return index.match(method, segments, 0, index.root)

"""The intermediate form between Zoom's spec and the rendered code: operations, models, types.

:func:`build` walks the (patched) spec once and decides everything the renderers print: Python
names, parameter kinds and defaults, which operations page and over which key, and one attrs model
per inline object schema (named after the operation that uses it and the path to the field).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from tools.codegen import naming, spec

__all__ = ["API", "Model", "Operation", "build"]

JSON = dict[str, Any]

NO_DEFAULT: Any = object()
_LONG_NAME = 48  # nested model names longer than this drop their middle words
_MAX_NAME = 72


# -- types ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prim:
    """A JSON scalar (or ``Any``): ``str``, ``int``, ``float``, ``bool``, ``Any``."""

    py: str
    enum: tuple[Any, ...] = ()


@dataclass(frozen=True)
class DateTime:
    pass


@dataclass(frozen=True)
class Date:
    pass


@dataclass(frozen=True)
class Free:
    """An object without declared properties."""


@dataclass(frozen=True)
class Seq:
    item: TypeRef


@dataclass(frozen=True)
class Ref:
    model: Model


@dataclass(frozen=True)
class OneOf:
    members: tuple[TypeRef, ...]


TypeRef = Prim | DateTime | Date | Free | Seq | Ref | OneOf


# -- models -----------------------------------------------------------------------------------


@dataclass(eq=False)
class Field:
    name: str
    json: str
    type: TypeRef
    doc: str
    required: bool = False


@dataclass(eq=False)
class Model:
    name: str
    module: str
    kind: str  # "request" | "response"
    doc: str
    fields: list[Field] = field(default_factory=list)
    parent: str = ""  # the model this one is nested in, and the JSON key it sits under
    via: str = ""
    origin: str = ""  # for top-level models: what they are, e.g. "Request body of ..."

    def __hash__(self) -> int:
        return id(self)


# -- operations -------------------------------------------------------------------------------


@dataclass
class Param:
    name: str
    python: str
    location: str  # "path" | "query" | "header"
    type: TypeRef
    required: bool
    default: Any
    doc: str
    example: Any = NO_DEFAULT
    zoom_default: Any = NO_DEFAULT  # the default Zoom documents (applied when not sent)
    segment: str = "path_segment"  # for path parameters: the aiozoom.http.paths function


@dataclass
class Operation:
    operation_id: str
    method: str
    path: str
    tag: str
    namespace: str
    method_name: str
    summary: str
    description: str
    category: str | None
    scopes: tuple[str, ...]
    deprecated: bool
    path_params: list[Param] = field(default_factory=list)
    query_params: list[Param] = field(default_factory=list)
    header_params: list[Param] = field(default_factory=list)
    body_kind: str | None = None  # None | "json" | "free" | "array" | "multipart"
    body_model: Model | None = None
    body_fields: list[Field] = field(default_factory=list)
    multipart_files: list[Field] = field(default_factory=list)
    response_kind: str = "none"  # "model" | "list" | "any" | "bytes" | "none"
    response_media: str | None = None  # for "bytes": the media type Zoom names
    response_type: TypeRef | None = None
    response_optional: bool = False
    success_statuses: tuple[int, ...] = ()
    response_schema: JSON | None = None
    success_status: int = 200
    paging: str | None = None  # None | a style of PAGING_STYLES
    page_param: str | None = None  # the query parameter that chooses the page
    size_param: str | None = None  # the one that sizes it (page_size, maxResults, count)
    items_key: str | None = None
    items_field: str | None = None
    item_type: TypeRef | None = None
    page_size_max: int | None = None
    body_kwargs: list[str] = field(default_factory=list)  # the keyword of each of body_fields
    product: str = "meetings"  # the API Hub product (file stem): "team-chat", "phone", ...
    granular_scopes: tuple[str, ...] = ()  # x-granular-scopes (what new apps are given)
    master_path: str | None = None  # the master-account variant's path, if Zoom has one
    root: bool = False  # the path is relative to the host (``/scim2/...``), not to ``/v2``

    @property
    def python_name(self) -> str:
        return f"{self.namespace}.{self.method_name}"

    @property
    def module(self) -> str:
        return self.namespace.split(".")[0]

    model_module: str = ""  # where its models live (see model_module())


def model_module(namespace: str, split: set[str]) -> str:
    """The module of a namespace's models, relative to ``aiozoom.models``.

    The Meeting API's namespaces keep one module each (``meetings``); a product whose namespace
    is in ``split`` (one with sub-namespaces) is a package with one module per sub-namespace
    (``phone.call_logs``) and one named after itself for its own operations (``events.events``),
    so a call loads the models of its part of the product, not the whole product's.
    """
    top = namespace.split(".")[0]
    if top not in split:
        return top
    if "." not in namespace:
        return f"{top}.{top}"
    return f"{top}.{namespace.split('.', 1)[1].replace('.', '_')}"


@dataclass
class API:
    operations: list[Operation]
    models: list[Model]
    unpinned: list[str]  # "METHOD path" of the operations named by naming.summary_name
    masters: list[Any] = field(default_factory=list)  # hub.Master, every master-account operation


# -- building ---------------------------------------------------------------------------------


class _Builder:
    def __init__(
        self, doc: JSON, split: set[str] | None = None, legacy: set[str] | None = None
    ) -> None:
        self.doc = doc
        self.split = split or set()  # top-level namespaces whose models are split (model_module)
        # the Meeting API's modules, whose released class names stay; None: no class is shared
        self.legacy = legacy
        self.shapes: dict[tuple[str, str, str], Model] = {}
        self.models: list[Model] = []
        self.used: set[str] = set()
        # (model name, JSON key of a list) -> the name of the list items' model
        self.item_names: dict[tuple[str, str], str] = {}

    # names

    def reserve(self, name: str) -> str:
        candidate, n = name, 2
        while candidate in self.used:
            candidate = f"{name}{n}"
            n += 1
        self.used.add(candidate)
        return candidate

    # types

    def nested_name(self, top: str, path: tuple[str, ...]) -> str:
        """``{top}{path...}`` while short; else the shortest unused ``{top}{tail of path}``."""
        if not path:
            return self.reserve(top)
        full = top + "".join(path)
        if len(full) <= _LONG_NAME and full not in self.used:
            return self.reserve(full)
        for k in range(1, len(path) + 1):
            candidate = top + "".join(path[-k:])
            if candidate not in self.used and len(candidate) <= _MAX_NAME:
                return self.reserve(candidate)
        return self.reserve(top + path[-1])

    def type_for(
        self, schema: Any, top: str, path: tuple[str, ...], kind: str, module: str
    ) -> TypeRef:
        if not isinstance(schema, dict):
            return Prim("Any")
        if spec.is_object(schema):
            flat = spec.flatten(schema)
            if not flat.get("properties"):
                return Free()
            return Ref(self.model(flat, top, path, kind, module))
        branches = schema.get("oneOf") or schema.get("anyOf")
        kind_ = schema.get("type")
        if branches and not kind_:
            members: list[TypeRef] = []
            for branch in branches:
                member = self.type_for(branch, top, path, kind, module)
                if isinstance(member, Prim):
                    member = Prim(member.py)
                if member not in members:
                    members.append(member)
            if Prim("Any") in members:
                return Prim("Any")  # one branch is anything: so is the whole
            return members[0] if len(members) == 1 else OneOf(tuple(members))
        if kind_ == "array":
            return Seq(self.type_for(schema.get("items") or {}, top, path, kind, module))
        enum = tuple(schema.get("enum") or ())
        fmt = schema.get("format")
        if kind_ == "string":
            if fmt == "date-time":
                return DateTime()
            if fmt == "date":
                return Date()
            return Prim("str", enum)
        if kind_ == "integer":
            return Prim("int", enum)
        if kind_ == "number":
            return Prim("float", enum)
        if kind_ == "boolean":
            return Prim("bool")
        return Prim("Any")

    def param_type(self, schema: JSON, module: str) -> TypeRef:
        """A path or query parameter's type: an object is sent as given (a mapping)."""
        if spec.is_object(schema) or spec.is_object(schema.get("items") or {}):
            return Free() if spec.is_object(schema) else Seq(Free())
        return self.type_for(schema, "", (), "request", module)

    def model(self, schema: JSON, top: str, path: tuple[str, ...], kind: str, module: str) -> Model:
        shape: tuple[str, str, str] | None = None
        if path and self.legacy is not None and module.split(".")[0] not in self.legacy:
            # Zoom repeats a nested object inline in many operations: within a module of the
            # newer products, one class serves every identical one (same keys, types and docs).
            shape = (module, kind, json.dumps(schema, sort_keys=True, default=str))
            same = self.shapes.get(shape)
            if same is not None:
                return same
        model = Model(self.nested_name(top, path), module, kind, _model_doc(schema))
        if shape is not None:
            self.shapes[shape] = model
        self.models.append(model)
        required = set(schema.get("required") or ()) if kind == "request" else set()
        taken: set[str] = set()
        for json_name, prop in (schema.get("properties") or {}).items():
            py = naming.identifier(json_name)
            while py in taken:
                py += "_"
            taken.add(py)
            prop = prop if isinstance(prop, dict) else {}
            sub = naming.pascal(json_name)
            if prop.get("type") == "array":
                item = naming.singular(json_name)
                sub = naming.pascal(item) + ("Item" if item == json_name else "")
                if not path and (top, json_name) in self.item_names:
                    sub = "Item"
            ftype = self.type_for(prop, top, (*path, sub), kind, module)
            inner = ftype.item if isinstance(ftype, Seq) else ftype
            if isinstance(inner, Ref) and not inner.model.parent:
                inner.model.parent, inner.model.via = model.name, json_name
            model.fields.append(
                Field(py, json_name, ftype, _field_doc(prop), required=json_name in required)
            )
        return model

    # operations

    def operation(
        self, path: str, method: str, op: JSON, reserved: dict[str, str], name: str
    ) -> Operation:
        operation_id = op["operationId"]
        namespace, _, method_name = name.rpartition(".")
        description = op.get("description", "")
        extensions = op.get("x-extensions") or {}
        result = Operation(
            operation_id=operation_id,
            method=method.upper(),
            path=path,
            tag=(op.get("tags") or [""])[0],
            namespace=namespace,
            method_name=method_name,
            summary=" ".join(op.get("summary", "").split()),
            description=description,
            category=spec.category(description),
            scopes=tuple(extensions.get("x-macro-scopes") or ()) or spec.scopes(description),
            deprecated=bool(op.get("deprecated")),
            product=op.get("x-aiozoom-product", "meetings"),
            granular_scopes=tuple(extensions.get("x-granular-scopes") or ()),
            master_path=op.get("x-aiozoom-master-path"),
            root=bool(op.get("x-aiozoom-root")),
        )
        result.model_module = model_module(result.namespace, self.split)
        module = result.model_module
        self.parameters(result, op)
        self.body(result, op, module, reserved)
        self.response(result, op, module, reserved)
        _unique_keywords(result)
        return result

    def parameters(self, result: Operation, op: JSON) -> None:
        params = op.get("parameters") or []
        by_name = {p["name"]: p for p in params if p.get("in") == "path"}
        for name in re.findall(r"{(\w+)}", result.path):
            p = by_name[name]
            schema = p.get("schema") or {}
            ptype = self.param_type(schema, result.model_module)
            segment = _segment_function(name, ptype)
            result.path_params.append(
                Param(
                    name=name,
                    python=naming.identifier(name),
                    location="path",
                    type=ptype if segment == "path_segment" else _NUMBER_OR_TEXT,
                    required=True,
                    default=NO_DEFAULT,
                    doc=spec.first_paragraph(p.get("description", ""), 300),
                    example=_param_example(schema),
                    segment=segment,
                )
            )
        last = result.path_params[-1] if result.path_params else None
        if (
            last is not None
            and last.name == "userId"
            and len(result.path_params) == 1
            and result.method != "DELETE"
            and (result.path.startswith("/users/{userId}") or _takes_me(by_name["userId"]))
        ):
            last.default = "me"  # the token's own user, as Zoom lets these calls say
        for p in params:
            if p.get("in") == "header":
                result.header_params.append(
                    Param(
                        name=p["name"],
                        python=naming.identifier(p["name"]),
                        location="header",
                        type=Prim("str"),
                        required=bool(p.get("required")),
                        default=NO_DEFAULT,
                        doc=spec.first_paragraph(p.get("description", ""), 300),
                    )
                )
                continue
            if p.get("in") != "query":
                continue
            schema = p.get("schema") or {}
            default = schema.get("default", NO_DEFAULT)
            if default is not NO_DEFAULT and schema.get("enum") and default not in schema["enum"]:
                default = NO_DEFAULT  # a default outside the enum (``""``): Zoom applies its own
            result.query_params.append(
                Param(
                    name=p["name"],
                    python=naming.identifier(p["name"]),
                    location="query",
                    type=self.param_type(schema, result.model_module),
                    required=bool(p.get("required")),
                    default=NO_DEFAULT,  # not sent unless given: Zoom applies its default
                    doc=_with_default(spec.first_paragraph(p.get("description", ""), 300), default),
                    example=_param_example(schema),
                    zoom_default=default,
                )
            )
        self.paging(result, op)

    def paging(self, result: Operation, op: JSON) -> None:
        if result.method != "GET":
            return
        key = f"GET {result.path}"
        if key in ITEMS_KEYS and ITEMS_KEYS[key] is None:
            return  # a record whose parts page, not a list: paged by hand
        names = {p.name for p in result.query_params}
        schema = _json_schema(op, "200")
        answer = set((spec.flatten(schema) if schema else {}).get("properties") or {})
        style = paging_style(names, answer)
        if style is None:
            return
        items_key = ITEMS_KEYS.get(key) or paged_list(result.path, schema)
        if items_key is None:
            return  # no list in the answer: the paging parameters stay plain parameters
        paging, page_params, size_param = style
        result.paging = paging
        result.page_param = next((n for n in page_params if n in names), page_params[0])
        result.items_key = items_key
        size = next((p for p in result.query_params if p.name == size_param), None)
        if size is not None:
            result.size_param = size_param
            size.type = Prim("int")  # a few descriptions say string or number: it counts items
            zoom = size.zoom_default
            if isinstance(zoom, int) and not isinstance(zoom, bool):
                size.default = zoom  # sent: a walk needs to know its page size
            raw = (op_param(op, size_param).get("schema") or {}).get("maximum")
            result.page_size_max = int(raw) if raw is not None else None
            if result.page_size_max is not None:
                size.default = result.page_size_max
        result.query_params = [p for p in result.query_params if p.name not in page_params]

    def body(self, result: Operation, op: JSON, module: str, reserved: dict[str, str]) -> None:
        body = op.get("requestBody")
        if not body:
            return
        content = body.get("content") or {}
        if "multipart/form-data" in content:
            schema = content["multipart/form-data"].get("schema") or {}
            required = set(schema.get("required") or ())
            result.body_kind = "multipart"
            for json_name, prop in (schema.get("properties") or {}).items():
                is_file = json_name in ("file", "pic_file") or prop.get("format") == "binary"
                ftype = Prim("bytes") if is_file else self.param_type(prop, module)
                result.multipart_files.append(
                    Field(
                        naming.identifier(json_name),
                        json_name,
                        ftype,
                        _field_doc(prop),
                        required=json_name in required,
                    )
                )
            return
        schema = (content.get("application/json") or {}).get("schema") or {}
        if schema.get("type") == "array":
            result.body_kind = "array"  # a JSON list: phone numbers, members, settings
            return
        flat = spec.flatten(schema)
        if not flat.get("properties"):
            result.body_kind = "free"
            return
        result.body_kind = "json"
        name = reserved[f"{result.method.lower()} {result.path}:request"]
        self.used.discard(name)
        result.body_model = self.model(flat, name, (), "request", module)
        result.body_fields = result.body_model.fields

    def response(self, result: Operation, op: JSON, module: str, reserved: dict[str, str]) -> None:
        statuses = sorted(int(code) for code in op.get("responses", {}) if code.startswith("2"))
        result.success_statuses = tuple(statuses)
        chosen: JSON | None = None
        for status in statuses:
            if status == 204:
                continue
            content = op["responses"][str(status)].get("content") or {}
            media = content.get("application/json")
            if media is None:
                continue
            chosen = media.get("schema") or {}
            result.success_status = status
            break
        if chosen is None:
            result.response_kind = "none"
            result.success_status = statuses[0] if statuses else 204
            for status in statuses:
                content = op["responses"][str(status)].get("content") or {}
                if status != 204 and content:  # a file: a PDF, a recording, an export
                    result.response_kind = "bytes"
                    result.success_status = status
                    result.response_media = sorted(content)[0]
                    break
            if result.response_kind == "none" and result.method == "GET" and statuses != [204]:
                # a GET that describes no body answers a file (a recording, a fax, an export)
                result.response_kind = "bytes"
                result.response_media = "application/octet-stream"
                result.success_status = 200  # or a redirect to it, which is followed
            return
        result.response_optional = any(s == 204 for s in statuses)
        result.response_schema = chosen
        name = reserved[f"{result.method.lower()} {result.path}:response"]
        if spec.is_object(chosen) and spec.flatten(chosen).get("properties"):
            self.used.discard(name)
            if result.paging and result.items_key:
                self.item_names[(name, result.items_key)] = f"{name}Item"
            ref = self.type_for(chosen, name, (), "response", module)
            result.response_kind = "model"
            result.response_type = ref
            if result.paging and isinstance(ref, Ref):
                items = next(f for f in ref.model.fields if f.json == result.items_key)
                result.items_field = items.name
                result.item_type = items.type.item if isinstance(items.type, Seq) else Prim("Any")
        elif chosen.get("type") == "array":
            self.used.discard(name)
            result.response_kind = "list"
            result.response_type = Seq(
                self.type_for(chosen.get("items") or {}, name, ("Item",), "response", module)
            )
        else:
            result.response_kind = "any"


_NUMBER_OR_TEXT = OneOf((Prim("int"), Prim("str")))
_MEETING_OR_UUID = ("meetingId", "webinarId")  # where not an integer: a number or a UUID


def _segment_function(name: str, ptype: TypeRef) -> str:
    """How a path parameter is written into the path (a function of ``aiozoom.http.paths``).

    An integer (Zoom's meeting and webinar numbers) goes through ``meeting_number``, so the form
    Zoom prints (``"812 3456 7890"``) is accepted and anything but digits is refused. A
    ``meetingId`` or ``webinarId`` described as a string takes a number or a UUID
    (``meeting_id_segment``). Both are annotated ``int | str``. Every other ID is escaped by
    ``path_segment``.
    """
    if ptype == Prim("int"):
        return "meeting_number"
    if name in _MEETING_OR_UUID:
        return "meeting_id_segment"
    return "path_segment"


# Paged answers holding several lists, where the name does not say which one pages: the key of
# the one that does, or None for a record whose parts page (not a list; next_page_token stays a
# parameter of the method).
ITEMS_KEYS: dict[str, str | None] = {
    # "page_size only works for messages"; deleted and edited messages come whole
    "GET /report/chat/sessions/{sessionId}": "messages",
    # a user's call history: the call logs, each with its call elements
    "GET /phone/users/{userId}/call_history": "call_logs",
    # one conversation's analysis: chapters, topics, next steps, ... of one record
    "GET /zra/conversations/{conversationId}/content_analysis": None,
    "GET /iq/conversations/{conversationId}/content_analysis": None,
}

# How Zoom's lists page: (style, the parameters that choose the page, the one that sizes it).
PAGING_STYLES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("token", ("next_page_token", "page_number"), "page_size"),  # most of Zoom
    ("page_number", ("page_number",), "page_size"),  # older lists
    ("page_token", ("pageToken",), "maxResults"),  # Calendar and Mail
    ("index", ("startIndex",), "count"),  # SCIM 2
    ("page", ("page", "page_num"), "page_size"),  # a few others
)


def paging_style(params: set[str], answer: set[str]) -> tuple[str, tuple[str, ...], str] | None:
    """How a GET with these query parameters, answering these keys, pages (``None``: it does
    not). ``next_page_token`` wins where both it and ``page_number`` are offered."""
    for style in PAGING_STYLES:
        paging, page_params, size_param = style
        if not params & set(page_params) or (paging == "token" and page_params[0] not in params):
            continue
        if paging == "page_token" and "nextPageToken" not in answer:
            return None  # one record whose parts page (an email thread): not a list
        if paging == "page" and size_param not in params:
            continue
        return style
    return None


def paged_list(path: str, schema: JSON | None) -> str | None:
    """The key of the list a paged answer holds: its only array, else the array named like the
    path's last word (``/phone/call_logs`` pages over ``call_logs``), else ``items`` (Calendar)
    or ``Resources`` (SCIM 2), else the first array that holds objects. ``None`` when the answer
    holds no list."""
    props = (spec.flatten(schema) if schema else {}).get("properties") or {}
    arrays = [k for k, v in props.items() if isinstance(v, dict) and v.get("type") == "array"]
    if len(arrays) <= 1:
        return arrays[0] if arrays else None
    last = [s for s in path.split("/") if s and not s.startswith("{")][-1]
    for key in arrays:
        if key == last or naming.singular(key) == naming.singular(last):
            return key
    for key in ("items", "Resources"):  # Calendar's and SCIM 2's name for a page's list
        if key in arrays:
            return key
    objects = [k for k in arrays if spec.is_object(props[k].get("items") or {})]
    if len(objects) == 1:
        return objects[0]
    raise ValueError(f"{path}: which of {arrays} is the paged list? (say in ir.ITEMS_KEYS)")


def op_param(op: JSON, name: str) -> JSON:
    for p in op.get("parameters") or []:
        if p.get("name") == name:
            return dict(p)
    return {}


def _json_schema(op: JSON, status: str) -> JSON | None:
    media = ((op.get("responses") or {}).get(status) or {}).get("content", {})
    schema = (media.get("application/json") or {}).get("schema")
    return schema if isinstance(schema, dict) else None


def _param_example(schema: JSON) -> Any:
    if "example" in schema:
        return schema["example"]
    for branch in schema.get("oneOf") or ():
        if "example" in branch:
            return branch["example"]
    if "default" in schema:
        return schema["default"]
    return NO_DEFAULT


def _model_doc(schema: JSON) -> str:
    text = schema.get("description") or schema.get("title") or ""
    doc = spec.first_paragraph(text, 300) if isinstance(text, str) else ""
    shapes = schema.get("x-aiozoom-shapes")
    if shapes:
        note = (
            f"Zoom describes {shapes} shapes for this object (one of them is sent, e.g. per the"
            " ``option`` asked for); this model has the fields of all of them."
        )
        doc = f"{doc}\n\n{note}" if doc else note
    return doc


def _field_doc(schema: JSON) -> str:
    text = schema.get("description") or ""
    doc = spec.first_paragraph(text, 300) if isinstance(text, str) else ""
    values = schema.get("enum") or (schema.get("items") or {}).get("enum")
    if values:
        known = ", ".join(f"``{v!r}``" if isinstance(v, str) else f"``{v}``" for v in values)
        doc = (doc + "\n\n" if doc else "") + f"Known values: {known}."
    return doc


def _stem(namespace: str) -> str:
    return naming.NAMESPACES[namespace][1]


def top_level_names(namespace: str, method_name: str) -> tuple[str, str]:
    """(request model name, response model name) for ``namespace.method_name``."""
    stem = _stem(namespace)
    action = naming.pascal(method_name)
    request = f"{stem}{action}Request"
    if method_name == "get":
        response = stem
    elif method_name.startswith("get_"):
        response = stem + naming.pascal(method_name[4:])
    elif method_name == "list":
        response = f"{stem}List"
    elif method_name.startswith("list_"):
        response = stem + naming.pascal(naming.singular(method_name[5:])) + "List"
    else:
        response = f"{stem}{action}Response"
    return request, response


def _with_default(doc: str, default: Any) -> str:
    """A query parameter's description, saying the default Zoom applies when it is not sent."""
    if default is NO_DEFAULT or default is None:
        return doc
    shown = ("true" if default else "false") if isinstance(default, bool) else repr(default)
    note = f"Zoom's default: ``{shown}``."
    return f"{doc} {note}" if doc else note


def _unique_keywords(op: Operation) -> None:
    """Every argument of the method a name of its own: a query parameter, body field or form
    field named like one before it (Zoom sends ``role_id`` both in the path and the body) gets
    a trailing ``_``."""
    used = {"self", "body", "filename"}

    def claim(name: str) -> str:
        while name in used:
            name += "_"
        used.add(name)
        return name

    for p in [*op.path_params, *op.query_params, *op.header_params]:
        p.python = claim(p.python)
    op.body_kwargs = [claim(f.name) for f in op.body_fields]
    for f in op.multipart_files:
        f.name = claim(f.name)


def _takes_me(param: JSON) -> bool:
    """A ``userId`` parameter whose description says ``me`` names the token's user."""
    text = str(param.get("description") or "")
    return "`me`" in text or "'me'" in text or '"me"' in text or "me value" in text


def _is_collection(method: str, op: JSON) -> bool:
    """A GET that answers a list: it pages, or its answer is an array, or holds one."""
    if method != "get":
        return False
    names = {p.get("name") for p in op.get("parameters") or ()}
    if names & {"next_page_token", "page_number"}:
        return True
    schema = _json_schema(op, "200") or {}
    if schema.get("type") == "array":
        return True
    props = schema.get("properties") or {}
    arrays = [k for k, v in props.items() if isinstance(v, dict) and v.get("type") == "array"]
    return len(arrays) == 1 and len(props) <= 4


def python_names(raw: list[tuple[str, str, JSON]]) -> tuple[dict[tuple[str, str], str], list[str]]:
    """``namespace.method`` of every operation, by (method, path); and the derived ones' keys.

    Released names are pinned: the Meeting API's in ``naming.LEGACY_NAMES``, the others in
    ``names.json``. An operation pinned nowhere (one Zoom added since) is named from its product,
    tag and summary, made unique within its namespace; ``python -m tools.codegen --pin`` pins it.
    """
    names: dict[tuple[str, str], str] = {}
    candidates: dict[str, list[naming.Candidate]] = {}
    pins = naming.pinned_names()
    for path, method, op in raw:
        key = f"{method.upper()} {path}"
        pinned = naming.LEGACY_NAMES.get(key) or pins.get(key)
        if pinned is not None:
            names[(method, path)] = pinned
            continue
        product = op.get("x-aiozoom-product", "meetings")
        tag = (op.get("tags") or [product])[0]
        namespace = naming.tag_namespace(product, tag, path)
        name = naming.summary_name(
            op.get("summary") or op["operationId"],
            method,
            namespace=namespace,
            tag=tag,
            product=product,
            collection=_is_collection(method, op),
        )
        candidates.setdefault(namespace, []).append(
            (f"{method} {path}", name, path, op["operationId"], bool(op.get("deprecated")))
        )
    spaces = {n.rpartition(".")[0] for n in names.values()} | set(candidates)
    for space in list(spaces):
        while "." in space:
            space = space.rpartition(".")[0]
            spaces.add(space)
    derived: list[str] = []
    for namespace in sorted(candidates):
        taken = {n.rpartition(".")[2] for n in names.values() if n.rpartition(".")[0] == namespace}
        taken |= {s.rpartition(".")[2] for s in spaces if s.rpartition(".")[0] == namespace}
        for key, method_name in naming.disambiguate(taken, candidates[namespace]).items():
            method, _, path = key.partition(" ")
            names[(method, path)] = f"{namespace}.{method_name}"
            derived.append(key)
    return names, derived


def build(doc: JSON) -> API:
    """The whole API described by the patched, merged description ``doc`` (see ``hub.load``)."""
    raw: list[tuple[str, str, JSON]] = []
    for path, item in doc["paths"].items():
        for method in spec.METHODS:
            if method in item:
                raw.append((path, method, item[method]))
    names, unpinned = python_names(raw)
    legacy = {name.split(".")[0] for name in naming.LEGACY_NAMES.values()}
    spaces = {name.rpartition(".")[0] for name in names.values()}
    split = {s.split(".")[0] for s in spaces if "." in s} - legacy
    builder = _Builder(doc, split, legacy)
    naming.register_namespaces(
        {name.rpartition(".")[0] for name in names.values()},
        doc.get("x-aiozoom-tags") or {},
        {
            names[(m, p)].rpartition(".")[0]: (
                op.get("x-aiozoom-product", "meetings"),
                (op.get("tags") or [""])[0],
            )
            for p, m, op in raw
        },
    )
    reserved: dict[str, str] = {}
    for path, method, _ in raw:
        namespace, _, method_name = names[(method, path)].rpartition(".")
        request, response = top_level_names(namespace, method_name)
        reserved[f"{method} {path}:request"] = builder.reserve(request)
        reserved[f"{method} {path}:response"] = builder.reserve(response)
    operations = [
        builder.operation(path, method, op, reserved, names[(method, path)])
        for path, method, op in raw
    ]
    seen: dict[str, str] = {}
    for op in operations:
        if op.python_name in seen:
            raise ValueError(f"{op.python_name} names both {seen[op.python_name]} and {op.path}")
        seen[op.python_name] = op.path
    masters = list(doc.get("x-aiozoom-masters") or ())
    return API(operations, builder.models, unpinned, masters)

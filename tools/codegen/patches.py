"""Every correction aiozoom makes to Zoom's OpenAPI description, in one place.

The spec file is never edited: :func:`apply` fixes a parsed copy before generation. Each patch says
what is wrong and why the fix is right. A patch whose defect is no longer there (Zoom fixed it)
is reported by :func:`apply` and does nothing, so a corrected spec keeps generating.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["apply"]

JSON = dict[str, Any]
_METHODS = ("get", "post", "put", "patch", "delete")


def _operations(spec: JSON) -> Iterator[tuple[str, str, JSON]]:
    for path, item in spec["paths"].items():
        for method in _METHODS:
            if method in item:
                yield path, method, item[method]


def _operation(spec: JSON, key: str) -> JSON | None:
    """The operation ``"GET /path"`` (operationIds repeat across Zoom's products)."""
    method, _, path = key.partition(" ")
    found: JSON | None = spec["paths"].get(path, {}).get(method.lower())
    return found


def _schemas(node: Any) -> Iterator[JSON]:
    """Every schema object below ``node`` (properties, items, oneOf/anyOf/allOf branches)."""
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for sub in value.values():
                    yield from _schemas(sub)
            elif key in ("items", "schema", "additionalProperties"):
                yield from _schemas(value)
            elif key in ("oneOf", "anyOf", "allOf") and isinstance(value, list):
                for sub in value:
                    yield from _schemas(sub)
            elif key in ("responses", "content", "requestBody") and isinstance(value, dict):
                for sub in value.values():
                    yield from _schemas(sub)
            elif key == "parameters" and isinstance(value, list):
                for sub in value:
                    yield from _schemas(sub)


def _all_schemas(spec: JSON) -> Iterator[JSON]:
    for _, _, op in _operations(spec):
        yield from _schemas(op)


def _response_schema(op: JSON, status: str = "200") -> JSON:
    schema: JSON = op["responses"][status]["content"]["application/json"]["schema"]
    return schema


# -- patches ----------------------------------------------------------------------------------


def undeclared_path_parameters(spec: JSON) -> bool:
    """Some operations use a ``{name}`` in their path without declaring it as a parameter
    (``/contacts/groups/{groupId}/members``, and a few in other products). Declare each as a
    required string path parameter, as the product's other operations declare the same name."""
    applied = False
    for path, _, op in _operations(spec):
        params = op.setdefault("parameters", [])
        declared = {p.get("name") for p in params if p.get("in") == "path"}
        for name in re.findall(r"{(\w+)}", path):
            if name in declared:
                continue
            params.insert(
                0,
                {
                    "name": name,
                    "in": "path",
                    "required": True,
                    "description": f"The {name}.",
                    "schema": {"type": "string"},
                },
            )
            applied = True
    return applied


def duplicate_enum_values(spec: JSON) -> bool:
    """``GET /meetings/{meetingId}/registrants/{registrantId}`` lists ``status`` as ``approved,
    denied, pending`` twice. Keep each value once, in first-seen order."""
    applied = False
    for schema in _all_schemas(spec):
        values = schema.get("enum")
        if isinstance(values, list):
            unique = list(dict.fromkeys(map(_hashable, values)))
            if len(unique) != len(values):
                schema["enum"] = [v for v, _ in unique]
                applied = True
    return applied


def _hashable(value: Any) -> tuple[Any, str]:
    return (value, type(value).__name__)


def enum_on_array_belongs_to_items(spec: JSON) -> bool:
    """Group settings' ``in_meeting.language_interpretation.languages`` and
    ``unchecked_data_center_regions`` put the enum of their string items on the array itself."""
    applied = False
    for schema in _all_schemas(spec):
        if schema.get("type") == "array" and "enum" in schema:
            items = schema.setdefault("items", {"type": "string"})
            items.setdefault("enum", schema.pop("enum"))
            applied = True
    return applied


def array_example_on_items(spec: JSON) -> bool:
    """Account settings' ``user_modifiable_info_by_admin`` puts a list example on its string
    items. The list is the array's example; each item's example is its first element."""
    applied = False
    for schema in _all_schemas(spec):
        items = schema.get("items")
        if (
            schema.get("type") == "array"
            and isinstance(items, dict)
            and items.get("type") != "array"
            and isinstance(items.get("example"), list)
        ):
            example = items.pop("example")
            schema.setdefault("example", example)
            if example:
                items["example"] = example[0]
            applied = True
    return applied


def recording_meeting_type_is_an_integer(spec: JSON) -> bool:
    """The recordings' meeting ``type`` (``GET /meetings/{meetingId}/recordings`` and each of
    ``GET /users/{userId}/recordings``' meetings) is declared a string, with an integer enum
    (1-9, 99) and the example ``'1'``. The meeting type is an integer everywhere else in the API;
    follow the enum."""
    applied = False
    targets = []
    op = _operation(spec, "GET /meetings/{meetingId}/recordings")
    if op is not None:
        targets.append((_response_schema(op).get("properties") or {}).get("type", {}))
    op = _operation(spec, "GET /users/{userId}/recordings")
    if op is not None:
        meetings = (_response_schema(op).get("properties") or {}).get("meetings", {})
        targets.append(meetings.get("items", {}).get("properties", {}).get("type", {}))
    for schema in targets:
        values = schema.get("enum", [])
        if schema.get("type") == "string" and values and all(isinstance(v, int) for v in values):
            schema["type"] = "integer"
            if isinstance(schema.get("example"), str) and schema["example"].isdigit():
                schema["example"] = int(schema["example"])
            applied = True
    return applied


def telephone_report_type_is_a_string(spec: JSON) -> bool:
    """``GET /report/telephone``'s ``type`` query parameter is a string (default ``"1"``) with an
    integer enum ``[1, 3]`` and the example ``"33"``. Its description names three audio types;
    use them as strings."""
    op = _operation(spec, "GET /report/telephone")
    if op is None:
        return False
    for param in op.get("parameters", []):
        schema = param.get("schema", {})
        if param.get("name") == "type" and any(isinstance(v, int) for v in schema.get("enum", [])):
            schema["enum"] = ["1", "2", "3"]
            schema["example"] = "1"
            return True
    return False


def examples_of_the_wrong_type(spec: JSON) -> bool:
    """A few examples have the wrong JSON type:

    * ``'false'``/``'true'`` for booleans (``userDelete``'s ``transfer_whiteboard``,
      ``webinarPolls``' ``anonymous``, ``getZRProfile``'s default ``regenerate_activation_code``);
    * ``'7220'`` for the number ``file_size`` of recording files;
    * ``2`` for the names and emails of ``analytics_details``;
    * ``true`` for the registration questions' ``title`` (also in two request bodies).

    Convert each to the declared type."""
    applied = False
    for schema in _all_schemas(spec):
        kind = schema.get("type")
        for key in ("example", "default"):
            if key not in schema:
                continue
            fixed = _coerce(schema[key], kind)
            if fixed is not _KEEP:
                schema[key] = fixed
                applied = True
    return applied


_KEEP = object()


def _coerce(value: Any, kind: Any) -> Any:
    if kind == "boolean" and isinstance(value, str) and value in ("true", "false"):
        return value == "true"
    if kind in ("number", "integer") and isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return _KEEP
    if kind == "string" and isinstance(value, bool):
        return "Yes" if value else "No"
    if kind == "string" and isinstance(value, int):
        return str(value)
    return _KEEP


def datetime_format_spelling(spec: JSON) -> bool:
    """Five schemas spell the format ``datetime`` instead of OpenAPI's ``date-time``."""
    applied = False
    for schema in _all_schemas(spec):
        if schema.get("format") == "datetime":
            schema["format"] = "date-time"
            applied = True
    return applied


def property_names_with_spaces(spec: JSON) -> bool:
    """Two property names end with a space (``'description '``, ``'reservation_id '``); Zoom's
    JSON keys do not."""
    applied = False
    for schema in _all_schemas(spec):
        props = schema.get("properties")
        if isinstance(props, dict) and any(k != k.strip() for k in props):
            fixed: JSON = {}
            for key, value in props.items():
                fixed.setdefault(key.strip(), value)
            schema["properties"] = fixed
            applied = True
    return applied


def im_group_create_content_type(spec: JSON) -> bool:
    """``POST /im/groups`` declares its 201 answer with the media type ``new``; it is JSON."""
    op = _operation(spec, "POST /im/groups")
    if op is None:
        return False
    content = op["responses"].get("201", {}).get("content", {})
    if "new" in content:
        content["application/json"] = content.pop("new")
        return True
    return False


def page_size_maximums(spec: JSON) -> bool:
    """Three list endpoints (``dashboardClientFeedbackDetail``, ``reportSignInSignOutActivities``,
    ``listSipPhones``) omit the ``page_size`` maximum; Zoom documents 300 for them, as for the
    other lists of this API."""
    applied = False
    for key in (
        "GET /metrics/client/feedback/{feedbackId}",
        "GET /report/activities",
        "GET /sip_phones/phones",
    ):
        op = _operation(spec, key)
        for param in (op or {}).get("parameters", []):
            if param.get("name") == "page_size" and "maximum" not in param.get("schema", {}):
                param.setdefault("schema", {"type": "integer"})["maximum"] = 300
                applied = True
    return applied


def rate_limit_label_not_a_category(spec: JSON) -> bool:
    """One Quality Management operation (``POST /qm/interactions/...``) gives its rate-limit
    label as `` `1` ``, which is none of Zoom's categories. Drop the label: the category is not
    stated, as for the 22 operations that give none."""
    applied = False
    for _, _, op in _operations(spec):
        text = op.get("description") or ""
        match = re.search(r"\*\*\[Rate Limit Label\]\([^)]*\):?\*\*:?\s*`([^`]+)`", text)
        if match and match.group(1).strip().lower() not in _CATEGORIES:
            op["description"] = text[: match.start()] + text[match.end() :]
            applied = True
    return applied


_CATEGORIES = ("light", "medium", "heavy", "resource-intensive")


PATCHES: tuple[Callable[[JSON], bool], ...] = (
    rate_limit_label_not_a_category,
    undeclared_path_parameters,
    duplicate_enum_values,
    enum_on_array_belongs_to_items,
    array_example_on_items,
    recording_meeting_type_is_an_integer,
    telephone_report_type_is_a_string,
    examples_of_the_wrong_type,
    datetime_format_spelling,
    property_names_with_spaces,
    im_group_create_content_type,
    page_size_maximums,
)


def apply(spec: JSON) -> list[str]:
    """Patch ``spec`` in place; return the names of patches that found nothing to fix."""
    return [patch.__name__ for patch in PATCHES if not patch(spec)]

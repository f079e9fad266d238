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


def date_time_examples_with_short_fractions(spec: JSON) -> bool:
    """A few date-time examples give their fraction of a second in one or two digits
    (``2022-02-01T12:34:12.66Z``); Zoom writes milliseconds, in three. Pad them, so an example
    read into a ``datetime`` and written back is the same text."""
    applied = False
    for schema in _all_schemas(spec):
        example = schema.get("example")
        if schema.get("format") == "date-time" and isinstance(example, str):
            fixed = _SHORT_FRACTION.sub(lambda m: m.group(1) + m.group(2).ljust(3, "0"), example)
            if fixed != example:
                schema["example"] = fixed
                applied = True
    return applied


_SHORT_FRACTION = re.compile(r"(T\d\d:\d\d:\d\d\.)(\d{1,2})(?=\D|$)")


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


def page_size_maximums(spec: JSON) -> bool:
    """Three list endpoints (client feedback details, sign-in/sign-out activities, SIP phones)
    omit the ``page_size`` maximum; Zoom documents 300 for them, as for the
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


def exclusive_page_size_maximum(spec: JSON) -> bool:
    """Quality Management's interactions list marks its ``page_size`` maximum of 100 exclusive
    (at most 99), alone among Zoom's lists: the maximum is the largest page, as everywhere else
    (the generated method asks for pages of 100)."""
    op = _operation(spec, "GET /qm/interactions")
    for param in (op or {}).get("parameters", []):
        schema = param.get("schema") or {}
        if param.get("name") == "page_size" and schema.get("exclusiveMaximum") is True:
            del schema["exclusiveMaximum"]
            return True
    return False


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


def label_parent_id_spelling(spec: JSON) -> bool:
    """``PUT /emails/mailboxes/{email}/labels/{labelId}`` names its body field ``parentld`` (an
    ``l`` for the ``I``), and requires it; creating a label (``POST``) and the label itself say
    ``parentId``. Use ``parentId``; and, as for ``POST``, it is not required: a top-level label
    has no parent."""
    op = _operation(spec, "PUT /emails/mailboxes/{email}/labels/{labelId}")
    schema = (((op or {}).get("requestBody") or {}).get("content") or {}).get(
        "application/json", {}
    ).get("schema") or {}
    props = schema.get("properties") or {}
    if "parentld" not in props:
        return False
    schema["properties"] = {("parentId" if k == "parentld" else k): v for k, v in props.items()}
    schema["required"] = [r for r in schema.get("required") or () if r != "parentld"]
    return True


def information_barrier_policy_id_is_not_sent(spec: JSON) -> bool:
    """Creating or updating an information barrier policy requires, by its description, the
    policy's ``id`` in the body: Zoom assigns it on create and takes it from the path on update.
    It is not required."""
    applied = False
    for key in (
        "POST /information_barriers/policies",
        "PATCH /information_barriers/policies/{policyId}",
    ):
        op = _operation(spec, key)
        schema = (((op or {}).get("requestBody") or {}).get("content") or {}).get(
            "application/json", {}
        ).get("schema") or {}
        if "id" in (schema.get("required") or ()):
            schema["required"] = [r for r in schema["required"] if r != "id"]
            applied = True
    return applied


PATCHES: tuple[Callable[[JSON], bool], ...] = (
    label_parent_id_spelling,
    information_barrier_policy_id_is_not_sent,
    rate_limit_label_not_a_category,
    undeclared_path_parameters,
    duplicate_enum_values,
    enum_on_array_belongs_to_items,
    datetime_format_spelling,
    date_time_examples_with_short_fractions,
    property_names_with_spaces,
    page_size_maximums,
    exclusive_page_size_maximum,
)


def apply(spec: JSON) -> list[str]:
    """Patch ``spec`` in place; return the names of patches that found nothing to fix."""
    return [patch.__name__ for patch in PATCHES if not patch(spec)]

"""What the fake Zoom needs to know of every operation: ``aiozoom/testing/spec_schemas.json``.

One line per operation, keyed ``"METHOD /path"``: the success status, the query and path
parameters, the request body and the success response (their JSON schemas reduced to the keywords
validation and synthesis use), the errors Zoom documents, and the rate-limit category. A
master-account operation that takes and answers what the operation it varies does is written as
``{"same_as": "GET /users"}``. Read at runtime by :mod:`aiozoom.testing._spec`.

The errors come from the responses' prose, where Zoom writes each one as::

    **HTTP Status Code:** `404` <br>
     Not Found

     **Error Code:** `3001` <br>
     Meeting does not exist: {meetingId}. <br>

(several ``**Error Code:**`` blocks may follow one status; the older Meeting API writes its
"error code 200" permission notes on the 200 response itself). Each block gives the response's
status, the code, and the text up to the next block, without ``<br>`` tags; a block whose code is
not an integer (Number Management's ``1002_006``) is left out.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from tools.codegen import hub, patches, render, spec

__all__ = ["SCHEMA_KEYS", "errors", "operation_entry", "reduce_schema", "render_fake_spec"]

JSON = dict[str, Any]

SCHEMA_KEYS = frozenset(
    {
        "type",
        "format",
        "enum",
        "nullable",
        "properties",
        "required",
        "items",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "oneOf",
        "anyOf",
        "allOf",
        "additionalProperties",
        "default",
        "readOnly",
        "writeOnly",
        "example",
    }
)
"""The schema keywords kept; descriptions, titles, ``x-*`` and the rest are dropped."""

_SCALAR = (str, int, float, bool, type(None))

# A block starts at ``**Error Code:**`` (once ``**Response Error Code:**``) and runs to the next
# block or to the next ``**HTTP Status Code:**`` / ``**Status Code:**`` heading.
_ERROR_BLOCK = re.compile(
    r"\*\*(?:Response )?Error Code:?\*\*:?\s*`([^`]*)`(.*?)"
    r"(?=\*\*(?:Response )?Error Code:?\*\*|\*\*(?:HTTP )?Status Code:?\*\*|\Z)",
    re.DOTALL,
)
_BR = re.compile(r"<\s*/?\s*br\s*/?\s*>", re.IGNORECASE)
_INTEGER = re.compile(r"-?\d+")


def reduce_schema(schema: Any) -> JSON:
    """``schema`` with only :data:`SCHEMA_KEYS`, recursively; ``example`` only when a scalar,
    and not for a file (``format: binary``).

    Keywords are written in sorted order; ``properties`` keep the description's order (the order
    Zoom answers in).
    """
    if not isinstance(schema, dict):
        return {}
    out: JSON = {}
    for key in sorted(schema):
        if key not in SCHEMA_KEYS:
            continue
        value = schema[key]
        if key == "properties":
            if not isinstance(value, dict):
                continue
            value = {name: reduce_schema(sub) for name, sub in value.items()}
        elif key == "items":
            value = reduce_schema(value)
        elif key in ("oneOf", "anyOf", "allOf"):
            if not isinstance(value, list):
                continue
            value = [reduce_schema(sub) for sub in value]
        elif key == "additionalProperties" and isinstance(value, dict):
            value = reduce_schema(value)
        elif key == "example" and (
            not isinstance(value, _SCALAR) or schema.get("format") == "binary"
        ):
            continue  # a file's example is its content (2 MB of base64 for one upload)
        out[key] = value
    return out


def _message(text: str) -> str:
    text = _BR.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def errors(op: JSON) -> list[list[Any]]:
    """``[status, code, message]`` of every error the operation's responses document, in order."""
    found: list[list[Any]] = []
    for status, response in (op.get("responses") or {}).items():
        if not str(status).isdigit() or not isinstance(response, dict):
            continue
        description = response.get("description") or ""
        for match in _ERROR_BLOCK.finditer(description):
            code = match.group(1).strip()
            if not _INTEGER.fullmatch(code):
                continue
            found.append([int(status), int(code), _message(match.group(2))])
    return found


def _success_status(op: JSON) -> int:
    """The lowest documented 2xx status (one with a body first: ``POST /im/groups`` documents
    a 200 that is only a note on an error, and answers 201); 200 if none is documented."""
    responses = op.get("responses") or {}
    statuses = sorted(int(s) for s in responses if str(s).isdigit() and str(s).startswith("2"))
    # a 2xx that is only a note on an error (``DELETE /roles/{roleId}``'s 200: "Error Code 200,
    # Role not found") is not the success when another 2xx is documented
    notes = [s for s in statuses if _error_note(responses[str(s)])]
    if len(notes) < len(statuses):
        statuses = [s for s in statuses if s not in notes]
    with_body = [s for s in statuses if (responses[str(s)] or {}).get("content")]
    if with_body:
        return with_body[0]
    return statuses[0] if statuses else 200


def _error_note(response: Any) -> bool:
    description = str((response or {}).get("description") or "").lstrip()
    return description.startswith("**Error Code:**")


def _parameters(op: JSON, location: str) -> JSON:
    found: JSON = {}
    for param in op.get("parameters") or ():
        if param.get("in") != location or param.get("name") in found:
            continue
        entry: JSON = {"schema": reduce_schema(param.get("schema") or {})}
        if location == "query":
            entry["required"] = bool(param.get("required"))
        found[param["name"]] = entry
    return dict(sorted(found.items()))


def _body(op: JSON) -> JSON | None:
    """The first media type of the request body and its schema. ``required`` is the
    description's, where it says; Zoom's never do, so otherwise: the schema requires fields."""
    body = op.get("requestBody")
    if not isinstance(body, dict):
        return None
    content = {k: v for k, v in (body.get("content") or {}).items() if k != "undefined"}
    if not content:  # a description only, or Calendar's quickAdd ("not to supply a body")
        return None
    media = next(iter(content))
    schema = reduce_schema((content[media] or {}).get("schema") or {})
    required = body.get("required", bool(schema.get("required")))
    return {"media": media, "schema": schema, "required": bool(required)}


def _response(op: JSON, status: int) -> JSON | None:
    content = ((op.get("responses") or {}).get(str(status)) or {}).get("content") or {}
    if not content:
        return None
    media = next(iter(content))
    return {"media": media, "schema": reduce_schema((content[media] or {}).get("schema") or {})}


def operation_entry(op: JSON) -> JSON:
    """One operation's entry (see the module docstring); empty parts are left out."""
    status = _success_status(op)
    entry: JSON = {"status": status}
    for location in ("query", "path"):
        params = _parameters(op, location)
        if params:
            entry[location] = params
    body = _body(op)
    if body is not None:
        entry["body"] = body
    response = _response(op, status)
    if response is not None:
        entry["response"] = response
    found = errors(op)
    if found:
        entry["errors"] = found
    category = spec.category(op.get("description") or "")
    if category is not None:
        entry["category"] = category
    return entry


def _patched(master: hub.Master) -> JSON:
    """A patched copy of a master-account operation: the patches apply to it both as the
    operation it varies (those that name operations) and under its own path."""
    op = copy.deepcopy(master.operation)
    paths = [master.regular[1]] if master.regular is not None else []
    for path in [*paths, master.path]:
        patches.apply({"paths": {path: {master.method.lower(): op}}})
    return op


def _same(master: JSON, regular: JSON) -> bool:
    """Whether a master-account entry answers like the regular one: same status, category,
    parameters (but ``accountId``), body, response and errors."""
    own = dict(master)
    path = {k: v for k, v in (own.pop("path", None) or {}).items() if k != "accountId"}
    if path:
        own["path"] = path
    return own == regular


def render_fake_spec(doc: JSON) -> str:
    """``spec_schemas.json``: the ``_generated`` marker, then one line per operation."""
    out: dict[str, JSON] = {}
    for path, item in doc["paths"].items():
        for method in spec.METHODS:
            if method in item:
                out[f"{method.upper()} {path}"] = operation_entry(item[method])
    for master in doc["x-aiozoom-masters"]:
        key = f"{master.method} {master.path}"
        if master.regular is None or key in out:
            continue  # master-only (already in doc["paths"]), or the operation itself
        regular = f"{master.regular[0].upper()} {master.regular[1]}"
        entry = operation_entry(_patched(master))
        out[key] = {"same_as": regular} if _same(entry, out[regular]) else entry
    lines = [f'{{"_generated":{json.dumps(render.MARKER)},']
    items = list(out.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        lines.append(f"{json.dumps(key, ensure_ascii=False)}:{text}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"

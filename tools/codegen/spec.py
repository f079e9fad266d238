"""Reading Zoom's OpenAPI description: loading, prose fields, and examples built from schemas.

Zoom writes its schemas inline and puts an ``example`` on (almost) every leaf; a response example is
assembled from those leaves. Scopes and the rate-limit category live in each operation's markdown
``description``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

__all__ = [
    "METHODS",
    "build_example",
    "category",
    "clean_text",
    "first_paragraph",
    "load",
    "merge_object_schemas",
    "scopes",
]

JSON = dict[str, Any]
METHODS = ("get", "post", "put", "patch", "delete")
CATEGORIES = ("Light", "Medium", "Heavy", "Resource-intensive")

_RATE_LIMIT = re.compile(r"Rate Limit Label\]\([^)]*\):?\**:?\s*`([^`]+)`", re.IGNORECASE)
_SCOPES_LINE = re.compile(r"\*{0,2}Scopes?\*{0,2}\s*:\s*\*{0,2}(.*)", re.IGNORECASE)
_SCOPE = re.compile(r"[a-z_]+(?::[a-z_]+)+")


def load(path: Path) -> JSON:
    data: JSON = json.loads(path.read_text(encoding="utf-8"))
    return data


def category(description: str) -> str | None:
    """The rate-limit category named by ``**[Rate Limit Label](...):** `Medium` ``."""
    match = _RATE_LIMIT.search(description)
    if not match:
        return None
    label = match.group(1).strip()
    for known in CATEGORIES:
        if label.lower() == known.lower():
            return known
    raise ValueError(f"unknown rate-limit category {label!r}")


def scopes(description: str) -> tuple[str, ...]:
    """The OAuth scopes listed on the description's ``**Scopes:**`` line, in order."""
    found: list[str] = []
    for line in description.splitlines():
        match = _SCOPES_LINE.search(line)
        if not match:
            continue
        text = re.split(r"Rate Limit", match.group(1), maxsplit=1)[0]
        for scope in _SCOPE.findall(text):
            if scope not in found:
                found.append(scope)
    return tuple(found)


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")


def clean_text(text: str) -> str:
    """Markdown/HTML prose as plain text: links become their words, tags line breaks."""
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"<br\s*/?>|</br>|</?p>", "\n", text, flags=re.IGNORECASE)
    text = _TAG.sub("", text)
    text = text.replace("\u00a0", " ").replace("**", "")
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line.strip())
    return "\n".join(out).strip()


def first_paragraph(text: str, limit: int = 400) -> str:
    """The description's first paragraph (bullet lists included), shortened to ``limit``."""
    cleaned = clean_text(text)
    paragraph = cleaned.split("\n\n", 1)[0].strip()
    if len(paragraph) > limit:
        cut = paragraph[:limit].rsplit(" ", 1)[0]
        paragraph = cut.rstrip(",;:") + " ..."
    return paragraph


def merge_object_schemas(branches: list[JSON]) -> JSON:
    """One object schema with the properties of every ``oneOf`` branch (first wins on conflict,
    nested objects merged), so a model can hold whichever shape Zoom answers with."""
    merged: JSON = {"type": "object", "properties": {}}
    props: JSON = merged["properties"]
    for branch in branches:
        branch = flatten(branch)
        for name, prop in (branch.get("properties") or {}).items():
            if name not in props:
                props[name] = prop
                continue
            old = flatten(props[name])
            new = flatten(prop)
            if is_object(old) and is_object(new):
                props[name] = merge_object_schemas([old, new])
            elif old.get("type") != new.get("type"):
                props[name] = {"description": old.get("description", "")}
    return merged


def flatten(schema: JSON) -> JSON:
    """A ``oneOf``/``anyOf`` of objects as one merged object; any other schema unchanged."""
    for key in ("oneOf", "anyOf", "allOf"):
        branches = schema.get(key)
        if branches and all(is_object(b) for b in branches):
            merged = merge_object_schemas(branches)
            merged["x-aiozoom-shapes"] = len(branches)
            for prop, value in (schema.get("properties") or {}).items():
                merged["properties"].setdefault(prop, value)
            if "description" in schema:
                merged["description"] = schema["description"]
            return merged
    return schema


def is_object(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    if schema.get("type") == "object" or "properties" in schema:
        return True
    branches = schema.get("oneOf") or schema.get("anyOf") or schema.get("allOf")
    return bool(branches) and all(is_object(b) for b in branches)


_NO_EXAMPLE = object()


def build_example(schema: JSON) -> Any:
    """The JSON value the schema's ``example``s describe (``_NO_EXAMPLE`` marker if none)."""
    if "example" in schema and (schema.get("type") in ("object", "array") or not is_object(schema)):
        return schema["example"]
    if is_object(schema):
        schema = flatten(schema)
        out: JSON = {}
        for name, prop in (schema.get("properties") or {}).items():
            value = build_example(prop)
            if value is not _NO_EXAMPLE:
                out[name] = value
        return out if out else _NO_EXAMPLE
    if schema.get("type") == "array":
        item = build_example(schema.get("items") or {})
        return _NO_EXAMPLE if item is _NO_EXAMPLE else [item]
    return _NO_EXAMPLE


def examples(schema: JSON) -> list[Any]:
    """One example per ``oneOf`` branch of a top-level schema (one in all for other schemas)."""
    branches = schema.get("oneOf")
    if branches and all(is_object(b) for b in branches):
        found = [build_example(b) for b in branches]
    else:
        found = [build_example(schema)]
    found = [e for e in found if e is not _NO_EXAMPLE]
    if not found and is_object(schema):
        found = [{}]  # an object Zoom gives no example for: its fields are all optional
    return found

"""Check values against Zoom's OpenAPI schemas, and make up values that fit them.

The fake Zoom server uses these pure functions to answer as Zoom does: :func:`validate` lists every
way a request body or query parameter breaks its schema (as Zoom's ``400`` error bodies do, one
``(field, message)`` per problem), :func:`query_value` reads a query string value as the type its
schema declares, and :func:`synthesize` builds a deterministic response body that is valid
against a response schema.

The schemas are the inline OpenAPI 3.0 schemas of Zoom's API Hub descriptions (no ``$ref``), read
the way Zoom answers rather than to the letter: unknown request fields are ignored, ``readOnly``
fields may be echoed back, and a few recurring defects of the descriptions are tolerated (integer
enums on string fields, an ``enum`` on an array that lists its items' values, an ``anyOf`` member
typed ``object`` under a string, a ``required`` name the schema never declares, a date layout such
as ``YYYY-MM-DDTHH:MM:SSZ`` given as ``pattern``). Nothing here raises on a strange schema or
value, and nothing recurses deeper than 50 levels.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Final, TypeGuard

__all__ = ["FieldError", "query_value", "synthesize", "validate"]

FieldError = tuple[str, str]
"""``(field, message)``: ``("settings.host_video", "must be a boolean")``."""

Schema = Mapping[str, Any]

_MAX_DEPTH: Final = 50
_MAX_ITEMS: Final = 1000  # the most items synthesize puts in an array, whatever minItems says
_TYPE_NAMES: Final = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "array": "an array",
    "object": "an object",
    "null": "null",
}
_SCALAR_TYPES: Final = ("string", "integer", "number", "boolean")
_BRANCHES: Final = ("oneOf", "anyOf")
_SAMPLES: Final = {
    "date-time": "2026-01-01T00:00:00Z",
    "datetime": "2026-01-01T00:00:00Z",
    "date": "2026-01-01",
    "YYYY-MM-DD": "2026-01-01",
    "email": "user@example.org",
    "uri": "https://example.org/",
    "url": "https://example.org/",
}
_PATTERN_FALLBACKS: Final = ("a", "A1", "1", "abc123", "")
_INTEGER_TEXT: Final = re.compile(r"[+-]?\d+", re.ASCII)
_NUMBER_TEXT: Final = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_DATE_TIME_START: Final = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}", re.ASCII)
_DATE_TEXT: Final = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_REGEX_SYNTAX: Final = frozenset("^$*+?()[]{}|\\")


# -- validation -------------------------------------------------------------------------------


def validate(value: Any, schema: Mapping[str, Any], *, field: str = "") -> list[FieldError]:
    """Every way ``value`` breaks ``schema`` (empty list: valid), each as ``(field, message)``.

    ``field`` names ``value`` itself (``""`` for a whole body); nested properties are joined with
    ``.`` and array items written ``[i]``: ``("registrants[2].email", "is required")``.
    """
    return list(dict.fromkeys(_check(value, schema, field, 0)))


def _check(value: Any, schema: Any, field: str, depth: int) -> list[FieldError]:
    if depth > _MAX_DEPTH or not isinstance(schema, Mapping):
        return []
    if value is None and _allows_null(schema):
        return []
    kinds = _types(schema)
    if kinds is not None and not any(_is_type(value, kind) for kind in kinds):
        return [(field, _type_message(value, kinds))]
    return [
        *_enum_errors(value, schema, field),
        *_number_errors(value, schema, field),
        *_string_errors(value, schema, field),
        *_array_errors(value, schema, field, depth),
        *_object_errors(value, schema, field, depth),
        *_combined_errors(value, schema, field, depth),
    ]


def _types(schema: Schema) -> tuple[str, ...] | None:
    """The JSON types ``schema`` allows (``None``: any, as for a type this module does not know)."""
    kind = schema.get("type")
    if kind is None:
        return ("object",) if isinstance(schema.get("properties"), Mapping) else None
    kinds = tuple(kind) if isinstance(kind, list) else (kind,)
    if not kinds or not all(isinstance(k, str) and k in _TYPE_NAMES for k in kinds):
        return None
    return kinds


def _is_type(value: Any, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return _is_number(value)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, Mapping)
    return value is None


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _allows_null(schema: Schema) -> bool:
    kinds = _types(schema)
    return schema.get("nullable") is True or (kinds is not None and "null" in kinds)


def _type_message(value: Any, kinds: tuple[str, ...]) -> str:
    if value is None:
        return "must not be null"
    return "must be " + " or ".join(_TYPE_NAMES[kind] for kind in kinds)


def _enum_errors(value: Any, schema: Schema, field: str) -> list[FieldError]:
    allowed = schema.get("enum")
    if not isinstance(allowed, list) or not allowed or _enum_lists_items(schema):
        return []
    same = _loosely_equal if _enum_disagrees_with_type(schema) else _equal
    if any(same(value, option) for option in allowed):
        return []
    return [(field, "must be one of the allowed values")]


def _enum_lists_items(schema: Schema) -> bool:
    """Zoom puts some arrays' item values in an ``enum`` on the array itself."""
    allowed = schema.get("enum")
    return (
        schema.get("type") == "array"
        and isinstance(allowed, list)
        and not any(isinstance(option, list | Mapping) for option in allowed)
    )


def _enum_disagrees_with_type(schema: Schema) -> bool:
    """Whether the enum's values are not all of the declared type (``1`` on a string field)."""
    kind = schema.get("type")
    if kind is None:
        return False
    if not isinstance(kind, str) or kind not in _TYPE_NAMES:
        return True
    return any(not _is_type(option, kind) for option in schema["enum"] if option is not None)


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _is_number(a) and _is_number(b):
        return bool(a == b)
    return type(a) is type(b) and bool(a == b)


def _loosely_equal(a: Any, b: Any) -> bool:
    """Equal, or the same text (``1`` and ``"1"``)."""
    text_a, text_b = _scalar_text(a), _scalar_text(b)
    return _equal(a, b) or (text_a is not None and text_a == text_b)


def _scalar_text(value: Any) -> str | None:
    return str(value) if isinstance(value, str) or _is_number(value) else None


def _number_errors(value: Any, schema: Schema, field: str) -> list[FieldError]:
    if not _is_number(value):
        return []
    errors = []
    for limit, exclusive in _lower_bounds(schema):
        if value < limit or (exclusive and value == limit):
            word = "greater than" if exclusive else "at least"
            errors.append((field, f"must be {word} {_show(limit)}"))
    for limit, exclusive in _upper_bounds(schema):
        if value > limit or (exclusive and value == limit):
            word = "less than" if exclusive else "at most"
            errors.append((field, f"must be {word} {_show(limit)}"))
    return errors


def _lower_bounds(schema: Schema) -> list[tuple[float, bool]]:
    return _bounds(schema, "minimum", "exclusiveMinimum")


def _upper_bounds(schema: Schema) -> list[tuple[float, bool]]:
    return _bounds(schema, "maximum", "exclusiveMaximum")


def _bounds(schema: Schema, plain: str, exclusive: str) -> list[tuple[float, bool]]:
    """``(limit, exclusive)`` pairs: OpenAPI 3.0's boolean ``exclusive*`` and 3.1's numbers."""
    limit, flag = schema.get(plain), schema.get(exclusive)
    found: list[tuple[float, bool]] = []
    if _is_number(limit) and limit == limit:  # not NaN
        found.append((limit, flag is True))
    if _is_number(flag) and flag == flag:
        found.append((flag, True))
    return found


def _show(limit: float) -> str:
    return str(int(limit)) if isinstance(limit, float) and limit.is_integer() else str(limit)


def _string_errors(value: Any, schema: Schema, field: str) -> list[FieldError]:
    if not isinstance(value, str):
        return []
    errors = []
    shortest, longest = _count(schema, "minLength"), _count(schema, "maxLength")
    if shortest is not None and len(value) < shortest:
        errors.append((field, f"must be at least {shortest} characters"))
    if longest is not None and len(value) > longest:
        errors.append((field, f"must be at most {longest} characters"))
    pattern = _pattern(schema)
    if pattern is not None and not pattern.search(value):
        errors.append((field, "does not match the required pattern"))
    fmt = schema.get("format")
    check = _FORMATS.get(fmt) if isinstance(fmt, str) else None
    if check is not None and not check[0](value):
        errors.append((field, check[1]))
    return errors


def _count(schema: Schema, key: str) -> int | None:
    number = schema.get(key)
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def _pattern(schema: Schema) -> re.Pattern[str] | None:
    text = schema.get("pattern")
    return _compiled(text) if isinstance(text, str) else None


@lru_cache(maxsize=256)
def _compiled(text: str) -> re.Pattern[str] | None:
    """``text`` as a regular expression; ``None`` for one that does not compile, or for a date
    layout written where a pattern belongs (``YYYY-MM-DDTHH:MM:SSZ``)."""
    if "yyyy" in text.lower() and not _REGEX_SYNTAX.intersection(text):
        return None
    try:
        return re.compile(text)
    except (re.error, OverflowError, RecursionError, ValueError):
        return None


def _is_date_time(text: str) -> bool:
    if not _DATE_TIME_START.match(text):
        return False
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_date(text: str) -> bool:
    if not _DATE_TEXT.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_email(text: str) -> bool:
    local, at, domain = text.partition("@")
    spaced = any(c.isspace() for c in text)
    return bool(at and local and domain) and "@" not in domain and not spaced


_FORMATS: Final[dict[str, tuple[Callable[[str], bool], str]]] = {
    "date-time": (_is_date_time, "must be a valid date-time"),
    "date": (_is_date, "must be a valid date"),
    "email": (_is_email, "must be a valid email address"),
}


def _array_errors(value: Any, schema: Schema, field: str, depth: int) -> list[FieldError]:
    if not isinstance(value, list):
        return []
    errors = []
    fewest, most = _count(schema, "minItems"), _count(schema, "maxItems")
    if fewest is not None and len(value) < fewest:
        errors.append((field, f"must have at least {fewest} items"))
    if most is not None and len(value) > most:
        errors.append((field, f"must have at most {most} items"))
    items = _items(schema)
    for index, item in enumerate(value):
        errors.extend(_check(item, items, f"{field}[{index}]", depth + 1))
    return errors


def _items(schema: Schema) -> Schema:
    """The items' schema, with the values of an ``enum`` given on the array itself."""
    items = schema.get("items")
    items = items if isinstance(items, Mapping) else {}
    if _enum_lists_items(schema) and "enum" not in items:
        return {**items, "enum": schema["enum"]}
    return items


def _object_errors(value: Any, schema: Schema, field: str, depth: int) -> list[FieldError]:
    if not isinstance(value, Mapping):
        return []
    errors = [
        (_join(field, name), "is required")
        for name in _required(schema, depth)
        if name not in value
    ]
    properties = _properties(schema)
    for name, sub in properties.items():
        if name in value and not _read_only(sub):
            errors.extend(_check(value[name], sub, _join(field, name), depth + 1))
    extra = schema.get("additionalProperties")
    if isinstance(extra, Mapping):
        declared = _declared(schema, depth)
        for name, item in value.items():
            if name not in declared:
                errors.extend(_check(item, extra, _join(field, str(name)), depth + 1))
    return errors


def _properties(schema: Schema) -> Mapping[str, Any]:
    properties = schema.get("properties")
    return properties if isinstance(properties, Mapping) else {}


def _required(schema: Schema, depth: int) -> list[str]:
    """The names ``schema`` requires, less ``readOnly`` ones and, when it declares properties,
    names it never declares (Zoom's descriptions require a few fields they do not define)."""
    names = schema.get("required")
    if not isinstance(names, list):
        return []
    declared = _declared(schema, depth)
    return [
        name
        for name in names
        if isinstance(name, str)
        and (not declared or name in declared)
        and not _read_only(declared.get(name))
    ]


def _declared(schema: Schema, depth: int) -> dict[str, Any]:
    """The properties of ``schema`` and of its ``allOf``/``oneOf``/``anyOf`` members."""
    found = dict(_properties(schema))
    if depth > _MAX_DEPTH:
        return found
    for key in ("allOf", *_BRANCHES):
        for member in _members(schema, key):
            for name, sub in _declared(member, depth + 1).items():
                found.setdefault(name, sub)
    return found


def _read_only(schema: Any) -> bool:
    return isinstance(schema, Mapping) and schema.get("readOnly") is True


def _join(field: str, name: str) -> str:
    return f"{field}.{name}" if field else name


def _combined_errors(value: Any, schema: Schema, field: str, depth: int) -> list[FieldError]:
    errors = []
    for member in _members(schema, "allOf"):
        errors.extend(_check(value, member, field, depth + 1))
    for key in _BRANCHES:
        members = _members(schema, key)
        if members:
            errors.extend(_any_errors(value, members, field, depth))
    return errors


def _members(schema: Schema, key: str) -> list[Schema]:
    """The members of ``schema[key]``; a member whose type contradicts the parent's takes the
    parent's (``GET /archive_files`` types a date-time string's ``anyOf`` member ``object``)."""
    members = schema.get(key)
    if not isinstance(members, list):
        return []
    parent = schema.get("type")
    found: list[Schema] = []
    for member in members:
        if not isinstance(member, Mapping):
            continue
        kind = member.get("type")
        if _known(parent) and _known(kind) and kind != parent and "null" not in (kind, parent):
            member = {**member, "type": parent}
        found.append(member)
    return found


def _known(kind: Any) -> bool:
    return isinstance(kind, str) and kind in _TYPE_NAMES


def _any_errors(value: Any, members: list[Schema], field: str, depth: int) -> list[FieldError]:
    """Valid when one member is; otherwise the errors of the closest member of the same type."""
    results = [_check(value, member, field, depth + 1) for member in members]
    if any(not errors for errors in results):
        return []
    alike = [
        errors
        for member, errors in zip(members, results, strict=True)
        if (kinds := _types(member)) is None or any(_is_type(value, kind) for kind in kinds)
    ]
    if not alike:
        return [(field, "matches none of the allowed shapes")]
    return min(alike, key=len)


# -- query parameters -------------------------------------------------------------------------


def query_value(raw: str, schema: Mapping[str, Any]) -> Any:
    """A query string value converted to the type ``schema`` declares.

    ``"10"`` is ``10`` for an integer, ``"true"``/``"false"`` a bool for a boolean, ``"1.5"``
    ``1.5`` for a number, and ``"a,b"`` ``["a", "b"]`` for an array of scalars (each item
    converted); a value that does not convert is returned unchanged, for :func:`validate` to report.
    """
    if not isinstance(raw, str) or not isinstance(schema, Mapping):
        return raw
    kinds = _types(schema)
    if kinds is None:
        return _branch_value(raw, schema)
    kind = next((k for k in kinds if k != "null"), "null")
    try:
        return _converted(raw, kind, schema)
    except (ValueError, OverflowError):  # digits past int's limit
        return raw


def _converted(raw: str, kind: str, schema: Schema) -> Any:
    text = raw.strip()
    if kind == "integer" and _INTEGER_TEXT.fullmatch(text):
        return int(text)
    if kind == "number" and _INTEGER_TEXT.fullmatch(text):
        return int(text)
    if kind == "number" and _NUMBER_TEXT.fullmatch(text) and math.isfinite(float(text)):
        return float(text)
    if kind == "boolean" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    if kind == "array":
        return _array_value(raw, _items(schema))
    return raw


def _array_value(raw: str, items: Schema) -> Any:
    kinds = _types(items)
    if kinds is not None and ("array" in kinds or "object" in kinds):
        return raw
    if not raw.strip():
        return []
    return [query_value(part.strip(), items) for part in raw.split(",")]


def _branch_value(raw: str, schema: Schema) -> Any:
    """For a ``oneOf``/``anyOf`` without a type: the first member's reading that fits it."""
    for key in _BRANCHES:
        for member in _members(schema, key):
            value = query_value(raw, member)
            if not _check(value, member, "", 1):
                return value
    return raw


# -- synthesis --------------------------------------------------------------------------------


def synthesize(
    schema: Mapping[str, Any], *, field: str = "", values: Mapping[str, Any] | None = None
) -> Any:
    """A deterministic value valid against ``schema``, complete with every property it declares.

    ``values`` maps property names to the values to use wherever a property of that name
    appears, at any depth, when valid for that property's schema:
    ``{"id": "abc", "email": "a@example.org"}``.
    ``field`` names the value; when its last name is in ``values`` that value is used too.
    """
    given = values or {}
    name = re.sub(r"\[\d+\]$", "", field).rpartition(".")[2]
    return _property_value(name, schema, field, given, 0)


def _property_value(
    name: str, schema: Any, field: str, values: Mapping[str, Any], depth: int
) -> Any:
    if name in values and not _check(values[name], schema, field, depth):
        return values[name]
    return _synth(schema, field, values, depth)


def _synth(schema: Any, field: str, values: Mapping[str, Any], depth: int) -> Any:
    if depth > _MAX_DEPTH or not isinstance(schema, Mapping):
        return None
    schema = _flattened(schema, depth)
    for key in _BRANCHES:
        members = _members(schema, key)
        if members:
            return _synth_branch(schema, key, members, field, values, depth)
    for candidate in _given(schema):
        if not _check(candidate, schema, field, depth):
            return candidate
    kinds = _types(schema)
    if kinds is None:
        return None
    kind = next((k for k in kinds if k != "null"), "null")
    if kind == "object":
        return _synth_object(schema, field, values, depth)
    if kind == "array":
        return _synth_array(schema, field, values, depth)
    return _first_valid(_scalars(kind, schema), schema, field, depth)


def _flattened(schema: Schema, depth: int) -> Schema:
    """``schema`` with its ``allOf`` members merged into it."""
    members = _members(schema, "allOf")
    if not members:
        return schema
    merged: Schema = {k: v for k, v in schema.items() if k != "allOf"}
    for member in members:
        merged = _merge(merged, _flattened(member, depth + 1))
    return merged


def _merge(base: Schema, extra: Schema) -> Schema:
    """One schema for both: properties and required names joined, ``base`` winning elsewhere."""
    merged = {**extra, **base}
    properties = dict(_properties(base))
    for name, sub in _properties(extra).items():
        properties[name] = {"allOf": [properties[name], sub]} if name in properties else sub
    if properties:
        merged["properties"] = properties
    required = [*_names(base.get("required")), *_names(extra.get("required"))]
    if required:
        merged["required"] = list(dict.fromkeys(required))
    return merged


def _names(names: Any) -> list[str]:
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def _synth_branch(
    schema: Schema,
    key: str,
    members: list[Schema],
    field: str,
    values: Mapping[str, Any],
    depth: int,
) -> Any:
    """The first member (with the rest of ``schema``) whose value is valid against ``schema``."""
    rest = {k: v for k, v in schema.items() if k != key}
    first: list[Any] = []
    for member in members:
        value = _synth(_merge(rest, member), field, values, depth + 1)
        if not _check(value, schema, field, depth):
            return value
        first = first or [value]
    return first[0]


def _given(schema: Schema) -> Iterator[Any]:
    """The values ``schema`` names itself: its example, its default, its enum's values (as the
    declared type, too, when the enum disagrees with it)."""
    for key in ("example", "default"):
        if key in schema and not isinstance(schema[key], list | Mapping):
            yield schema[key]
    allowed = schema.get("enum")
    if not isinstance(allowed, list):
        return
    kind = schema.get("type")
    for option in allowed:
        yield option
        if kind in _SCALAR_TYPES and isinstance(option, str | int | float):
            yield query_value(str(option), {"type": kind})


def _scalars(kind: str, schema: Schema) -> list[Any]:
    if kind == "string":
        return _strings(schema)
    if kind == "integer":
        return _integers(schema)
    if kind == "number":
        return _numbers(schema)
    if kind == "boolean":
        return [False, True]
    return [None]


def _first_valid(candidates: list[Any], schema: Schema, field: str, depth: int) -> Any:
    for candidate in candidates:
        if not _check(candidate, schema, field, depth):
            return candidate
    return candidates[0]


def _strings(schema: Schema) -> list[str]:
    fmt = schema.get("format")
    sample = _SAMPLES.get(fmt) if isinstance(fmt, str) else None
    bases = [sample] if sample else []
    bases += ["string", *_PATTERN_FALLBACKS]
    shortest = _count(schema, "minLength") or 0
    longest = _count(schema, "maxLength")
    return [_sized(base, shortest, longest) for base in bases]


def _sized(text: str, shortest: int, longest: int | None) -> str:
    if len(text) < shortest:
        text += "x" * min(shortest - len(text), 100_000)
    return text[:longest] if longest is not None and longest >= 0 else text


def _integers(schema: Schema) -> list[int]:
    candidates = [1]
    for limit, exclusive in _lower_bounds(schema):
        if math.isfinite(limit):
            low = math.ceil(limit)
            candidates.append(low + 1 if exclusive and low == limit else low)
    for limit, exclusive in _upper_bounds(schema):
        if math.isfinite(limit):
            high = math.floor(limit)
            candidates.append(high - 1 if exclusive and high == limit else high)
    return [*candidates, 0]


def _numbers(schema: Schema) -> list[float]:
    lows = [limit for limit, _ in _lower_bounds(schema) if math.isfinite(limit)]
    highs = [limit for limit, _ in _upper_bounds(schema) if math.isfinite(limit)]
    candidates: list[float] = [1, *lows, *highs, *(low + 1 for low in lows)]
    candidates += [high - 1 for high in highs]
    candidates += [(low + high) / 2 for low in lows for high in highs]
    return [*candidates, 0]


def _synth_array(schema: Schema, field: str, values: Mapping[str, Any], depth: int) -> list[Any]:
    size = max(1, _count(schema, "minItems") or 0)
    most = _count(schema, "maxItems")
    if most is not None:
        size = min(size, max(most, 0))
    items = _items(schema)
    return [
        _synth(items, f"{field}[{index}]", values, depth + 1)
        for index in range(min(size, _MAX_ITEMS))
    ]


def _synth_object(
    schema: Schema, field: str, values: Mapping[str, Any], depth: int
) -> dict[str, Any]:
    required = _required(schema, depth)
    answer = {
        name: _property_value(name, sub, _join(field, name), values, depth + 1)
        for name, sub in _properties(schema).items()
        if name in required or not (isinstance(sub, Mapping) and sub.get("writeOnly") is True)
    }
    for name in required:
        answer.setdefault(name, _property_value(name, {}, _join(field, name), values, depth + 1))
    return answer

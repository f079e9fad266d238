"""The one cattrs converter that turns Zoom's JSON into models and models back into JSON.

Rules, all in this module and none in the models:

* Structuring never fails on data Zoom may send tomorrow. Unknown keys land in the model's
  ``extra`` mapping (and are written back by :func:`unstructure`); enum-like fields are plain
  ``str``/``int`` so a new value passes; a value whose JSON type differs from the description (text
  where a number is described, a list where an object is) is kept as Zoom sent it.
* Absent keys stay :data:`~aiozoom.models.UNSET`, ``null`` becomes ``None``; so a model
  unstructures back to the JSON it came from.
* ``date-time`` strings with an offset (``2024-05-01T10:00:00Z``) become aware
  :class:`~datetime.datetime` objects, ``date`` strings become :class:`~datetime.date` objects;
  anything else (an empty string, a time without an offset, which Zoom means as local time) is
  kept as the string.
* Unstructuring a request model omits fields left at ``None``; unstructuring a response model omits
  fields left ``UNSET``. Date-times are written as Zoom writes them (``...Z`` for UTC; a naive
  datetime without an offset, which Zoom reads as local time in the given ``timezone``).

Hooks are generated per class by cattrs (``make_dict_structure_fn``) once and cached.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from aiozoom.models._base import Unset, ZoomModel
from aiozoom.models._dates import format_datetime, parse_date, parse_datetime

__all__ = [
    "converter",
    "format_datetime",
    "parse_date",
    "parse_datetime",
    "structure",
    "unstructure",
]

T = TypeVar("T")

converter = cattrs.Converter(detailed_validation=False)
"""The converter every model goes through (hooks registered below)."""

_MISSING_MARKERS = (type(None), Unset)


def _identity(value: Any, _: Any = None) -> Any:
    return value


# -- date-times (aiozoom.models._dates) -------------------------------------------------------


def _structure_datetime(value: Any, _: Any = None) -> Any:
    return parse_datetime(value)


def _structure_date(value: Any, _: Any = None) -> Any:
    return parse_date(value)


# -- type inspection --------------------------------------------------------------------------


def _union_args(tp: Any) -> tuple[Any, ...] | None:
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        return typing.get_args(tp)
    return None


def _is_optional_wrapper(tp: Any) -> bool:
    """``X | None``, ``X | Unset`` or ``X | None | Unset`` (the shapes model fields use)."""
    args = _union_args(tp)
    return args is not None and any(a in _MISSING_MARKERS for a in args)


def _strip_missing(tp: Any) -> Any:
    args = tuple(a for a in (_union_args(tp) or ()) if a not in _MISSING_MARKERS)
    if len(args) == 1:
        return args[0]
    return typing.Union[args]  # noqa: UP007 (built from a runtime tuple)


def _is_lenient_scalar_union(tp: Any) -> bool:
    """``datetime | str``, ``date | str``, ``int | str`` and other unions of plain JSON types."""
    args = _union_args(tp)
    return args is not None and all(a in (str, int, float, bool, datetime, date) for a in args)


def _is_sequence(tp: Any) -> bool:
    origin = typing.get_origin(tp)
    return origin in (tuple, list, Sequence)


def _is_mapping(tp: Any) -> bool:
    return tp is dict or typing.get_origin(tp) in (dict, Mapping) or tp is Mapping


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, ZoomModel) and attrs.has(tp)


def _is_literal(tp: Any) -> bool:
    return typing.get_origin(tp) is typing.Literal


# -- structure hooks --------------------------------------------------------------------------


def _optional_hook(tp: Any) -> Callable[[Any, Any], Any]:
    inner = _strip_missing(tp)
    handler = converter.get_structure_hook(inner)
    if handler is _identity:
        return _identity

    def structure_optional(value: Any, _: Any = None) -> Any:
        return None if value is None else handler(value, inner)

    return structure_optional


def _scalar_union_hook(tp: Any) -> Callable[[Any, Any], Any]:
    args = _union_args(tp) or ()
    if datetime in args:
        return _structure_datetime
    if date in args:
        return _structure_date
    return _identity


def _sequence_hook(tp: Any) -> Callable[[Any, Any], Any]:
    args = typing.get_args(tp)
    item = args[0] if args else Any
    handler = converter.get_structure_hook(item)
    if handler is _identity:

        def structure_plain_items(value: Any, _: Any = None) -> Any:
            return tuple(value) if isinstance(value, list) else value

        return structure_plain_items

    def structure_items(value: Any, _: Any = None) -> Any:
        if not isinstance(value, list):
            return value
        return tuple([handler(v, item) for v in value])

    return structure_items


# field -> (JSON key, hook or None, type, default when absent, the field's bit in _reads)
_Plan = dict[str, tuple[str, Any, Any, Any, int]]
_PLANS: dict[type[Any], _Plan] = {}


def _plan(cls: type[Any]) -> _Plan:
    """How each field of ``cls`` is read from its JSON: key, hook (``None`` for a plain value),
    type, and the value when the key is absent. Built once per class."""
    plan = _PLANS.get(cls)
    if plan is None:
        attrs.resolve_types(cls)
        plan = {}
        for f in attrs.fields(cls):
            if f.name == "extra":
                continue
            tp = f.type
            if _is_optional_wrapper(tp):  # a null is read as None without a hook: X's is enough
                tp = _strip_missing(tp)
            hook = converter.get_structure_hook(tp)
            plan[f.name] = (
                f.metadata.get("json", f.name),
                None if hook is _identity else hook,
                tp,
                f.default,
                1 << len(plan),
            )
        _PLANS[cls] = plan
    return plan


def _lazy_structure_hook(cls: type[Any]) -> Callable[[Any, Any], Any]:
    """Structure a response model (every field optional) without reading its JSON: keep it, and
    read each field (``extra`` too: the keys the model does not know) from it the first time it
    is asked for (``ZoomModel.__getattr__``)."""
    cls.__zoom_plan__ = _plan(cls)
    cls.__zoom_known__ = frozenset(entry[0] for entry in cls.__zoom_plan__.values())
    new = object.__new__
    setattr_ = object.__setattr__

    def structure_model(data: Any, _: Any = None) -> Any:
        if data.__class__ is not dict and not isinstance(data, Mapping):
            return data
        obj = new(cls)
        setattr_(obj, "_raw", data)
        setattr_(obj, "_reads", 0)
        return obj

    return structure_model


def _model_structure_hook(cls: type[Any]) -> Callable[[Any, Any], Any]:
    fields = attrs.fields(cls)
    if all(f.default is not attrs.NOTHING for f in fields):
        return _lazy_structure_hook(cls)
    renames: dict[str, Any] = {
        f.name: override(rename=f.metadata["json"]) for f in fields if "json" in f.metadata
    }
    base = make_dict_structure_fn(
        cls,
        converter,
        _cattrs_forbid_extra_keys=False,
        _cattrs_detailed_validation=False,
        extra=override(omit=True),
        **renames,
    )
    known = frozenset(f.metadata.get("json", f.name) for f in fields if f.name != "extra")
    setattr_ = object.__setattr__

    def structure_model(data: Any, _: Any = None) -> Any:
        if not isinstance(data, Mapping):
            return data
        obj = base(data, cls)
        if not known.issuperset(data):
            setattr_(obj, "extra", {k: v for k, v in data.items() if k not in known})
        return obj

    return structure_model


for _scalar in (str, int, float, bool):
    converter.register_structure_hook(_scalar, _identity)
converter.register_structure_hook_func(lambda t: t is Any or _is_literal(t), _identity)
converter.register_structure_hook(datetime, _structure_datetime)
converter.register_structure_hook(date, _structure_date)
converter.register_structure_hook_func(_is_mapping, _identity)
converter.register_structure_hook_factory(_is_lenient_scalar_union, _scalar_union_hook)
converter.register_structure_hook_factory(_is_optional_wrapper, _optional_hook)
converter.register_structure_hook_factory(_is_sequence, _sequence_hook)
converter.register_structure_hook_factory(_is_model, _model_structure_hook)


# -- unstructure hooks ------------------------------------------------------------------------


def _model_unstructure_hook(cls: type[Any]) -> Callable[[Any], Any]:
    fields = attrs.fields(cls)
    renames: dict[str, Any] = {
        f.name: override(rename=f.metadata["json"]) for f in fields if "json" in f.metadata
    }
    base = make_dict_unstructure_fn(
        cls,
        converter,
        _cattrs_omit_if_default=True,
        extra=override(omit=True),
        **renames,
    )

    def unstructure_model(obj: Any) -> Any:
        data = base(obj)
        if obj.extra:
            return {**obj.extra, **data}
        return data

    return unstructure_model


def _unstructure_any(value: Any) -> Any:
    return converter.unstructure(value)


def _unstructure_sequence(value: Any) -> Any:
    return [converter.unstructure(v) for v in value]


def _unstructure_mapping(value: Any) -> Any:
    return {k: converter.unstructure(v) for k, v in value.items()}


converter.register_unstructure_hook_factory(_is_model, _model_unstructure_hook)
converter.register_unstructure_hook(datetime, format_datetime)
converter.register_unstructure_hook(date, date.isoformat)
converter.register_unstructure_hook_func(
    lambda t: t in (tuple, list) or _is_sequence(t), _unstructure_sequence
)
converter.register_unstructure_hook_func(
    lambda t: t is dict or (isinstance(t, type) and issubclass(t, Mapping)) or _is_mapping(t),
    _unstructure_mapping,
)
converter.register_unstructure_hook_func(
    lambda t: _union_args(t) is not None or t is Any, _unstructure_any
)


# -- public API -------------------------------------------------------------------------------


def structure(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` model (or a ``tuple[Model, ...]``) from decoded JSON.

    A response model keeps ``data`` and reads each field from it the first time the field is
    asked for (then keeps the value): a model costs about a tenth of decoding its JSON, and a
    field costs only when read. ``data`` must not change afterwards; pass a copy if it may.
    """
    return converter.structure(data, cls)


def unstructure(obj: Any) -> Any:
    """JSON-ready data from a model, a sequence of models, a date or datetime, or plain data."""
    return converter.unstructure(obj)

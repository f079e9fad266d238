"""aiozoom's typed webhook events, from Zoom's API Hub webhook descriptions.

``python -m tools.codegen`` calls :func:`render_webhooks` with the API Hub's ``webhooks/``
folder, beside the API. Zoom publishes one OpenAPI 3.1 document per product whose ``webhooks:``
map describes each event by the body Zoom POSTs: ``{event, event_ts, payload: {account_id,
object, ...}}``.

Out comes the package ``aiozoom/webhooks/types/``: one package per product, and in it one module
per family of events (the event name before the first dot: ``meeting``, ``webinar``,
``recording``; a family of more than :data:`SPLIT_OVER` classes split by the next word of its
events' names, see :func:`layout`). A module holds one frozen attrs class per event (a subclass
of :class:`aiozoom.webhooks.WebhookEvent`) and the models of their payloads
(:class:`aiozoom.models.ZoomModel` subclasses, built by :mod:`tools.codegen.ir` and printed by
:mod:`tools.codegen.render` exactly like the API's response models). Each product's
``__init__`` exports every class of its modules, importing a module when one of its classes is
first read; the package ``__init__`` holds the registry (event name -> product and class).
Parsing an event thus imports its product's ``__init__`` and its one module, nothing else.

Models of the same shape are built once per product: two events whose payloads hold objects
with the same keys and types (``recording.completed`` and ``recording.transcript_completed`` list
the same recording files) share one class, named after the first event that has it. That class
is printed in every module with an event that needs it, under that one name, so that no module
imports another: models are shared within a module, and copied between modules. Payload models
stay one per event.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.codegen import ir, naming, render, spec

__all__ = [
    "PACKAGE",
    "SPLIT_OVER",
    "Event",
    "family",
    "layout",
    "load_events",
    "models_of",
    "render_webhooks",
]

JSON = dict[str, Any]

PACKAGE = "aiozoom/webhooks/types"
_IMPORT = PACKAGE.replace("/", ".")

_MODULE_NAMES = {"events": "zoom_events"}
"""Product file stems whose module name differs from the stem (``events`` is Zoom Events, and
``aiozoom.webhooks.events`` is already the envelope's module)."""

_ENVELOPE = ("event", "event_ts", "payload")

_TAKEN = frozenset({"account_id", "data", "extras", "object", "occurred_at", "raw"})
"""Attributes of every event class, which a top-level key of the body cannot be typed as."""

HAND_WRITTEN = (
    "InvalidWebhookError",
    "Meeting",
    "MeetingEvent",
    "MeetingParticipantEvent",
    "Participant",
    "Recording",
    "RecordingEvent",
    "RecordingFile",
    "UrlValidation",
    "WebhookEvent",
)
"""Names :mod:`aiozoom.webhooks.events` defines; no generated class may take one."""

BASES: dict[str, str] = {
    "meeting.started": "MeetingEvent",
    "meeting.ended": "MeetingEvent",
    "meeting.participant_joined": "MeetingParticipantEvent",
    "meeting.participant_left": "MeetingParticipantEvent",
    "recording.completed": "RecordingEvent",
    "recording.transcript_completed": "RecordingEvent",
}
"""Events whose class extends a hand-written base of :mod:`aiozoom.webhooks.events` (adding its
typed ``meeting``, ``participant``, ``recording`` and ``download_token`` fields)."""

_BASE_FIELDS = {
    "MeetingEvent": {"meeting"},
    "MeetingParticipantEvent": {"meeting", "participant"},
    "RecordingEvent": {"recording", "download_token"},
}
"""The fields each hand-written base already has."""

SUMMARIES: dict[str, str] = {
    "meeting.started": "a meeting began.",
    "meeting.ended": "a meeting ended (``meeting.end_time`` says when).",
    "meeting.participant_joined": "someone joined (``participant.join_time``).",
    "meeting.participant_left": (
        "someone left (``participant.leave_time``, ``participant.leave_reason``)."
    ),
    "recording.completed": "all files of a cloud recording are ready to download.",
    "recording.transcript_completed": (
        "the audio transcript (``TRANSCRIPT`` file) of a cloud recording is ready."
    ),
}
"""One-line summaries kept from the hand-written classes these events had before."""


# -- reading ----------------------------------------------------------------------------------


@dataclass
class Event:
    """One webhook event as Zoom describes it."""

    name: str  # "phone.recording_deleted"
    product: str  # the file stem: "phone", "team-chat"
    module: str  # the generated module: "phone", "team_chat"
    schema: JSON  # the whole delivery body
    description: str
    title: str  # the product's name: "Zoom Phone"
    class_name: str = ""
    payload: ir.Model | None = None
    models: list[ir.Model] = field(default_factory=list)  # the models first built for it
    envelope: list[tuple[str, str]] = field(default_factory=list)  # (key, doc) of string extras

    @property
    def payload_schema(self) -> JSON:
        payload = (self.schema.get("properties") or {}).get("payload")
        return payload if isinstance(payload, dict) else {}


def module_name(product: str) -> str:
    """The module of ``aiozoom.webhooks.types`` for a product file stem."""
    return _MODULE_NAMES.get(product, product.replace("-", "_"))


def load_events(hub_webhooks_dir: Path) -> list[Event]:
    """Every event of every ``*.json`` file in ``hub_webhooks_dir``, by product then name."""
    events: list[Event] = []
    seen: dict[str, str] = {}
    files = sorted(hub_webhooks_dir.glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no webhook descriptions (*.json) in {hub_webhooks_dir}")
    for path in files:
        doc = spec.load(path)
        title = str((doc.get("info") or {}).get("title") or path.stem)
        title = "Zoom " + re.sub(r"^Zoom\s+|\s+Webhooks$", "", title)  # "Zoom Events"
        for name in sorted(doc.get("webhooks") or {}):
            if name in seen:
                raise ValueError(f"{name} is described by both {seen[name]} and {path.name}")
            seen[name] = path.name
            body = doc["webhooks"][name]["post"]["requestBody"]
            media = body["content"]["application/json"]
            events.append(
                Event(
                    name=name,
                    product=path.stem,
                    module=module_name(path.stem),
                    schema=media["schema"],
                    description=body.get("description") or "",
                    title=title,
                )
            )
    return events


def class_name(event: str) -> str:
    """``phone.recording_deleted`` -> ``PhoneRecordingDeleted``."""
    return "".join(naming.pascal(word) for word in re.split(r"[._\-\s]+", event) if word)


def _summary(event: Event) -> str:
    if event.name in SUMMARIES:
        return f"``{event.name}``: {SUMMARIES[event.name]}"
    text = event.description
    if text.startswith("#"):  # "# phone.recording_deleted": the event's name as a heading
        text = text.partition("\n")[2]
    text = re.split(r"^#", text, maxsplit=1, flags=re.MULTILINE)[0]
    about = spec.first_paragraph(text, 240).replace("\n", " ")
    return f"``{event.name}``: {about}" if about else f"The ``{event.name}`` event."


# -- building ---------------------------------------------------------------------------------

_REF_PREFIX = "#/paths/{event}/post/requestBody/content/application~1json/schema"


class _Builder(ir._Builder):
    """:class:`tools.codegen.ir._Builder` for webhook schemas.

    Adds what the webhook documents need: ``$ref`` pointers into the event's own schema (Zoom
    writes them as ``#/paths/<event>/post/requestBody/...``; ``old_object`` points at ``object``
    and gets the same class), Zoom's type spellings that are not JSON Schema (``long``, ``null``
    with ``format: date-time``, ``enum, country|states|...``), names without the ``Payload`` and
    ``Object`` levels, and one class per distinct model shape in a product.
    """

    def __init__(self) -> None:
        super().__init__({})
        self.root: JSON = {}
        self.event = ""
        # id(schema) -> (schema, its model); the schema is kept so that its id stays its own
        self.by_schema: dict[int, tuple[JSON, ir.Model]] = {}
        self.by_shape: dict[tuple[str, str], ir.Model] = {}
        self.aliases: dict[ir.Model, ir.Model] = {}  # model dropped as a duplicate -> kept model
        self.resolving: set[str] = set()

    def start(self, event: Event) -> None:
        self.root = event.schema
        self.event = event.name
        self.by_schema = {}

    # names

    def nested_name(self, top: str, path: tuple[str, ...]) -> str:
        for level in ("Payload", "Object"):
            if len(path) > 1 and path[0] == level:
                path = path[1:]
        return super().nested_name(top, path)

    # types

    def resolve(self, ref: str) -> JSON:
        prefix = _REF_PREFIX.format(event=self.event)
        if not ref.startswith(prefix):
            raise ValueError(f"{self.event}: cannot follow $ref {ref!r}")
        node: Any = self.root
        for part in ref[len(prefix) :].split("/")[1:]:
            node = node[part.replace("~1", "/").replace("~0", "~")]
        if not isinstance(node, dict):
            raise ValueError(f"{self.event}: $ref {ref!r} is not a schema")
        return node

    def type_for(
        self, schema: Any, top: str, path: tuple[str, ...], kind: str, module: str
    ) -> ir.TypeRef:
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if ref in self.resolving:  # a schema containing itself: no finite model
                return ir.Free()
            target = self.resolve(ref)
            built = self.by_schema.get(id(target))
            if built is not None:
                return ir.Ref(built[1])
            self.resolving.add(ref)
            try:
                return self.type_for(target, top, path, kind, module)
            finally:
                self.resolving.discard(ref)
        if isinstance(schema, dict):
            schema = _normalise(schema)
        return _dedupe_type(super().type_for(schema, top, path, kind, module), self.aliases)

    def model(
        self, schema: JSON, top: str, path: tuple[str, ...], kind: str, module: str
    ) -> ir.Model:
        built = super().model(schema, top, path, kind, module)
        taken = {f.name for f in built.fields}
        for f in built.fields:
            f.type = _dedupe_type(f.type, self.aliases)
            if f.name.startswith("_"):  # "" or "1080p": attrs cannot make a keyword of "_..."
                name = f"field{f.name}"
                while name in taken:
                    name += "_"
                taken.add(name)
                f.name = name
        shape = (module, _shape(built))
        kept = self.by_shape.get(shape)
        if kept is not None and path and path != ("Payload",):
            # The same fields and types as a model already printed for this product: use that
            # one. (Payload models are kept per event: they are what the event class names.)
            self.models.remove(built)
            self.used.discard(built.name)
            self.aliases[built] = kept
            self.by_schema[id(schema)] = (schema, kept)
            return kept
        if path != ("Payload",):
            self.by_shape.setdefault(shape, built)
        self.by_schema[id(schema)] = (schema, built)
        return built


def _normalise(schema: JSON) -> JSON:
    """Zoom's non-standard type spellings as JSON Schema."""
    kind = schema.get("type")
    if kind == "long":
        return {**schema, "type": "integer"}
    if kind == "null" or (kind is None and "format" in schema and "properties" not in schema):
        fixed = {k: v for k, v in schema.items() if k != "type"}
        if fixed.get("format") in ("date-time", "date"):
            fixed["type"] = "string"
        return fixed
    if isinstance(kind, str) and kind.startswith("enum"):  # "enum, country|states|city|..."
        return {**schema, "type": "string"}
    return schema


def _dedupe_type(t: ir.TypeRef, aliases: dict[ir.Model, ir.Model]) -> ir.TypeRef:
    if isinstance(t, ir.Ref) and t.model in aliases:
        return ir.Ref(aliases[t.model])
    if isinstance(t, ir.Seq):
        return ir.Seq(_dedupe_type(t.item, aliases))
    if isinstance(t, ir.OneOf):
        return ir.OneOf(tuple(_dedupe_type(m, aliases) for m in t.members))
    return t


def _type_key(t: ir.TypeRef) -> str:
    if isinstance(t, ir.Ref):
        return f"<{t.model.name}>"
    if isinstance(t, ir.Seq):
        return f"[{_type_key(t.item)}]"
    if isinstance(t, ir.OneOf):
        return "|".join(_type_key(m) for m in t.members)
    if isinstance(t, ir.Prim):
        return t.py
    return type(t).__name__


def _shape(model: ir.Model) -> str:
    """What makes two models interchangeable: their JSON keys and types (not their prose)."""
    return ";".join(f"{f.name}={f.json}:{_type_key(f.type)}" for f in model.fields)


@dataclass
class Catalog:
    events: list[Event]
    models: list[ir.Model]


def build(events: list[Event]) -> Catalog:
    """Names, payload models and envelope fields of every event."""
    builder = _Builder()
    for name in HAND_WRITTEN:
        builder.reserve(name)
    owner: dict[str, str] = {}
    for event in events:
        event.class_name = class_name(event.name)
        if event.class_name in owner or event.class_name in builder.used:
            raise ValueError(
                f"{event.name} and {owner.get(event.class_name, 'aiozoom')} would both be "
                f"named {event.class_name}"
            )
        owner[event.class_name] = event.name
        builder.reserve(event.class_name)
    for event in events:
        builder.start(event)
        first = len(builder.models)
        schema = spec.flatten(event.payload_schema)
        name = f"{event.class_name}Payload"
        event.payload = builder.model(
            schema, event.class_name, ("Payload",), "response", event.module
        )
        event.payload.origin = (
            f"``payload`` of the ``{event.name}`` event (:class:`{event.class_name}`)."
        )
        if event.payload.name != name:
            raise ValueError(f"{event.name}: its payload model is {event.payload.name}, not {name}")
        event.models = builder.models[first:]
        inherited = _BASE_FIELDS.get(BASES.get(event.name, ""), set())
        for key, prop in (event.schema.get("properties") or {}).items():
            if key in _ENVELOPE or key in _TAKEN or key in inherited or not isinstance(prop, dict):
                continue
            if prop.get("type") != "string" or not re.fullmatch(r"[a-z][a-z0-9_]*", key):
                continue
            event.envelope.append((key, ir._field_doc(prop)))
    return Catalog(events, builder.models)


# -- laying out -------------------------------------------------------------------------------

SPLIT_OVER = 64
"""The most classes (event classes and payload models) one module holds before it is split.

A family of events (``meeting``, ``webinar``, ``phone``: the event name before the first dot)
is one module unless that would hold more; then it is split by the next word of its events'
names (``meeting_participant``, ``meeting_started``, ...), and so on. 64 keeps ``recording``
(62 classes) whole, so ``recording.completed`` and ``recording.transcript_completed`` still
share their recording file class; the largest module is then one event's
(``account.settings_updated``, 79 classes), which no rule can split."""


def family(event: str) -> str:
    """The family of an event: its name before the first dot (``meeting`` for
    ``meeting.participant_joined``; a name without a dot, ``bot_notification``, is its own)."""
    return event.partition(".")[0]


def _words(event: str) -> list[str]:
    """``meeting.participant_joined`` -> ``["meeting", "participant", "joined"]``."""
    head, _, rest = event.partition(".")
    return [head, *(word for word in re.split(r"[._]", rest) if word)]


def _refs(t: ir.TypeRef) -> Iterator[ir.Model]:
    if isinstance(t, ir.Ref):
        yield t.model
    elif isinstance(t, ir.Seq):
        yield from _refs(t.item)
    elif isinstance(t, ir.OneOf):
        for member in t.members:
            yield from _refs(member)


def models_of(event: Event) -> set[ir.Model]:
    """The models an event's class needs: its payload model and every model that one refers to,
    at any depth."""
    if event.payload is None:
        raise ValueError(f"{event.name} has no payload model (build() first)")
    found: set[ir.Model] = set()
    todo = [event.payload]
    while todo:
        model = todo.pop()
        if model not in found:
            found.add(model)
            for f in model.fields:
                todo.extend(_refs(f.type))
    return found


def _size(events: list[Event]) -> int:
    """How many classes a module of these events holds."""
    return len(events) + len(set().union(*(models_of(e) for e in events)))


def layout(events: list[Event]) -> dict[str, list[Event]]:
    """One product's events (built) by the module of its package that holds them, by name.

    One module per family (``meeting``, ``webinar``, ``recording``); a module that would hold
    more than :data:`SPLIT_OVER` classes is split by the next word of its events' names, again
    while a part is that large and its events' names go on. A module is named by the words its
    events' names begin with, joined by ``_``: ``meeting.participant_joined`` and
    ``meeting.participant_joined_breakout_room`` are in ``meeting_participant_joined``, and
    ``meeting.started`` in ``meeting_started``. Which module an event is in depends on its name
    and on the sizes of the groups of names it belongs to, never on the order of events."""
    families: dict[str, list[Event]] = {}
    for event in events:
        families.setdefault(family(event.name), []).append(event)
    modules: dict[str, list[Event]] = {}
    for name, members in families.items():
        _split((name,), members, modules)
    for module, members in modules.items():
        if not module.isidentifier() or keyword.iskeyword(module) or module.startswith("_"):
            raise ValueError(f"{members[0].name}: {module!r} cannot name a module")
    return dict(sorted(modules.items()))


def _split(prefix: tuple[str, ...], events: list[Event], out: dict[str, list[Event]]) -> None:
    depth = len(prefix)
    if (
        len(events) == 1
        or _size(events) <= SPLIT_OVER
        or all(len(_words(e.name)) <= depth for e in events)
    ):
        module = "_".join(prefix)
        if module in out:
            raise ValueError(
                f"{events[0].name} and {out[module][0].name} would both be in module {module}"
            )
        out[module] = events
        return
    groups: dict[tuple[str, ...], list[Event]] = {}
    for event in events:
        groups.setdefault(tuple(_words(event.name)[: depth + 1]), []).append(event)
    for sub, members in groups.items():
        _split(sub, members, out)


def _pattern(events: list[Event]) -> str:
    """The names of a module's events as one pattern: ``meeting.participant_joined*``."""
    names = [e.name for e in events]
    if len(names) == 1:
        return names[0]
    first, last = min(names), max(names)  # what they share, every name between them shares
    size = 0
    while size < len(first) and first[size] == last[size]:
        size += 1
    common = first[:size]
    if not all(len(n) == len(common) or n[len(common)] in "._" for n in names):
        common = common[: max(common.rfind("."), common.rfind("_")) + 1]
    return common + "*"


# -- printing ---------------------------------------------------------------------------------


def _render_event(event: Event) -> list[str]:
    if event.payload is None:
        raise ValueError(f"{event.name} has no payload model (build() first)")
    base = BASES.get(event.name, "WebhookEvent")
    lines = [
        "@attrs.frozen(kw_only=True)",
        f"class {event.class_name}({base}):",
        *render.docstring(_summary(event), 4),
        "",
        f"    EVENT_NAME = {render.py_literal(event.name)}",
        "",
        f"    data: {event.payload.name} = attrs.field(",
        f"        factory={event.payload.name}, hash=False, repr=False",
        "    )",
        *render.docstring(
            "``payload`` as a typed model (``payload`` itself stays the mapping received).", 4
        ),
    ]
    for key, doc in event.envelope:
        secret = key.endswith("token")
        repr_ = ", repr=False" if secret else ""
        lines += [
            "",
            f'    {key}: str | None = attrs.field(default=None, metadata={{"envelope": True}}'
            f"{repr_})",
            *render.docstring((f"``{key}`` beside ``payload``. " + (doc or "")).strip(), 4),
        ]
    return lines


_PACKAGE_DOC = (
    "Every event class and payload model of the product can be imported from here. They live in "
    "one module per family of events (the event name before the first dot: ``meeting``, "
    "``webinar``, ``phone``), and a family of more than {limit} classes is split by the next "
    "word of its events' names (``meeting_participant_joined``, ``meeting_started``). A module "
    "is imported the first time one of its classes is read, from here or by "
    ":func:`aiozoom.webhooks.parse_event`, and imports no other module of this package: a model "
    "that events of two modules share is defined in both, with the same name and fields, and "
    "this package exports the one of the module of the event it is named after."
)

_MODULE_DOC = (
    "One frozen attrs class per event, a subclass of :class:`~aiozoom.webhooks.WebhookEvent` "
    "whose ``data`` is the event's ``payload`` as a model, and the models of those payloads "
    "(response models like :mod:`aiozoom.models`: fields Zoom did not send are ``UNSET``, keys "
    "no field knows are kept in ``extra``). :func:`aiozoom.webhooks.parse_event` builds them."
)


def render_module(
    package: str,
    module: str,
    events: list[Event],
    order: dict[ir.Model, int],
    home: dict[ir.Model, str],
) -> str:
    """One module of a product's package: its events' classes and every model they need."""
    imp = render.Imports()
    body: list[str] = []
    printed: set[ir.Model] = set()
    shared = 0
    for event in events:  # the models an event needs not printed yet (in the order they were
        # built: an event's own after those of earlier events it shares), then the event
        new = sorted(models_of(event) - printed, key=order.__getitem__)
        for model in new:
            body += ["", "", *render.render_model(model, imp)]
            shared += home[model] != module
        printed.update(new)
        body += ["", "", *_render_event(event)]
    bases = sorted({BASES.get(e.name, "WebhookEvent") for e in events})
    uses_unset = any(m.fields for m in printed)
    base_names = "UNSET, Unset, ZoomModel" if uses_unset else "ZoomModel"
    names = sorted([e.class_name for e in events] + [m.name for m in printed])
    count = f"{len(events)} events" if len(events) > 1 else "1 event"
    listed = ", ".join(f"``{e.name}``" for e in events)
    about = [
        f"Typed webhook events of {events[0].title}: ``{_pattern(events)}`` ({count}).",
        "",
        _MODULE_DOC,
    ]
    if len(events) > 1:
        about += ["", f"Events: {listed}."]
    if shared:
        about += [
            "",
            f"{shared} of the models are also defined, with the same names and fields, in the "
            f"other modules of :mod:`{_IMPORT}.{package}` whose events have them.",
        ]
    header = [
        render.PY_MARKER,
        *render.docstring("\n".join(about), 0),
        "",
        *imp.lines(),
        "",
        "import attrs",
        "",
        f"from aiozoom.models._base import {base_names}",
        f"from aiozoom.webhooks.events import {', '.join(bases)}",
        "",
        "__all__ = [",
        *[f'    "{n}",' for n in names],
        "]",
    ]
    return "\n".join(header + body) + "\n"


def render_package(package: str, modules: dict[str, list[Event]]) -> str:
    """A product's package ``__init__``: every class of its modules, each module imported when
    one of its classes is first read."""
    exported: dict[str, str] = {}  # name -> the module defining it first
    for module, events in modules.items():
        for event in events:
            exported[event.class_name] = module
            for model in event.models:
                exported[model.name] = module
    events = [e for members in modules.values() for e in members]
    title = events[0].title
    lines = [
        render.PY_MARKER,
        *render.docstring(
            f"Typed webhook events of {title} ({len(events)} events, {len(modules)} "
            f"module{'s' if len(modules) > 1 else ''}).\n\n"
            + _PACKAGE_DOC.format(limit=SPLIT_OVER),
            0,
        )[:-1],
        "",
        "| module | events |",
        "|---|---|",
        *[
            f"| ``{module}`` | ``{_pattern(members)}`` ({len(members)}) |"
            for module, members in modules.items()
        ],
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "import importlib",
        "from typing import TYPE_CHECKING, Any",
        "",
        "if TYPE_CHECKING:",
    ]
    for module in modules:
        lines.append(f"    from {_IMPORT}.{package}.{module} import (")
        lines.extend(f"        {n}," for n in sorted(n for n, m in exported.items() if m == module))
        lines.append("    )")
    lines += [
        "",
        "__all__ = [",
        *[f'    "{n}",' for n in sorted(exported)],
        "]",
        "",
        "_MODULES: dict[str, str] = {",
        *[f'    "{n}": "{exported[n]}",' for n in sorted(exported)],
        "}",
        "",
        "",
        *render.LAZY_EXPORTS,
    ]
    return "\n".join(lines) + "\n"


def render_index(events: list[Event]) -> str:
    """``aiozoom/webhooks/types/__init__.py``: the registry and lazy access to every class."""
    by_module: dict[str, list[Event]] = {}
    for event in events:
        by_module.setdefault(event.module, []).append(event)
    lines = [
        render.PY_MARKER,
        '"""Typed Zoom webhook events: one class per event Zoom describes, a package per product.',
        "",
        f"{len(events)} events of {len(by_module)} products. Import a class from here",
        "(``from aiozoom.webhooks.types import PhoneRecordingDeleted``) or from its product's",
        "package (``aiozoom.webhooks.types.phone``). A package holds one module per family of",
        "events (``meeting``, ``webinar``, ...; a large family is split by the next word of the",
        "names), imported on first use: when :func:`aiozoom.webhooks.parse_event` meets one of its",
        "events or one of its classes is looked up; no other module comes with it. :data:`EVENTS`",
        "maps each event name to its product's package and its class without importing either.",
        "",
        "| package | product | events |",
        "|---|---|---|",
        *[
            f"| ``{module}`` | {evs[0].title} | {len(evs)} |"
            for module, evs in sorted(by_module.items())
        ],
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "import importlib",
        "from collections.abc import Mapping",
        "from typing import TYPE_CHECKING, Any",
        "",
        "if TYPE_CHECKING:",
    ]
    for module in sorted(by_module):
        lines.append(f"    from {_IMPORT}.{module} import (")
        lines.extend(f"        {e.class_name}," for e in sorted(by_module[module], key=_by_class))
        lines.append("    )")
    lines += [
        "",
        "__all__ = [",
        *[f'    "{n}",' for n in sorted([e.class_name for e in events] + ["EVENTS", "PRODUCTS"])],
        "]",
        "",
        "EVENTS: Mapping[str, tuple[str, str]] = {",
        *[
            f'    "{e.name}": ("{e.module}", "{e.class_name}"),'
            for e in sorted(events, key=_by_name)
        ],
        "}",
        '"""Event name -> (package of this package, class name), for every event Zoom describes.',
        "",
        'The class is importable from that package, which imports only the module defining it."""',
        "",
        "PRODUCTS: Mapping[str, str] = {",
        *[f'    "{m}": {render.py_literal(evs[0].title)},' for m, evs in sorted(by_module.items())],
        "}",
        '"""Package of this package -> the Zoom product whose events it holds."""',
        "",
        "_MODULES = {cls: module for module, cls in EVENTS.values()}",
        "",
        "",
        "def __getattr__(name: str) -> Any:",
        "    module = _MODULES.get(name)",
        "    if module is None:",
        '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
        '    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)',
        "    globals()[name] = value",
        "    return value",
        "",
        "",
        "def __dir__() -> list[str]:",
        "    return sorted(__all__)",
    ]
    return "\n".join(lines) + "\n"


def _by_class(event: Event) -> str:
    return event.class_name


def _by_name(event: Event) -> str:
    return event.name


def render_webhooks(hub_webhooks_dir: Path) -> dict[str, str]:
    """Every generated file's content (unformatted), by path relative to the repository root."""
    events = load_events(hub_webhooks_dir)
    catalog = build(events)
    order = {model: i for i, model in enumerate(catalog.models)}
    by_package: dict[str, list[Event]] = {}
    for event in catalog.events:
        by_package.setdefault(event.module, []).append(event)
    files: dict[str, str] = {}
    for package, evs in sorted(by_package.items()):
        modules = layout(evs)
        home = {m: module for module, members in modules.items() for e in members for m in e.models}
        for module, members in modules.items():
            files[f"{PACKAGE}/{package}/{module}.py"] = render_module(
                package, module, members, order, home
            )
        files[f"{PACKAGE}/{package}/__init__.py"] = render_package(package, modules)
    files[f"{PACKAGE}/__init__.py"] = render_index(catalog.events)
    return files

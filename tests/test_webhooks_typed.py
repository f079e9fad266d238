"""Typed webhook events for every event Zoom describes (``aiozoom.webhooks.types``).

Every example in Zoom's webhook descriptions parses to its own generated class and loses nothing;
events Zoom does not describe stay envelopes; ``receiver.on(Class)`` dispatches (and type-checks)
by class; importing aiozoom imports none of the generated modules, and parsing an event imports
only the module of its family; and the generated package is exactly what the generator produces
from the descriptions now.
"""

from __future__ import annotations

import ast
import copy
import importlib
import json
import os
import pkgutil
import re
import subprocess
import sys
import tempfile
import textwrap
import typing
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import attrs
import pytest
from aiohttp.test_utils import TestServer

import aiozoom.webhooks
from aiozoom.models import UNSET, ZoomModel, unstructure
from aiozoom.testing import FakeClock
from aiozoom.testing.webhooks import WebhookSender, event_body
from aiozoom.webhooks import (
    EVENT_TYPES,
    MeetingEvent,
    MeetingParticipantEvent,
    MeetingStarted,
    RecordingEvent,
    UrlValidation,
    WebhookEvent,
    WebhookReceiver,
    parse_event,
)
from aiozoom.webhooks import types as typed
from tools.codegen import render, spec
from tools.codegen import webhooks as generator
from tools.codegen.generate import _format, stale_files

REPO = Path(__file__).resolve().parents[1]
HUB = REPO.parent / "shared" / "zoom-api-hub"
WEBHOOKS = HUB / "webhooks"
EVENT_COUNT = 534  # what Zoom's API Hub describes (March 2026 snapshot)
ENVELOPE = ("event", "event_ts", "payload")

needs_hub = pytest.mark.skipif(
    not WEBHOOKS.is_dir() and not os.environ.get("CI"),  # in CI a missing hub fails, not skips
    reason=f"Zoom's API Hub descriptions are not at {HUB}",
)


def test_the_hub_is_there_in_ci() -> None:
    if not WEBHOOKS.is_dir():
        if os.environ.get("CI"):  # CI always has the hub beside the clone: never skip there
            pytest.fail(f"Zoom's API Hub webhook descriptions are not at {WEBHOOKS}")
        pytest.skip(f"Zoom's API Hub descriptions are not at {HUB}")
    assert len(list(WEBHOOKS.glob("*.json"))) == 24


# --- the examples in Zoom's descriptions -------------------------------------------------------


@dataclass(frozen=True)
class Example:
    product: str
    event: str
    schema: dict[str, Any]  # the whole delivery body's schema
    body: dict[str, Any]
    source: str  # "example", "example with // comments" or "built from the schema"
    renamed: bool  # the example said another event's name (corrected to this event's)


def _strip_comments(text: str) -> str:
    """JSON text without its ``// ...`` comments (Zoom's Calendar examples have them)."""
    out: list[str] = []
    i, in_string = 0, False
    while i < len(text):
        ch = text[i]
        if in_string:
            out.append(ch)
            if ch == "\\":
                out.append(text[i + 1])
                i += 1
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
            out.append(ch)
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _decode(value: Any) -> tuple[Any, str]:
    if not isinstance(value, str):
        return value, "example"
    try:
        return json.loads(value), "example"
    except ValueError:
        return json.loads(_strip_comments(value)), "example with // comments"


def _load_examples() -> list[Example]:
    """One body per example Zoom gives for each event (or one built from the schema's property
    ``example`` values where an event has none), always under the event's own name."""
    if not WEBHOOKS.is_dir():
        return []
    found: list[Example] = []
    for path in sorted(WEBHOOKS.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for name, item in sorted(doc["webhooks"].items()):
            media = item["post"]["requestBody"]["content"]["application/json"]
            schema = media["schema"]
            values = [e["value"] for e in (media.get("examples") or {}).values() if "value" in e]
            if "example" in media:
                values.append(media["example"])
            decoded = [_decode(v) for v in values]
            if not decoded:
                payload = spec.build_example(schema["properties"]["payload"])
                body = {"event": name, "event_ts": 1_800_000_000_000, "payload": payload}
                decoded = [(body, "built from the schema")]
            for body, source in decoded:
                renamed = body.get("event") != name
                found.append(
                    Example(path.stem, name, schema, {**body, "event": name}, source, renamed)
                )
    return found


EXAMPLES = _load_examples()
BY_EVENT = {e.event: e for e in EXAMPLES}


def _described(schema: dict[str, Any]) -> set[str]:
    return set(spec.flatten(schema).get("properties") or {})


def _is_module_of(module: str, event: str) -> bool:
    """Whether ``module`` (``aiozoom.webhooks.types.meetings.meeting_participant_joined``) is a
    module for ``event`` (``meeting.participant_joined_breakout_room``): the module of the event's
    family (``meeting``) or of a part of it, named by the words its events' names begin with."""
    leaf = module.rpartition(".")[2]
    family = event.partition(".")[0]
    words = event.replace(".", "_") + "_"
    return (leaf == family or leaf.startswith(family + "_")) and words.startswith(leaf + "_")


def _modules(product: str) -> list[Any]:
    """Every module of a product's package, imported."""
    package = importlib.import_module(f"aiozoom.webhooks.types.{product}")
    return [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
    ]


@needs_hub
def test_where_the_examples_come_from() -> None:
    # Every event has exactly one example; the Calendar ones are JSON with // comments, and 14
    # examples (copied between events in Zoom's reference) name another event than theirs.
    assert len(EXAMPLES) == EVENT_COUNT
    assert Counter(e.source for e in EXAMPLES) == {
        "example": 523,
        "example with // comments": 11,
    }
    assert sum(e.renamed for e in EXAMPLES) == 14


@needs_hub
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.event for e in EXAMPLES])
def test_every_example_parses_to_its_class_with_no_field_lost(example: Example) -> None:
    body = example.body
    event = parse_event(json.dumps(body).encode())
    cls = EVENT_TYPES[example.event]
    assert type(event) is cls
    assert example.event == cls.EVENT_NAME
    package = f"aiozoom.webhooks.types.{generator.module_name(example.product)}"
    assert cls.__module__.rpartition(".")[0] == package
    assert _is_module_of(cls.__module__, example.event)
    assert isinstance(event.data, ZoomModel)  # type: ignore[attr-defined]
    # The typed payload writes back exactly the payload received, unknown keys included ...
    assert unstructure(event.data) == body["payload"]  # type: ignore[attr-defined]
    assert event.payload == body["payload"] and event.raw == body
    # ... and what the schema describes is in typed fields, not in ``extra``.
    payload_schema = example.schema["properties"]["payload"]
    assert set(event.data.extra) == set(body["payload"]) - _described(payload_schema)  # type: ignore[attr-defined]
    assert event.extras == {k: v for k, v in body.items() if k not in ENVELOPE}
    for field in attrs.fields(cls):
        if field.metadata.get("envelope"):
            assert getattr(event, field.name) == body.get(field.name)


_NONE: Any = object()


def _schema_example(schema: Any, example: Example) -> Any:
    """The value the ``example`` of each property describes (``_NONE`` where none has one)."""
    if not isinstance(schema, dict):
        return _NONE
    ref = schema.get("$ref")
    if isinstance(
        ref, str
    ):  # "#/paths/<event>/post/requestBody/content/application~1json/schema/.."
        node: Any = example.schema
        for part in ref.split("/schema", 1)[1].split("/")[1:]:
            node = node[part.replace("~1", "/")]
        return _schema_example(node, example)
    if "example" in schema and not schema.get("properties"):
        return schema["example"]
    flat = spec.flatten(schema)
    if isinstance(flat.get("properties"), dict):
        out = {k: _schema_example(v, example) for k, v in flat["properties"].items()}
        out = {k: v for k, v in out.items() if v is not _NONE}
        return out or _NONE
    if schema.get("type") == "array":
        item = _schema_example(schema.get("items"), example)
        return _NONE if item is _NONE else [item]
    return _NONE


@needs_hub
def test_examples_built_from_the_schemas_property_examples_round_trip_too() -> None:
    """A second body per event from the ``example`` of every property the schema describes, so
    fields the reference example leaves out are exercised too."""
    built = 0
    failures = []
    for example in EXAMPLES:
        payload = _schema_example(example.schema["properties"]["payload"], example)
        if payload is _NONE:  # no property of this payload has an example
            continue
        built += 1
        body = {"event": example.event, "event_ts": 1_800_000_000_000, "payload": payload}
        event = parse_event(body)
        if type(event) is not EVENT_TYPES[example.event]:
            failures.append(f"{example.event}: parsed as {type(event).__name__}")
        elif unstructure(event.data) != payload:  # type: ignore[attr-defined]
            failures.append(f"{example.event}: the payload did not round-trip")
    assert failures == []
    assert built == 117


def _wrong_scalars(value: Any) -> Any:
    """Every scalar replaced by one of another JSON type; objects and lists kept."""
    if isinstance(value, dict):
        return {k: _wrong_scalars(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_wrong_scalars(v) for v in value]
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, int | float):
        return "not a number"
    if isinstance(value, str):
        return 12345
    return value


def _wrong_containers(value: Any, depth: int = 0) -> Any:
    """Below the payload, every object becomes a list and every list an object."""
    if isinstance(value, dict):
        inner = {k: _wrong_containers(v, depth + 1) for k, v in value.items()}
        return inner if depth == 0 else list(inner.values())
    if isinstance(value, list):
        return {"unexpected": [_wrong_containers(v, depth + 1) for v in value]}
    return value


@needs_hub
@pytest.mark.parametrize("mangle", [_wrong_scalars, _wrong_containers])
def test_values_of_the_wrong_type_never_raise_and_are_kept(mangle: Any) -> None:
    failures = []
    for example in EXAMPLES:
        body = copy.deepcopy(example.body)
        body["payload"] = mangle(body["payload"])
        try:
            event = parse_event(json.dumps(body))
        except Exception as exc:
            failures.append(f"{example.event}: {exc!r}")
            continue
        if type(event) is not EVENT_TYPES[example.event]:
            failures.append(f"{example.event}: parsed as {type(event).__name__}")
        elif unstructure(event.data) != body["payload"]:  # type: ignore[attr-defined]
            failures.append(f"{example.event}: the payload did not round-trip")
    assert failures == []


def test_unknown_keys_are_kept_in_extra_at_every_level() -> None:
    event = parse_event(
        {
            "event": "phone.recording_deleted",
            "event_ts": 1,
            "payload": {
                "account_id": "acc",
                "brand_new": {"a": 1},
                "object": {"recordings": [{"id": "r1", "call_id": "c1", "ai_notes": "x"}]},
            },
        }
    )
    assert isinstance(event, typed.PhoneRecordingDeleted)
    assert event.data.extra == {"brand_new": {"a": 1}}
    obj = event.data.object
    assert obj and obj.recordings
    (recording,) = obj.recordings
    assert (recording.id, recording.call_id, recording.extra) == ("r1", "c1", {"ai_notes": "x"})
    assert event.data.account_id == event.account_id == "acc"


def test_an_event_without_a_payload_object_still_gets_its_class() -> None:
    event = parse_event({"event": "phone.recording_deleted", "payload": {}})
    assert isinstance(event, typed.PhoneRecordingDeleted)
    assert event.data.object is UNSET and event.event_ts is None
    assert unstructure(event.data) == {}


# --- the registry and the classes -----------------------------------------------------------


@needs_hub
def test_every_event_zoom_describes_has_one_class_and_no_more() -> None:
    hub_events = set()
    for path in WEBHOOKS.glob("*.json"):
        hub_events |= set(json.loads(path.read_text(encoding="utf-8"))["webhooks"])
    assert len(hub_events) == EVENT_COUNT
    assert set(typed.EVENTS) == hub_events
    classes = [cls for _, cls in typed.EVENTS.values()]
    assert len(set(classes)) == EVENT_COUNT  # unique names
    assert len(EVENT_TYPES) == EVENT_COUNT + 1  # and endpoint.url_validation
    assert set(EVENT_TYPES) == hub_events | {"endpoint.url_validation"}


def test_the_generated_modules_define_534_event_classes() -> None:
    defined = {}
    for product in typed.PRODUCTS:
        package = importlib.import_module(f"aiozoom.webhooks.types.{product}")
        for namespace in _modules(product):
            for name in namespace.__all__:
                value = getattr(namespace, name)
                if isinstance(value, type) and issubclass(value, WebhookEvent):
                    assert value.EVENT_NAME not in defined
                    defined[value.EVENT_NAME] = (product, name)
                    assert attrs.has(value) and value.__module__ == namespace.__name__
                    assert getattr(package, name) is value  # exported by its product's package
                    assert _is_module_of(namespace.__name__, value.EVENT_NAME)
    assert len(defined) == EVENT_COUNT
    assert defined == dict(typed.EVENTS)


@pytest.mark.parametrize(
    ("event", "name"),
    [
        ("phone.recording_deleted", "PhoneRecordingDeleted"),
        ("meeting.participant_joined", "MeetingParticipantJoined"),
        ("zoom_events.session_created", "ZoomEventsSessionCreated"),
        ("contact_center.user_skills_assigned", "ContactCenterUserSkillsAssigned"),
        ("bot_notification", "BotNotification"),
        ("session.recording_transcript_completed", "SessionRecordingTranscriptCompleted"),
    ],
)
def test_class_names_are_the_event_names_in_pascal_case(event: str, name: str) -> None:
    module, class_name = typed.EVENTS[event]
    assert class_name == name
    cls = getattr(typed, name)
    assert (
        cls
        is EVENT_TYPES[event]
        is getattr(importlib.import_module(f"aiozoom.webhooks.types.{module}"), name)
    )
    assert event == cls.EVENT_NAME
    assert cls.__doc__ and cls.__doc__.startswith(f"``{event}``: ")


def test_the_hand_written_classes_are_the_generated_classes_of_their_events() -> None:
    from aiozoom.webhooks import events

    for event, base in [
        ("meeting.started", MeetingEvent),
        ("meeting.ended", MeetingEvent),
        ("meeting.participant_joined", MeetingParticipantEvent),
        ("meeting.participant_left", MeetingParticipantEvent),
        ("recording.completed", RecordingEvent),
        ("recording.transcript_completed", RecordingEvent),
    ]:
        cls = EVENT_TYPES[event]
        name = cls.__name__
        assert issubclass(cls, base)
        assert getattr(aiozoom.webhooks, name) is getattr(events, name) is getattr(typed, name)
    assert EVENT_TYPES["endpoint.url_validation"] is UrlValidation


def test_hand_written_and_typed_fields_side_by_side() -> None:
    example = {
        "event": "meeting.started",
        "event_ts": 1_800_000_000_000,
        "payload": {
            "account_id": "acc",
            "object": {
                "id": "85746065432",
                "topic": "Standup",
                "start_time": "2026-05-11T09:00:03Z",
            },
        },
    }
    event = parse_event(example)
    assert type(event) is MeetingStarted
    assert event.meeting.id == 85746065432  # the hand-written model makes it an int
    obj = event.data.object
    assert obj and obj.id == "85746065432"  # the generated one keeps what Zoom sent
    assert obj.topic == event.meeting.topic == "Standup"
    assert obj.start_time == event.meeting.start_time
    assert "data=" not in repr(event)


def test_envelope_extras_are_typed_where_zoom_describes_them() -> None:
    token = "eyJhbGciOiJIUzI1NiJ9.secret.sig"
    event = parse_event(
        {
            "event": "session.recording_completed",
            "event_ts": 1,
            "payload": {"account_id": "acc", "object": {"session_id": "s"}},
            "download_token": token,
        }
    )
    assert isinstance(event, typed.SessionRecordingCompleted)
    assert event.download_token == token
    assert token not in repr(event)
    commerce = parse_event({"event": "commerce.order_status_changed", "payload": {}, "event_id": 7})
    assert isinstance(commerce, typed.CommerceOrderStatusChanged)
    assert commerce.event_id == "7" and commerce.extras == {"event_id": 7}


def test_an_event_zoom_does_not_describe_is_the_envelope_with_the_raw_payload() -> None:
    body = {
        "event": "meeting.something_zoom_adds_next_year",
        "event_ts": 1_800_000_000_000,
        "payload": {"account_id": "acc", "object": {"id": 1}, "operator": "x@example.com"},
        "new_top_level": True,
    }
    event = parse_event(json.dumps(body))
    assert type(event) is WebhookEvent
    assert not hasattr(event, "data")
    assert event.object == {"id": 1} and event.payload == body["payload"] and event.raw == body
    assert event.extras == {"new_top_level": True}
    assert event.event not in EVENT_TYPES
    with pytest.raises(KeyError):
        EVENT_TYPES[event.event]


# --- receiver.on(Class) -----------------------------------------------------------------------

SECRET = "typed-events-secret"


async def test_on_a_class_dispatches_its_event_through_the_receiver(clock: FakeClock) -> None:
    receiver = WebhookReceiver(SECRET, clock=clock)
    deleted: list[typed.PhoneRecordingDeleted] = []
    started: list[MeetingStarted] = []
    by_name: list[WebhookEvent] = []

    @receiver.on(typed.PhoneRecordingDeleted)
    async def on_deleted(event: typed.PhoneRecordingDeleted) -> None:
        deleted.append(event)

    @receiver.on(MeetingStarted)
    async def on_started(event: MeetingStarted) -> None:
        started.append(event)

    @receiver.on("phone.recording_deleted")
    async def on_name(event: WebhookEvent) -> None:
        by_name.append(event)

    recording = {"recordings": [{"id": "9a0887ca", "call_id": "6954218111457544837"}]}
    sender = WebhookSender(SECRET, clock=clock)
    async with (
        TestServer(receiver.app(path="/zoom"), host="127.0.0.1") as server,
        aiohttp.ClientSession() as session,
    ):
        url = str(server.make_url("/zoom"))
        answers = [
            await sender.send(session, url, event_body("phone.recording_deleted", recording)),
            await sender.send(session, url, event_body("meeting.started", {"topic": "Standup"})),
            await sender.send(session, url, event_body("meeting.something_new", {"id": 1})),
        ]
        assert [a.status for a in answers] == [200, 200, 200]
        await receiver.drain()
    (event,) = deleted
    assert type(event) is typed.PhoneRecordingDeleted
    obj = event.data.object
    assert obj and obj.recordings and obj.recordings[0].call_id == "6954218111457544837"
    assert by_name == [event]
    assert [e.meeting.topic for e in started] == ["Standup"]


def test_on_refuses_a_class_that_is_not_one_event() -> None:
    receiver = WebhookReceiver(SECRET)
    not_one_event: Any
    for not_one_event in (WebhookEvent, MeetingEvent, RecordingEvent, dict):
        with pytest.raises(TypeError, match="on_any"):
            receiver.on(not_one_event)
    assert repr(receiver) == "WebhookReceiver(handlers=[], in_flight=0)"


def test_on_a_class_makes_type_checkers_hold_the_handler_to_that_class(tmp_path: Path) -> None:
    snippet = textwrap.dedent(
        """\
        from typing import assert_type

        from aiozoom.webhooks import MeetingStarted, WebhookEvent, WebhookReceiver
        from aiozoom.webhooks.types import PhoneRecordingDeleted
        from aiozoom.webhooks.types.phone import PhoneRecordingDeletedPayload

        receiver = WebhookReceiver("secret")


        @receiver.on(PhoneRecordingDeleted)
        async def deleted(event: PhoneRecordingDeleted) -> None:
            assert_type(event.data, PhoneRecordingDeletedPayload)
            if event.data.object:
                for recording in event.data.object.recordings or ():
                    if recording.call_id:
                        assert_type(recording.call_id, str)


        @receiver.on(PhoneRecordingDeleted)
        async def wider(event: WebhookEvent) -> None: ...


        @receiver.on(MeetingStarted)
        async def started(event: MeetingStarted) -> None:
            print(event.meeting.topic, event.data.object)


        @receiver.on(PhoneRecordingDeleted)
        async def wrong(event: MeetingStarted) -> None: ...  # line 28: the one error
        """
    )
    (tmp_path / "snippet.py").write_text(snippet, encoding="utf-8")
    (tmp_path / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")
    cache = Path(tempfile.gettempdir()) / "aiozoom-test-typed-webhooks-mypy-cache"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--follow-imports=silent",
            "--config-file",
            "mypy.ini",
            "--cache-dir",
            str(cache),
            "snippet.py",
        ],
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, result.stdout + result.stderr
    assert errors[0].startswith("snippet.py:28: error: Argument 1 has incompatible type")
    assert '"Callable[[PhoneRecordingDeleted], Awaitable[object]]"' in errors[0]


# --- importing stays cheap --------------------------------------------------------------------


def test_importing_aiozoom_imports_no_generated_event_module() -> None:
    code = textwrap.dedent(
        """\
        import json, sys

        def loaded():
            prefix = "aiozoom.webhooks.types."
            return sorted(m.removeprefix(prefix) for m in sys.modules if m.startswith(prefix))

        steps = {}
        import aiozoom
        import aiozoom.webhooks
        from aiozoom.webhooks import EVENT_TYPES, WebhookReceiver, parse_event
        from aiozoom.webhooks.types import EVENTS
        steps["import"] = loaded()
        receiver = WebhookReceiver("secret")
        assert "phone.recording_deleted" in EVENT_TYPES and len(EVENT_TYPES) > 500
        steps["registry"] = loaded()
        parse_event({"event": "phone.recording_deleted", "payload": {}})
        parse_event({"event": "meeting.unknown_to_zoom", "payload": {}})
        steps["parse"] = loaded()
        from aiozoom.webhooks.types import ChatChannelCreated
        steps["attribute"] = loaded()
        from aiozoom.webhooks import MeetingStarted
        steps["hand-written name"] = loaded()
        print(json.dumps(steps))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "import": [],
        "registry": [],
        "parse": ["phone", "phone.phone_recording"],
        "attribute": ["phone", "phone.phone_recording", "team_chat", "team_chat.chat_channel"],
        "hand-written name": [
            "meetings",
            "meetings.meeting_started",
            "phone",
            "phone.phone_recording",
            "team_chat",
            "team_chat.chat_channel",
        ],
    }


_FIRST_PARSE = textwrap.dedent(
    """\
    import json, sys

    import aiozoom.webhooks
    from aiozoom.webhooks import parse_event

    def loaded():
        prefix = "aiozoom.webhooks.types."
        return sorted(m.removeprefix(prefix) for m in sys.modules if m.startswith(prefix))

    before = loaded()
    event = parse_event({"event": sys.argv[1], "event_ts": 1, "payload": {"object": {}}})
    module = sys.modules[type(event).__module__]
    print(json.dumps({
        "before": before,
        "after": loaded(),
        "class": [type(event).__module__, type(event).__name__],
        "events": sorted(getattr(module, n).EVENT_NAME for n in module.__all__
                         if hasattr(getattr(module, n), "EVENT_NAME")),
    }))
    """
)


def test_parsing_an_event_first_imports_only_the_module_of_its_family() -> None:
    """One event of each product, each parsed first thing in a fresh interpreter: of the generated
    package, that imports the product's package ``__init__`` (the lazy index of its classes) and
    the one module defining the event's class, which holds only events of the same family."""
    first: dict[str, str] = {}
    for name in sorted(typed.EVENTS):
        first.setdefault(typed.EVENTS[name][0], name)
    assert set(first) == set(typed.PRODUCTS)
    runs = {
        event: subprocess.Popen(
            [sys.executable, "-c", _FIRST_PARSE, event],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for event in first.values()
    }
    for event, run in runs.items():
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        seen = json.loads(out)
        product, class_name = typed.EVENTS[event]
        module, cls = seen["class"]
        assert cls == class_name
        assert _is_module_of(module, event), module
        leaf = module.removeprefix("aiozoom.webhooks.types.")
        assert seen["before"] == []
        assert seen["after"] == [product, leaf], event
        family = event.partition(".")[0]
        assert event in seen["events"]
        assert {e.partition(".")[0] for e in seen["events"]} == {family}


def test_no_generated_module_imports_another() -> None:
    """What makes the first parse cheap for every event, not just the ones tried above: a module
    of a product's package imports nothing of ``aiozoom.webhooks.types``, and the package
    ``__init__`` imports its modules only for type checkers."""
    root = REPO / "aiozoom" / "webhooks" / "types"
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # top-level statements; ``if TYPE_CHECKING:`` blocks are not run
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("aiozoom.webhooks.types"), path
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("aiozoom.webhooks") for a in node.names), path


# --- the generator ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def produced() -> dict[str, str]:
    if not WEBHOOKS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"Zoom's API Hub webhook descriptions are not at {WEBHOOKS}")
        pytest.skip(f"Zoom's API Hub descriptions are not at {HUB}")
    return generator.render_webhooks(WEBHOOKS)


@needs_hub
def test_the_generator_is_deterministic(produced: dict[str, str]) -> None:
    again = generator.render_webhooks(WEBHOOKS)
    assert list(again) == list(produced)
    assert again == produced


@needs_hub
def test_committed_types_are_what_the_generator_produces(produced: dict[str, str]) -> None:
    formatted = _format(produced)
    differ = [
        name
        for name, text in formatted.items()
        if not (REPO / name).is_file() or (REPO / name).read_text(encoding="utf-8") != text
    ]
    assert differ == [], "stale generated files; run: .venv/bin/python -m tools.codegen"
    assert [
        name for name in stale_files(REPO, formatted) if name.startswith(generator.PACKAGE)
    ] == []
    committed = (REPO / generator.PACKAGE).rglob("*.py")
    assert sorted(formatted) == sorted(p.relative_to(REPO).as_posix() for p in committed)
    # the index, and per product a package: its ``__init__`` and its modules
    packages: dict[str, list[str]] = {}
    for name in formatted:
        parts = name.removeprefix(generator.PACKAGE + "/").split("/")
        if parts != ["__init__.py"]:
            assert len(parts) == 2, name
            packages.setdefault(parts[0], []).append(parts[1])
    assert set(packages) == set(typed.PRODUCTS)
    assert all("__init__.py" in modules and len(modules) > 1 for modules in packages.values())
    for name, text in formatted.items():
        assert text.startswith(render.PY_MARKER + "\n"), name


def _recording_file_class(event: str) -> Any:
    payload_model = getattr(attrs.fields_dict(EVENT_TYPES[event])["data"].default, "factory", None)
    payload = typing.get_type_hints(payload_model)
    (obj,) = [t for t in typing.get_args(payload["object"]) if attrs.has(t)]
    files_type = typing.get_type_hints(obj)["recording_files"]
    (files,) = [t for t in typing.get_args(files_type) if typing.get_origin(t) is tuple]
    return typing.get_args(files)[0]


def _shape(cls: Any) -> tuple[Any, ...]:
    return tuple((f.name, f.metadata.get("json"), f.type) for f in attrs.fields(cls))


def _same_shape_anywhere(cls: Any) -> tuple[Any, ...]:
    """:func:`_shape` with the types as text, the module of each generated class left out."""

    def text(t: Any) -> str:
        return re.sub(r"aiozoom\.webhooks\.types(\.\w+)*\.(?=[A-Z])", "", str(t))

    return tuple((name, json_name, text(t)) for name, json_name, t in _shape(cls))


def test_models_of_one_shape_are_defined_once_per_module() -> None:
    for product in typed.PRODUCTS:
        for namespace in _modules(product):
            shapes: dict[tuple[Any, ...], str] = {}
            for name in namespace.__all__:
                cls = getattr(namespace, name)
                if not issubclass(cls, ZoomModel) or name.endswith("Payload"):
                    continue  # every event keeps its own payload class
                shape = _shape(cls)
                assert shape not in shapes, f"{namespace.__name__}: {name} is {shapes[shape]} again"
                shapes[shape] = name
    # recording.transcript_completed's files have the fields of recording.completed's: one class
    shared = _recording_file_class("recording.completed")
    assert shared.__name__ == "RecordingCompletedRecordingFile"
    assert _recording_file_class("recording.transcript_completed") is shared


def test_a_model_shared_by_events_of_several_modules_is_the_same_in_each() -> None:
    """A model the events of two modules share is defined in both, with one name and the same
    fields and docs, and the product's package exports one of them: so no module imports another."""
    copies = 0
    for product in typed.PRODUCTS:
        package = importlib.import_module(f"aiozoom.webhooks.types.{product}")
        defined: dict[str, list[Any]] = {}
        for namespace in _modules(product):
            for name in namespace.__all__:
                defined.setdefault(name, []).append(getattr(namespace, name))
        assert set(defined) == set(package.__all__)
        for name, classes in defined.items():
            exported = getattr(package, name)
            assert exported in classes
            for cls in classes:
                assert cls.__name__ == name and cls.__doc__ == exported.__doc__
                assert _same_shape_anywhere(cls) == _same_shape_anywhere(exported)
                assert issubclass(cls, ZoomModel) or len(classes) == 1  # events are never copied
            copies += len(classes) - 1
    assert copies == 118  # of 1,905 classes (Zoom's API Hub, March 2026 snapshot)

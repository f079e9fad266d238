"""Typed Zoom webhook events, and :func:`parse_event` that builds them from a delivery body.

Every delivery is an envelope::

    {"event": "meeting.started", "event_ts": 1800000000000,
     "payload": {"account_id": "...", "object": {...}}, ...}

:class:`WebhookEvent` holds that envelope for any event, known or not: the event name, ``event_ts``
(milliseconds), ``payload.account_id``, the raw ``payload.object`` and ``payload`` dicts, and the
whole decoded body in ``raw`` (so top-level extras such as ``download_token`` are reachable).

Every event Zoom describes (534 of them, in :mod:`aiozoom.webhooks.types`: a package per product,
a module per family of events) has a generated subclass named after it (``phone.recording_deleted``
-> :class:`~aiozoom.webhooks.types.PhoneRecordingDeleted`) whose ``data`` field is the ``payload``
as a typed model. An event's module is imported the first time one of its events is parsed or one
of its classes is looked up, and no other module with it, so importing this module stays cheap and
so does the first delivery of an event. A few events also have the typed fields of a hand-written
base class of this module:

==================================  =============================================================
``meeting.started``                 :class:`MeetingStarted`: ``meeting``
``meeting.ended``                   :class:`MeetingEnded`: ``meeting``
``meeting.participant_joined``      :class:`MeetingParticipantJoined`: ``meeting``, ``participant``
``meeting.participant_left``        :class:`MeetingParticipantLeft`: ``meeting``, ``participant``
``recording.completed``             :class:`RecordingCompleted`: ``recording``, ``download_token``
``recording.transcript_completed``  :class:`RecordingTranscriptCompleted`: the same
``endpoint.url_validation``         :class:`UrlValidation`: ``plain_token``
==================================  =============================================================

(The first six are the generated classes of those events, importable from here too.)

Parsing is lenient on purpose, because Zoom adds fields and occasionally changes a type. In the
hand-written fields unknown keys are ignored, missing or unusable values become ``None`` (an empty
object or tuple for nested models); they are structured by the one converter in this module. The
generated ``data`` models go through :mod:`aiozoom.models`' converter, like API responses: absent
keys are ``UNSET``, a value of another type than described is kept as Zoom sent it, and keys no
field knows are kept in each model's ``extra``, so ``data`` unstructures back to the payload
received. The raw dicts always stay available. Only a body that is not a Zoom envelope at all (not
JSON, not an object, no ``event`` name, no ``payload`` object) raises :class:`InvalidWebhookError`.
"""

from __future__ import annotations

import importlib
import json
import math
import types
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from aiozoom.errors import ZoomError
from aiozoom.models._base import ZoomModel
from aiozoom.models._converter import structure as _structure_model
from aiozoom.webhooks.types import EVENTS as _GENERATED

if TYPE_CHECKING:
    from aiozoom.webhooks.types.meetings import (
        MeetingEnded,
        MeetingParticipantJoined,
        MeetingParticipantLeft,
        MeetingStarted,
        RecordingCompleted,
        RecordingTranscriptCompleted,
    )

__all__ = [
    "EVENT_TYPES",
    "InvalidWebhookError",
    "Meeting",
    "MeetingEnded",
    "MeetingEvent",
    "MeetingParticipantEvent",
    "MeetingParticipantJoined",
    "MeetingParticipantLeft",
    "MeetingStarted",
    "Participant",
    "Recording",
    "RecordingCompleted",
    "RecordingEvent",
    "RecordingFile",
    "RecordingTranscriptCompleted",
    "UrlValidation",
    "WebhookEvent",
    "parse_event",
]

T = TypeVar("T")


class InvalidWebhookError(ZoomError):
    """A delivery body is not a Zoom webhook envelope (not JSON, not an object, no ``event``...)."""


# --- nested models -------------------------------------------------------------------------------


@attrs.frozen
class Meeting:
    """The meeting in ``payload.object`` of ``meeting.*`` events.

    ``id`` is the meeting number; ``uuid`` identifies this one instance of it.
    """

    id: int | None = None
    uuid: str | None = None
    host_id: str | None = None
    topic: str | None = None
    type: int | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    timezone: str | None = None
    duration: int | None = None


@attrs.frozen
class Participant:
    """``payload.object.participant`` of ``meeting.participant_joined`` / ``_left``.

    ``user_id`` is the participant's id within this meeting; ``id`` is their Zoom user id when
    signed in (empty otherwise); ``participant_uuid`` stays the same across rejoins.
    """

    id: str | None = None
    user_id: str | None = None
    user_name: str | None = None
    participant_uuid: str | None = None
    participant_user_id: str | None = None
    email: str | None = None
    registrant_id: str | None = None
    customer_key: str | None = None
    phone_number: str | None = None
    public_ip: str | None = None
    join_time: datetime | None = None
    leave_time: datetime | None = None
    leave_reason: str | None = None


@attrs.frozen
class RecordingFile:
    """One file of a cloud recording (``recording_files[]`` / ``participant_audio_files[]``).

    ``file_type`` is e.g. ``MP4``, ``M4A``, ``TRANSCRIPT``, ``CHAT``, ``CC``, ``TIMELINE``; it is a
    plain string so a type Zoom adds tomorrow still parses. ``meeting_id`` is the meeting UUID.
    Download ``download_url`` with the event's ``download_token`` (or an OAuth token) as a bearer.
    """

    id: str | None = None
    meeting_id: str | None = None
    recording_start: datetime | None = None
    recording_end: datetime | None = None
    file_type: str | None = None
    file_extension: str | None = None
    file_name: str | None = None
    file_size: int | None = None
    play_url: str | None = None
    download_url: str | None = None
    status: str | None = None
    recording_type: str | None = None


@attrs.frozen
class Recording:
    """The recorded meeting in ``payload.object`` of ``recording.*`` events."""

    id: int | None = None
    uuid: str | None = None
    account_id: str | None = None
    host_id: str | None = None
    host_email: str | None = None
    topic: str | None = None
    type: int | None = None
    start_time: datetime | None = None
    timezone: str | None = None
    duration: int | None = None
    total_size: int | None = None
    recording_count: int | None = None
    share_url: str | None = None
    password: str | None = attrs.field(default=None, repr=False)
    recording_play_passcode: str | None = attrs.field(default=None, repr=False)
    recording_files: tuple[RecordingFile, ...] = ()
    participant_audio_files: tuple[RecordingFile, ...] = ()


# --- events --------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class WebhookEvent:
    """The envelope every Zoom webhook delivery has; unknown events are delivered as this class.

    ``payload``, ``object`` and ``raw`` are the decoded JSON as received (``raw`` is the whole
    body), so nothing Zoom sends is lost even where no typed field exists for it yet.
    """

    EVENT_NAME: ClassVar[str | None] = None
    """The Zoom event a subclass is for (``"phone.recording_deleted"``); ``None`` here."""

    event: str
    event_ts: int | None = None
    """When the event happened, in Unix milliseconds (see :attr:`occurred_at`)."""
    account_id: str | None = None
    object: Mapping[str, Any] | None = attrs.field(default=None, hash=False, repr=False)
    """``payload.object`` as received (``None`` when absent or not an object)."""
    payload: Mapping[str, Any] = attrs.field(factory=dict, hash=False, repr=False)
    raw: Mapping[str, Any] = attrs.field(factory=dict, hash=False, repr=False)

    @property
    def occurred_at(self) -> datetime | None:
        """``event_ts`` as an aware UTC datetime."""
        if self.event_ts is None:
            return None
        return datetime.fromtimestamp(self.event_ts / 1000, tz=UTC)

    @property
    def extras(self) -> Mapping[str, Any]:
        """The top-level keys beside the envelope's own, e.g. ``download_token``."""
        return {k: v for k, v in self.raw.items() if k not in ("event", "event_ts", "payload")}


@attrs.frozen(kw_only=True)
class MeetingEvent(WebhookEvent):
    """Base of ``meeting.started``, ``meeting.ended`` and the participant events:
    ``payload.object`` as a :class:`Meeting`."""

    meeting: Meeting = attrs.Factory(Meeting)


@attrs.frozen(kw_only=True)
class MeetingParticipantEvent(MeetingEvent):
    """Base of participant events: the meeting plus ``payload.object.participant``."""

    participant: Participant = attrs.Factory(Participant)


@attrs.frozen(kw_only=True)
class RecordingEvent(WebhookEvent):
    """Base of ``recording.completed`` and ``recording.transcript_completed``: ``payload.object``
    as a :class:`Recording`.

    ``download_token`` comes from beside ``payload`` and lets you download the files for 24 hours
    (send it as ``Authorization: Bearer``). It is a credential, so it is left out of ``repr``.
    """

    recording: Recording = attrs.Factory(Recording)
    download_token: str | None = attrs.field(default=None, repr=False)


@attrs.frozen(kw_only=True)
class UrlValidation(WebhookEvent):
    """``endpoint.url_validation``: Zoom checks the endpoint; answer with
    :func:`~aiozoom.webhooks.url_validation_response` (the receiver does this by itself)."""

    EVENT_NAME = "endpoint.url_validation"

    plain_token: str | None = None


# --- the converter -------------------------------------------------------------------------------

_converter = cattrs.Converter()


def _lenient_str(value: Any, _: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _lenient_int(value: Any, _: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.lstrip("-").isdigit():
            return int(text)
    return None


def _lenient_bool(value: Any, _: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _lenient_datetime(value: Any, _: Any) -> datetime | None:
    """Zoom's ISO-8601 times (``2026-05-31T10:00:00Z``); anything unparsable becomes ``None``."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _is_optional_of(scalar: type) -> Callable[[Any], bool]:
    def predicate(tp: Any) -> bool:
        is_union = get_origin(tp) in (Union, types.UnionType)
        return is_union and set(get_args(tp)) == {scalar, type(None)}

    return predicate


for _scalar, _hook in (
    (str, _lenient_str),
    (int, _lenient_int),
    (bool, _lenient_bool),
    (datetime, _lenient_datetime),
):
    _converter.register_structure_hook_func(_is_optional_of(_scalar), _hook)


def _model_hook(cls: type[Any]) -> Callable[[Any, Any], Any]:
    """Structure a nested model from a dict; anything else becomes the empty model."""
    structure = make_dict_structure_fn(cls, _converter)

    def hook(value: Any, tp: Any) -> Any:
        return structure(value, tp) if isinstance(value, Mapping) else cls()

    return hook


_converter.register_structure_hook_factory(attrs.has, _model_hook)


def _is_model_tuple(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis and attrs.has(args[0])


def _model_tuple(value: Any, tp: Any) -> tuple[Any, ...]:
    """A list of objects; non-lists become ``()`` and items that are not objects are dropped."""
    if not isinstance(value, list | tuple):
        return ()
    item_type = get_args(tp)[0]
    return tuple(_converter.structure(v, item_type) for v in value if isinstance(v, Mapping))


_converter.register_structure_hook_func(_is_model_tuple, _model_tuple)


def _structure(value: Any, cls: type[T]) -> T:
    return _converter.structure(value, cls)


# --- parsing -------------------------------------------------------------------------------------


def _meeting_fields(obj: Mapping[str, Any] | None, raw: Mapping[str, Any]) -> dict[str, Any]:
    return {"meeting": _structure(obj, Meeting)}


def _participant_fields(obj: Mapping[str, Any] | None, raw: Mapping[str, Any]) -> dict[str, Any]:
    participant = obj.get("participant") if obj is not None else None
    return {**_meeting_fields(obj, raw), "participant": _structure(participant, Participant)}


def _recording_fields(obj: Mapping[str, Any] | None, raw: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "recording": _structure(obj, Recording),
        "download_token": _lenient_str(raw.get("download_token"), None),
    }


def _url_validation_fields(obj: Mapping[str, Any] | None, raw: Mapping[str, Any]) -> dict[str, Any]:
    payload = raw["payload"]
    return {"plain_token": _lenient_str(payload.get("plainToken"), None)}


_FieldBuilder = Callable[[Mapping[str, Any] | None, Mapping[str, Any]], dict[str, Any]]

_BUILDERS: dict[type[WebhookEvent], _FieldBuilder] = {
    MeetingParticipantEvent: _participant_fields,
    MeetingEvent: _meeting_fields,
    RecordingEvent: _recording_fields,
    UrlValidation: _url_validation_fields,
}
"""The hand-written fields of a class, by the nearest of these bases in its MRO."""

_TYPES_PACKAGE = "aiozoom.webhooks.types"
_LOADED: dict[str, type[WebhookEvent]] = {UrlValidation.EVENT_NAME: UrlValidation}


def _event_class(name: str) -> type[WebhookEvent] | None:
    """The class of the event ``name`` (importing the one module defining it), or ``None``."""
    cls = _LOADED.get(name)
    if cls is None:
        entry = _GENERATED.get(name)
        if entry is None:
            return None
        module, class_name = entry
        cls = getattr(importlib.import_module(f"{_TYPES_PACKAGE}.{module}"), class_name)
        _LOADED[name] = cls
    return cls


class _EventTypes(Mapping[str, type[WebhookEvent]]):
    """Event name -> class, reading the registry of :mod:`aiozoom.webhooks.types`: looking up one
    event imports only the module defining its class (iterating over the values imports all)."""

    def __getitem__(self, name: str) -> type[WebhookEvent]:
        cls = _event_class(name) if isinstance(name, str) else None
        if cls is None:
            raise KeyError(name)
        return cls

    def __contains__(self, name: object) -> bool:
        return name in _GENERATED or name == UrlValidation.EVENT_NAME

    def __iter__(self) -> Iterator[str]:
        yield from _GENERATED
        if UrlValidation.EVENT_NAME not in _GENERATED:
            yield UrlValidation.EVENT_NAME

    def __len__(self) -> int:
        return len(_GENERATED) + (UrlValidation.EVENT_NAME not in _GENERATED)

    def __repr__(self) -> str:
        return f"<EVENT_TYPES: {len(self)} Zoom webhook events>"


EVENT_TYPES: Mapping[str, type[WebhookEvent]] = _EventTypes()
"""Event name -> the class :func:`parse_event` builds, for every event Zoom describes and
``endpoint.url_validation``; other events become :class:`WebhookEvent`. Looking up an event imports
the one module of :mod:`aiozoom.webhooks.types` that defines its class."""


@attrs.frozen
class _Plan:
    """How :func:`parse_event` fills a class beyond the envelope."""

    builder: _FieldBuilder | None
    payload_model: type[ZoomModel] | None
    envelope_keys: tuple[str, ...]


_PLANS: dict[type[WebhookEvent], _Plan] = {}


def _plan(cls: type[WebhookEvent]) -> _Plan:
    plan = _PLANS.get(cls)
    if plan is not None:
        return plan
    builder = next((_BUILDERS[base] for base in cls.__mro__ if base in _BUILDERS), None)
    fields = attrs.fields_dict(cls)
    model: type[ZoomModel] | None = None
    # A generated class's ``data`` defaults to an empty payload model: that is its model class.
    default = fields["data"].default if "data" in fields else None
    factory = getattr(default, "factory", None)
    if isinstance(factory, type) and issubclass(factory, ZoomModel):
        model = factory
    keys = tuple(name for name, f in fields.items() if f.metadata.get("envelope"))
    plan = _PLANS[cls] = _Plan(builder, model, keys)
    return plan


def _decode_envelope(body: bytes | str | Mapping[str, Any]) -> dict[str, Any]:
    """The decoded body, checked to be a Zoom envelope; raises :class:`InvalidWebhookError`."""
    if isinstance(body, Mapping):
        data: Any = dict(body)
    elif isinstance(body, bytes | bytearray | memoryview | str):
        try:
            data = json.loads(bytes(body) if isinstance(body, memoryview) else body)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
            raise InvalidWebhookError(f"the webhook body is not valid JSON: {exc}") from None
    else:
        raise TypeError(f"body must be bytes, str or a mapping, not {type(body).__name__}")
    if not isinstance(data, dict):
        raise InvalidWebhookError(
            f"the webhook body is a JSON {type(data).__name__}, not an object"
        )
    event = data.get("event")
    if not isinstance(event, str) or not event:
        raise InvalidWebhookError("the webhook body has no 'event' name")
    if not isinstance(data.get("payload"), Mapping):
        raise InvalidWebhookError(f"the {event!r} webhook body has no 'payload' object")
    return data


def parse_event(body: bytes | str | Mapping[str, Any]) -> WebhookEvent:
    """Build the typed event for a delivery body (raw bytes, JSON text, or an already decoded dict).

    Returns an instance of the class :data:`EVENT_TYPES` lists for the event name (its ``data``
    the payload as a typed model), or a plain :class:`WebhookEvent` for any other event. Raises
    :class:`InvalidWebhookError` if the body is not JSON, not an object, or lacks the ``event``
    name or the ``payload`` object; a value of an unexpected type never raises.
    """
    raw = _decode_envelope(body)
    payload: Mapping[str, Any] = raw["payload"]
    obj = payload.get("object")
    obj = obj if isinstance(obj, Mapping) else None
    cls = _event_class(raw["event"]) or WebhookEvent
    plan = _plan(cls)
    fields = plan.builder(obj, raw) if plan.builder is not None else {}
    if plan.payload_model is not None:
        fields["data"] = _structure_model(payload, plan.payload_model)
    for key in plan.envelope_keys:
        fields[key] = _lenient_str(raw.get(key), None)
    return cls(
        event=raw["event"],
        event_ts=_lenient_int(raw.get("event_ts"), None),
        account_id=_lenient_str(payload.get("account_id"), None),
        object=obj,
        payload=payload,
        raw=raw,
        **fields,
    )


_GENERATED_HERE = frozenset(
    {
        "MeetingEnded",
        "MeetingParticipantJoined",
        "MeetingParticipantLeft",
        "MeetingStarted",
        "RecordingCompleted",
        "RecordingTranscriptCompleted",
    }
)


def __getattr__(name: str) -> Any:
    """The generated classes named in this module's table, imported on first use."""
    if name in _GENERATED_HERE:
        types_package = importlib.import_module(_TYPES_PACKAGE)
        value = getattr(types_package, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

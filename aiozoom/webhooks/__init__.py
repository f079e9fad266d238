"""Receiving Zoom webhooks: signature checks, typed events, deduplication and an aiohttp receiver.

- :func:`verify` / :func:`url_validation_response` (:mod:`.verify`): pure checks of Zoom's
  ``x-zm-signature`` scheme and the answer to ``endpoint.url_validation``.
- :func:`parse_event` and the event models (:mod:`.events`): a delivery body as a typed event.
- :mod:`.types`: the generated class of every event Zoom describes, a package per product and a
  module per family of events (``from aiozoom.webhooks.types import PhoneRecordingDeleted``), each
  module imported on first use.
- :class:`DedupeStore` / :class:`MemoryDedupeStore` (:mod:`.dedupe`): each delivery handled once.
- :class:`WebhookReceiver` (:mod:`.receiver`): all of the above behind one aiohttp handler.
"""

from typing import TYPE_CHECKING, Any

from aiozoom.webhooks.dedupe import (
    DEFAULT_DEDUPE_WINDOW,
    DedupeStore,
    MemoryDedupeStore,
    delivery_key,
)
from aiozoom.webhooks.events import (
    EVENT_TYPES,
    InvalidWebhookError,
    Meeting,
    MeetingEvent,
    MeetingParticipantEvent,
    Participant,
    Recording,
    RecordingEvent,
    RecordingFile,
    UrlValidation,
    WebhookEvent,
    parse_event,
)
from aiozoom.webhooks.receiver import ANY_EVENT, DEFAULT_MAX_BODY_SIZE, Handler, WebhookReceiver
from aiozoom.webhooks.verify import (
    DEFAULT_TOLERANCE,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    MalformedSignatureError,
    MalformedTimestampError,
    MissingHeaderError,
    SignatureMismatchError,
    StaleTimestampError,
    WebhookVerificationError,
    compute_signature,
    url_validation_response,
    verify,
)

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
    "ANY_EVENT",
    "DEFAULT_DEDUPE_WINDOW",
    "DEFAULT_MAX_BODY_SIZE",
    "DEFAULT_TOLERANCE",
    "EVENT_TYPES",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "DedupeStore",
    "Handler",
    "InvalidWebhookError",
    "MalformedSignatureError",
    "MalformedTimestampError",
    "Meeting",
    "MeetingEnded",
    "MeetingEvent",
    "MeetingParticipantEvent",
    "MeetingParticipantJoined",
    "MeetingParticipantLeft",
    "MeetingStarted",
    "MemoryDedupeStore",
    "MissingHeaderError",
    "Participant",
    "Recording",
    "RecordingCompleted",
    "RecordingEvent",
    "RecordingFile",
    "RecordingTranscriptCompleted",
    "SignatureMismatchError",
    "StaleTimestampError",
    "UrlValidation",
    "WebhookEvent",
    "WebhookReceiver",
    "WebhookVerificationError",
    "compute_signature",
    "delivery_key",
    "parse_event",
    "url_validation_response",
    "verify",
]


_LAZY = frozenset(
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
    """Generated event classes exported here, imported with their module on first use."""
    if name in _LAZY:
        from aiozoom.webhooks import events

        value = getattr(events, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

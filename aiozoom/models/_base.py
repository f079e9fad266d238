"""What every generated model shares: the ``UNSET`` sentinel and the ``ZoomModel`` base class.

A response field Zoom did not send is ``UNSET``; a field Zoom sent as ``null`` is ``None``. Both are
falsy, so ``if meeting.topic:`` works; ``meeting.topic is not UNSET`` tells them apart (and narrows
the type for mypy).

``repr()`` of a model never shows a credential: :func:`is_secret` decides, by the JSON name,
which values are shown as ``<redacted>``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import Any, ClassVar, Final, Literal, TypeAlias, TypeVar, cast

import attrs

__all__ = ["UNSET", "Missing", "Unset", "ZoomModel", "is_secret"]

T = TypeVar("T")


class Unset(enum.Enum):
    """The type of :data:`UNSET`: a field that was absent from the JSON (not ``null``)."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> Literal[False]:
        return False


UNSET: Final = Unset.UNSET
"""The value of a model field Zoom did not send."""

Missing: TypeAlias = T | Unset
"""``Missing[X]`` is ``X | Unset``: a value that may have been absent."""


_SECRET_WORDS = frozenset({"password", "passcode", "pwd", "pin", "token", "zak", "secret"})
_SECRET_NAMES = frozenset(
    {
        "start_url",  # carries the host's ZAK: whoever has it starts the meeting as the host
        "host_key",
        "stream_key",
        "activation_code",
        "default_password_for_scheduled_meetings",
    }
)
_PUBLIC_NAMES = frozenset({"next_page_token"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def is_secret(name: str, value: object) -> bool:
    """Whether the value of the JSON field (or key) ``name`` is a credential, left out of ``repr``.

    A name is secret when its last word is ``password``, ``passcode``, ``pwd``, ``pin``,
    ``token``, ``zak`` or ``secret`` (``h323_password``, ``room_passcode``, ``leader_pin``,
    ``download_access_token``, ``client_secret``; ``camelCase`` names count as ``snake_case``), or
    when it is ``start_url``, ``host_key``, ``stream_key``, ``activation_code`` or
    ``default_password_for_scheduled_meetings``. ``next_page_token`` is a cursor, not a secret.
    Names that only mention a secret (``require_password_for_pmi_meetings``,
    ``minimum_password_length``) and public identifiers (``customer_key``, ``session_key``,
    ``key``) are not.

    A boolean or ``None`` value is never secret: ``meeting_password: true`` and
    ``pmi_password: false`` are settings saying whether a passcode is required.
    """
    if value is None or isinstance(value, bool | Unset):
        return False
    snake = _CAMEL.sub("_", name).lower()
    if snake in _PUBLIC_NAMES:
        return False
    return snake in _SECRET_NAMES or snake.rpartition("_")[2] in _SECRET_WORDS


class _Redacted:
    def __repr__(self) -> str:
        return "<redacted>"


_REDACTED: Final = _Redacted()


def _safe(name: str, value: Any) -> Any:
    """``value`` for ``repr``: ``<redacted>`` if it is secret, plain data searched for keys that
    are (models redact their own fields)."""
    if is_secret(name, value):
        return _REDACTED
    if isinstance(value, Mapping) and not isinstance(value, ZoomModel):
        return {k: _safe(k, v) if isinstance(k, str) else v for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(_safe("", v) for v in value)
    if isinstance(value, list):
        return [_safe("", v) for v in value]
    return value


class ZoomModel:
    """Base class of the generated request and response models.

    Subclasses are frozen, slotted attrs classes whose last field, ``extra``, holds the JSON keys
    the model does not know (a field Zoom added after this version of aiozoom was generated); the
    converter fills it and writes it back, so nothing Zoom sends is dropped.

    ``repr()`` shows the fields that are set. Secrets (see :func:`is_secret`), in fields and in
    ``extra`` alike, appear as ``<redacted>``; their values stay readable as attributes and in
    ``unstructure`` output.
    """

    __slots__ = ("_raw", "_reads")

    extra: Mapping[str, Any]
    __zoom_plan__: ClassVar[Mapping[str, tuple[str, Any, Any, Any, int]]]
    __zoom_known__: ClassVar[frozenset[str]]

    def __getattr__(self, name: str) -> Any:
        # Only for a field not set yet: a model structured from JSON reads each field from the
        # JSON the first time it is asked for (see aiozoom.models._converter), then keeps it.
        # _reads has a bit for each field read so; after a few, the rest are read at once.
        try:
            raw = _get_raw(self)
            if name == "extra":  # the keys this version does not know, kept as Zoom sent them
                known = type(self).__zoom_known__
                extra = {k: v for k, v in raw.items() if k not in known}
                _set(self, "extra", extra)
                return extra
            plan = type(self).__zoom_plan__
            key, hook, tp, default, bit = plan[name]
        except (AttributeError, KeyError):
            raise AttributeError(
                f"{type(self).__name__!r} object has no attribute {name!r}"
            ) from None
        if key in raw:
            value = raw[key]
            if hook is not None and value is not None:
                value = hook(value, tp)
        else:
            value = default
        _set(self, name, value)
        reads = _get_reads(self) | bit
        _set(self, "_reads", reads)
        if reads.bit_count() > _READS_BEFORE_FILL:
            # A caller who reads this many fields likely reads them all: the others are read
            # now, in one pass, rather than each through this method (which costs more).
            _fill(self, raw, plan, reads)
        return value

    def __repr__(self) -> str:
        shown = []
        for field in attrs.fields(cast(Any, type(self))):
            value = getattr(self, field.name)
            if value is UNSET or (value is None and field.default is None):
                continue
            if field.name == "extra" and not value:
                continue
            name = field.metadata.get("json", field.name)
            shown.append(f"{field.name}={_safe(name, value)!r}")
        return f"{type(self).__name__}({', '.join(shown)})"


_get_raw = ZoomModel._raw.__get__  # type: ignore[attr-defined]  # the slot, unset: AttributeError
_get_reads = ZoomModel._reads.__get__  # type: ignore[attr-defined]
_set = object.__setattr__
_READS_BEFORE_FILL = 3


def _fill(
    model: ZoomModel,
    raw: Mapping[str, Any],
    plan: Mapping[str, tuple[str, Any, Any, Any, int]],
    reads: int,
) -> None:
    """Set every field of ``model`` not read yet (a bit of ``reads`` says which were)."""
    for name, (key, hook, tp, default, bit) in plan.items():
        if reads & bit:
            continue  # read before: its value (a nested model, a date) stays the same object
        if key in raw:
            value = raw[key]
            if hook is not None and value is not None:
                value = hook(value, tp)
        else:
            value = default
        _set(model, name, value)
    _set(model, "_reads", -1)  # every bit: nothing left to read

"""The fake Zoom's cloud recordings: files of ended meetings, the trash, download tokens, and the
bytes each file holds.

Plain data and rules, no HTTP: :mod:`aiozoom.testing.fake_zoom` answers the recording routes and
the download endpoint with these objects, and :mod:`aiozoom.testing.file_host` serves the bytes.

What Zoom does and the fake copies:

- Each meeting *instance* (each time a meeting ends) has its own UUID and its own recording. A
  meeting ID in a path means the latest instance that has a recording; a UUID means that instance.
- ``GET /users/{userId}/recordings`` lists by the UTC date of ``start_time`` within ``from`` and
  ``to`` (``yyyy-mm-dd``), and spans at most one month. The fake's rule: ``to`` may be at most one
  calendar month after ``from`` (the same day number of the next month, or that month's last day
  when it is shorter: from 2027-01-31 the latest ``to`` is 2027-02-28).
- Deleting with ``action=trash`` (the default) moves a recording or one file to the trash: it
  disappears from ``GET /meetings/{meetingId}/recordings`` and from lists, except lists asked
  for ``trash=true``. ``action=delete`` removes it for good (from the trash too).
- A meeting without a recording (never ended, ended unrecorded, unknown, or its recording
  trashed or deleted) answers 404 ``{"code": 3301, "message": "There is no recording for this
  meeting."}``; an unknown recording file answers 404 code 3301 ``"This recording does not
  exist."``.
- ``download_access_token`` (``include_fields=download_access_token``) and a webhook's
  ``download_token`` are valid for 24 hours and download the files of their recording only.

A file's bytes are a function of its ID and size (:func:`file_chunks`): a 1 MiB pseudo-random
block seeded from the ID, repeated with each repetition's first 8 bytes replaced by its index, so
that no two MiB of a file are alike and a download resumed at a wrong offset fails its checksum.
Nothing ever holds a whole file in memory.
"""

from __future__ import annotations

import base64
import calendar
import functools
import hashlib
import random
import re
import secrets
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

import attrs

from aiozoom.testing._state import ApiFailure, iso

__all__ = [
    "DEFAULT_FILE_SIZES",
    "DOWNLOAD_TOKEN_TTL",
    "FILE_KINDS",
    "DownloadGrant",
    "FileKind",
    "MeetingRecording",
    "RecordingFile",
    "RecordingStore",
    "file_chunks",
    "file_sha256",
    "month_after",
    "parse_date_range",
]

KiB = 1024
BLOCK_SIZE = 1024 * KiB  # the pseudo-random block a file's bytes repeat
CHUNK_SIZE = 64 * KiB  # what file_chunks yields at most at a time
DOWNLOAD_TOKEN_TTL = 24 * 60 * 60
MAX_DOWNLOAD_TOKEN_TTL = 7 * 24 * 60 * 60  # the longest ``ttl`` GET .../recordings accepts

NO_RECORDING = "There is no recording for this meeting."
NO_FILE = "This recording does not exist."
RANGE_TOO_WIDE = "The maximum range can be a month."
FROM_AFTER_TO = "The from date can not be later than the to date."
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Action = Literal["trash", "delete"]
TrashType = Literal["meeting_recordings", "recording_file"]


@attrs.frozen
class FileKind:
    """What Zoom says about one ``file_type``: its extension, ``recording_type`` and MIME type."""

    file_extension: str
    recording_type: str
    content_type: str


FILE_KINDS: Mapping[str, FileKind] = {
    "MP4": FileKind("MP4", "shared_screen_with_speaker_view", "video/mp4"),
    "M4A": FileKind("M4A", "audio_only", "audio/mp4"),
    "TRANSCRIPT": FileKind("VTT", "audio_transcript", "text/vtt"),
    "CHAT": FileKind("TXT", "chat_file", "text/plain"),
}
"""The file types :meth:`FakeZoom.end_meeting <aiozoom.testing.FakeZoom.end_meeting>` makes."""

DEFAULT_FILE_SIZES: Mapping[str, int] = {
    "MP4": 256 * KiB,
    "M4A": 64 * KiB,
    "TRANSCRIPT": 4 * KiB,
    "CHAT": 2 * KiB,
}
"""Bytes in each file type unless ``file_size`` says otherwise: small, so tests stay fast."""


@attrs.define(eq=False)
class RecordingFile:
    """One file of a cloud recording (an element of ``recording_files``)."""

    id: str
    meeting_uuid: str
    file_type: str
    file_size: int
    recording_start: float
    recording_end: float
    trashed_at: float | None = None
    """When this file alone was moved to the trash (``None``: it was not)."""
    removed: bool = False
    """Deleted for good: gone from every answer, no longer downloadable."""

    @property
    def kind(self) -> FileKind:
        return FILE_KINDS[self.file_type]

    def to_json(self, origin: str, *, deleted_time: float | None = None) -> dict[str, Any]:
        """The file as Zoom answers it; URLs on ``origin`` (the fake's web host)."""
        data: dict[str, Any] = {
            "id": self.id,
            "meeting_id": self.meeting_uuid,
            "recording_start": iso(self.recording_start),
            "recording_end": iso(self.recording_end),
            "file_type": self.file_type,
            "file_extension": self.kind.file_extension,
            "file_size": self.file_size,
            "play_url": f"{origin}/rec/play/{self.id}",
            "download_url": f"{origin}/rec/download/{self.id}",
            "status": "completed",
            "recording_type": self.kind.recording_type,
        }
        if deleted_time is not None:
            data["deleted_time"] = iso(deleted_time)
        return data


@attrs.define(eq=False)
class MeetingRecording:
    """The cloud recording of one meeting instance: its meeting's details and its files."""

    account_id: str
    uuid: str
    meeting_id: int
    host_id: str
    host_email: str
    topic: str
    type: int
    timezone: str
    password: str
    start: float
    end: float
    files: list[RecordingFile] = attrs.field(repr=False)
    play_passcode: str = attrs.field(factory=lambda: secrets.token_urlsafe(24), repr=False)
    share_token: str = attrs.field(factory=lambda: secrets.token_urlsafe(16), repr=False)
    trashed_at: float | None = None
    """When the whole recording was moved to the trash (``None``: it was not)."""
    removed: bool = False

    def live_files(self) -> list[RecordingFile]:
        """Files neither trashed one by one nor deleted (whether or not the whole is trashed)."""
        return [f for f in self.files if f.trashed_at is None and not f.removed]

    @property
    def visible(self) -> bool:
        """Answered by ``GET /meetings/{meetingId}/recordings``: not trashed, some file left."""
        return not self.removed and self.trashed_at is None and bool(self.live_files())

    def to_json(
        self,
        origin: str,
        files: Sequence[RecordingFile] | None = None,
        *,
        listing: bool = False,
        deleted_time: float | None = None,
    ) -> dict[str, Any]:
        """The recording as ``GET /meetings/{meetingId}/recordings`` answers it (``listing``:
        as an item of ``GET /users/{userId}/recordings``, without the passcodes).

        ``files`` defaults to the live files; ``deleted_time`` marks them (trash listings).
        """
        shown = self.live_files() if files is None else list(files)
        data: dict[str, Any] = {
            "uuid": self.uuid,
            "id": self.meeting_id,
            "account_id": self.account_id,
            "host_id": self.host_id,
            "host_email": self.host_email,
            "topic": self.topic,
            "type": str(self.type),  # a string in Zoom's description ("1" .. "6")
            "start_time": iso(self.start),
            "timezone": self.timezone,
            "duration": max(1, round((self.end - self.start) / 60)),
            "total_size": sum(f.file_size for f in shown),
            "recording_count": len(shown),
            "share_url": f"{origin}/rec/share/{self.share_token}",
            "recording_files": [
                f.to_json(
                    origin,
                    deleted_time=f.trashed_at if f.trashed_at is not None else deleted_time,
                )
                for f in shown
            ],
        }
        if not listing:
            data["password"] = self.password
            data["recording_play_passcode"] = self.play_passcode
        return data


@attrs.frozen
class DownloadGrant:
    """A ``download_access_token`` or webhook ``download_token``: one recording, until a time."""

    account_id: str
    meeting_uuid: str
    expires_at: float
    kind: Literal["download_access_token", "download_token"]


class RecordingStore:
    """Every cloud recording the fake Zoom keeps, for all its accounts, with Zoom's rules.

    ``origin`` is the fake's web host (``download_url``, ``play_url`` and ``share_url`` are on
    it); the fake sets it when it starts. Errors are raised as Zoom answers them
    (:class:`~aiozoom.testing._state.ApiFailure`).
    """

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.origin = ""
        self.recordings: dict[str, MeetingRecording] = {}
        """By meeting-instance UUID, oldest first (deleted ones are dropped)."""
        self.files: dict[str, tuple[RecordingFile, MeetingRecording]] = {}
        """Every file ever made, by ID, deleted ones too (their bytes stay computable)."""
        self.download_tokens: dict[str, DownloadGrant] = {}
        self._instances: dict[tuple[str, int], list[str]] = {}  # (account, meeting id) -> UUIDs

    # -- making recordings --------------------------------------------------------------------

    def end_meeting(
        self,
        account_id: str,
        meeting: Mapping[str, Any],
        *,
        recording: bool,
        files: Sequence[str],
        file_size: int | Mapping[str, int] | None,
        duration: int | None,
    ) -> tuple[str, float, float, MeetingRecording | None]:
        """End an instance of ``meeting`` now: its UUID, start, end and recording (if any).

        The first instance of a meeting keeps the meeting's own UUID; later ones get new UUIDs.
        The instance ran ``duration`` minutes (default: the meeting's scheduled duration).
        """
        unknown = [f for f in files if f not in FILE_KINDS]
        if unknown:
            raise ValueError(f"unknown file types {unknown}; expected some of {sorted(FILE_KINDS)}")
        if recording and not files:
            raise ValueError("a recording needs at least one file type")
        sizes = _file_sizes(file_size)
        minutes = duration if duration is not None else int(meeting.get("duration") or 0)
        if minutes < 0:
            raise ValueError("duration must be >= 0 minutes")
        end = self.clock()
        start = end - max(1, minutes) * 60
        key = (account_id, int(meeting["id"]))
        instances = self._instances.setdefault(key, [])
        instance_uuid = str(meeting["uuid"]) if not instances else _new_uuid()
        instances.append(instance_uuid)
        if not recording:
            return instance_uuid, start, end, None
        made = MeetingRecording(
            account_id=account_id,
            uuid=instance_uuid,
            meeting_id=int(meeting["id"]),
            host_id=str(meeting["host_id"]),
            host_email=str(meeting.get("host_email", "")),
            topic=str(meeting.get("topic", "")),
            type=int(meeting.get("type", 2)),
            timezone=str(meeting.get("timezone") or "UTC"),
            password=str(meeting.get("password", "")),
            start=start,
            end=end,
            files=[
                RecordingFile(str(uuid.uuid4()), instance_uuid, kind, sizes[kind], start, end)
                for kind in files
            ],
        )
        self.recordings[instance_uuid] = made
        for f in made.files:
            self.files[f.id] = (f, made)
        return instance_uuid, start, end, made

    # -- finding ------------------------------------------------------------------------------

    def find(self, account_id: str, meeting_id: str, *, trashed: bool = False) -> MeetingRecording:
        """The recording a ``{meetingId}`` path segment names (ID: the latest instance's).

        Only visible recordings, or with ``trashed`` also those in the trash; 404 code 3301 if
        there is none.
        """
        for rec in reversed(self.recordings.values()):
            if rec.account_id != account_id or rec.removed:
                continue
            if meeting_id != rec.uuid and not (
                meeting_id.isdigit() and int(meeting_id) == rec.meeting_id
            ):
                continue
            if rec.visible or (trashed and rec.trashed_at is not None):
                return rec
        raise ApiFailure(404, 3301, NO_RECORDING)

    def find_file(
        self, account_id: str, meeting_id: str, file_id: str
    ) -> tuple[RecordingFile, MeetingRecording]:
        """A file of the recording ``meeting_id`` names, not deleted, whole not trashed."""
        found = self.files.get(file_id)
        if found is not None:
            f, rec = found
            same_meeting = meeting_id == rec.uuid or (
                meeting_id.isdigit() and int(meeting_id) == rec.meeting_id
            )
            if (
                rec.account_id == account_id
                and same_meeting
                and not rec.removed
                and rec.trashed_at is None
                and not f.removed
            ):
                return f, rec
        raise ApiFailure(404, 3301, NO_FILE)

    def downloadable(self, file_id: str) -> tuple[RecordingFile, MeetingRecording] | None:
        """The file and its recording if the file can be downloaded (in no trash, not deleted)."""
        found = self.files.get(file_id)
        if found is None:
            return None
        f, rec = found
        if f.removed or f.trashed_at is not None or rec.removed or rec.trashed_at is not None:
            return None
        return found

    def file_size(self, file_id: str) -> int:
        """The size of any file ever made (``KeyError`` if none has that ID)."""
        return self.files[file_id][0].file_size

    # -- listing ------------------------------------------------------------------------------

    def listing(
        self,
        account_id: str,
        host_id: str,
        start: date,
        end: date,
        *,
        trash: bool = False,
        trash_type: TrashType = "meeting_recordings",
        meeting_id: int | None = None,
    ) -> list[dict[str, Any]]:
        """The items of ``GET /users/{userId}/recordings``, newest first.

        Without ``trash``: visible recordings with their live files. With ``trash`` and
        ``meeting_recordings``: recordings trashed as a whole; with ``recording_file``: the files
        trashed one by one, under their recordings. Trash items carry ``deleted_time``.
        """
        rows: list[dict[str, Any]] = []
        for rec in sorted(self.recordings.values(), key=lambda r: r.start, reverse=True):
            if rec.account_id != account_id or rec.host_id != host_id or rec.removed:
                continue
            if meeting_id is not None and rec.meeting_id != meeting_id:
                continue
            if not start <= datetime.fromtimestamp(rec.start, UTC).date() <= end:
                continue
            if not trash:
                if rec.visible:
                    rows.append(rec.to_json(self.origin, listing=True))
            elif trash_type == "meeting_recordings":
                if rec.trashed_at is not None and rec.live_files():
                    rows.append(rec.to_json(self.origin, listing=True, deleted_time=rec.trashed_at))
            else:
                trashed = [f for f in rec.files if f.trashed_at is not None and not f.removed]
                if trashed and rec.trashed_at is None:
                    rows.append(rec.to_json(self.origin, trashed, listing=True))
        return rows

    # -- deleting -----------------------------------------------------------------------------

    def delete(self, account_id: str, meeting_id: str, action: Action) -> None:
        """``DELETE /meetings/{meetingId}/recordings``: trash it, or (from the trash too) delete."""
        rec = self.find(account_id, meeting_id, trashed=action == "delete")
        if action == "trash":
            rec.trashed_at = self.clock()
            return
        rec.removed = True
        for f in rec.files:
            f.removed = True
        del self.recordings[rec.uuid]

    def delete_file(self, account_id: str, meeting_id: str, file_id: str, action: Action) -> None:
        """``DELETE /meetings/{meetingId}/recordings/{recordingId}``: one file, as above."""
        f, _ = self.find_file(account_id, meeting_id, file_id)
        if action == "trash":
            if f.trashed_at is not None:
                raise ApiFailure(404, 3301, NO_FILE)  # already in the trash
            f.trashed_at = self.clock()
        else:
            f.removed = True

    # -- download tokens ----------------------------------------------------------------------

    def grant(
        self,
        rec: MeetingRecording,
        kind: Literal["download_access_token", "download_token"],
        ttl: int = DOWNLOAD_TOKEN_TTL,
    ) -> str:
        """A new token that downloads ``rec``'s files for ``ttl`` seconds."""
        now = self.clock()
        if len(self.download_tokens) > 10_000:
            self.download_tokens = {
                t: g for t, g in self.download_tokens.items() if g.expires_at > now
            }
        token = secrets.token_urlsafe(32)
        self.download_tokens[token] = DownloadGrant(rec.account_id, rec.uuid, now + ttl, kind)
        return token


def _file_sizes(file_size: int | Mapping[str, int] | None) -> dict[str, int]:
    sizes = dict(DEFAULT_FILE_SIZES)
    if file_size is None:
        return sizes
    if isinstance(file_size, Mapping):
        unknown = [k for k in file_size if k not in FILE_KINDS]
        if unknown:
            raise ValueError(f"file_size names unknown file types {unknown}")
        sizes.update(file_size)
    else:
        sizes = dict.fromkeys(sizes, file_size)
    for kind, size in sizes.items():
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise ValueError(f"file_size of {kind} must be an int >= 0, not {size!r}")
    return sizes


def _new_uuid() -> str:
    return base64.b64encode(secrets.token_bytes(16)).decode()


# -- dates ----------------------------------------------------------------------------------------


def month_after(day: date) -> date:
    """The same day of the next month, or that month's last day when it has fewer days."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_date_range(raw_from: str | None, raw_to: str | None, today: date) -> tuple[date, date]:
    """``from`` and ``to`` of a recordings list, checked as Zoom does (400 code 300).

    ``to`` defaults to ``today`` (UTC), ``from`` to the day before ``to``. Dates are
    ``yyyy-mm-dd``; ``from`` may not be after ``to``, nor ``to`` more than one calendar month
    after ``from`` (:func:`month_after`).
    """
    end = _parse_date("to", raw_to) if raw_to else today
    start = _parse_date("from", raw_from) if raw_from else end - timedelta(days=1)
    if start > end:
        raise ApiFailure(400, 300, FROM_AFTER_TO)
    if end > month_after(start):
        raise ApiFailure(400, 300, RANGE_TOO_WIDE)
    return start, end


def _parse_date(field: str, raw: str) -> date:
    if _DATE.fullmatch(raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise ApiFailure(
        400,
        300,
        "Validation Failed.",
        [{"field": field, "message": "Invalid date format, expected yyyy-mm-dd."}],
    )


# -- bytes ----------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _block(file_id: str) -> bytes:
    seed = int.from_bytes(hashlib.sha256(file_id.encode()).digest()[:8], "big")
    return random.Random(seed).randbytes(BLOCK_SIZE)


def file_chunks(
    file_id: str,
    size: int,
    start: int = 0,
    end: int | None = None,
    *,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[bytes]:
    """Bytes ``start`` to ``end`` (exclusive; default: ``size``) of a file, in chunks of at most
    ``chunk_size``. The same ID and size always give the same bytes."""
    stop = size if end is None else min(end, size)
    base = _block(file_id)
    pos = max(0, start)
    while pos < stop:
        index, offset = divmod(pos, BLOCK_SIZE)
        n = min(chunk_size, stop - pos, BLOCK_SIZE - offset)
        if offset < 8:  # the block's stamp: its index
            head = index.to_bytes(8, "big")[offset : min(8, offset + n)]
            piece = head + base[offset + len(head) : offset + n]
        else:
            piece = base[offset : offset + n]
        yield piece
        pos += n


def file_sha256(file_id: str, size: int) -> str:
    """The hex SHA-256 of a whole file, computed chunk by chunk."""
    digest = hashlib.sha256()
    for piece in file_chunks(file_id, size, chunk_size=BLOCK_SIZE):
        digest.update(piece)
    return digest.hexdigest()

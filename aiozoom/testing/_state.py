"""The fake Zoom's memory: accounts, their users and meetings, issued tokens and page cursors.

Plain data and rules, no HTTP: the route modules (:mod:`aiozoom.testing.resources`) turn API calls
into calls on these objects.

Kept per account: users (in the order they were made; by email too) and each user's settings;
meetings (by ID, and by host), meetings deleted (until ``recover``), each meeting's registrants
and livestream; and each meeting's ended instances (its past meetings, with their participants).

Zoom's rules kept here:

- A user's settings start as Zoom's: the description's documented defaults, and Zoom's own
  defaults where it documents none (no host or participant video, join before host off, a
  passcode required for new meetings, no automatic recording, a 300-person meeting capacity; 100
  for Basic users). ``PATCH`` merges into them, deep.
- A meeting starts from its host's scheduling settings (``host_video``, ``participant_video``,
  ``join_before_host``, ``audio``, ``auto_recording``, ``waiting_room``), then the documented
  defaults of the meeting's settings (``approval_type`` 2, ``mute_upon_entry`` false, ...); what
  was sent goes over them, deep.
- A passcode sent is kept as sent. Without one, a 6-character passcode is made when the host's
  "require a passcode when scheduling new meetings" setting is on and ``default_password`` was
  not sent as ``false``; otherwise the meeting has none (``""``).
- A deleted meeting can be recovered (``PUT /meetings/{meetingId}/status``, ``recover``).
- Each time a meeting ends it leaves a past meeting instance (the first keeps the meeting's UUID,
  later ones get new UUIDs, as the recordings do); its participants are the host and the
  registrants approved when it ended.
- A user's email is unique in the account (409, code 1005) and changes at most 3 times in 24
  hours; the account owner cannot be deleted or deactivated.
"""

from __future__ import annotations

import base64
import copy
import functools
import hashlib
import itertools
import secrets
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from aiozoom.testing._schema import synthesize
from aiozoom.testing._spec import operation_spec

__all__ = [
    "Account",
    "ApiFailure",
    "IssuedToken",
    "PageCursor",
    "ZoomState",
    "deep_merge",
    "documented_defaults",
    "meeting_settings_defaults",
    "user_settings_defaults",
]

PAGE_TOKEN_TTL = 15 * 60
AUTH_CODE_TTL = 5 * 60
ZAK_ME_TTL = 5 * 60  # GET /users/me/zak: five minutes
USER_TOKEN_TTL = 2 * 60 * 60  # GET /users/{userId}/token: two hours unless ttl says otherwise
MAX_USER_TOKEN_TTL = 365 * 24 * 60 * 60
EMAIL_CHANGES_PER_DAY = 3  # PUT /users/{userId}/email: "up to 3 times in any 24 hour period"
DAY = 24 * 60 * 60


class ApiFailure(Exception):
    """A Zoom-shaped error answer: HTTP status, Zoom code, message and field errors."""

    def __init__(
        self, status: int, code: int, message: str, errors: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors or []

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.errors:
            data["errors"] = self.errors
        return data


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@attrs.define
class IssuedToken:
    account_id: str
    expires_at: float
    grant: str
    user_id: str | None = None


@attrs.define
class PageCursor:
    key: tuple[str, ...]
    offset: int
    expires_at: float


@attrs.define(eq=False)
class Account:
    """One Zoom account with its app credentials, users and meetings."""

    account_id: str
    client_id: str
    client_secret: str = attrs.field(repr=False)
    jwt_api_key: str
    jwt_api_secret: str = attrs.field(repr=False)
    users: dict[str, dict[str, Any]] = attrs.field(factory=dict, repr=False)
    user_order: list[str] = attrs.field(factory=list, repr=False)
    by_email: dict[str, str] = attrs.field(factory=dict, repr=False)
    meetings: dict[int, dict[str, Any]] = attrs.field(factory=dict, repr=False)
    meetings_by_host: dict[str, list[int]] = attrs.field(factory=dict, repr=False)
    records: dict[str, dict[str, dict[str, Any]]] = attrs.field(factory=dict, repr=False)
    """Everything else the account keeps, by kind (``"groups"``, ``"webinars"``), then by ID,
    in the order it was made."""
    user_settings: dict[str, dict[str, Any]] = attrs.field(factory=dict, repr=False)
    """Each user's settings (``GET /users/{userId}/settings``), made when first asked for."""
    email_changes: dict[str, list[float]] = attrs.field(factory=dict, repr=False)
    """When each user's email was changed (Zoom allows 3 changes in 24 hours)."""
    deleted_meetings: dict[int, dict[str, Any]] = attrs.field(factory=dict, repr=False)
    """Meetings deleted, by ID, until recovered."""
    registrants: dict[int, dict[str, dict[str, Any]]] = attrs.field(factory=dict, repr=False)
    """Each meeting's registrants: meeting ID -> registrant ID -> registrant, in order."""
    livestreams: dict[int, dict[str, Any]] = attrs.field(factory=dict, repr=False)
    """Each meeting's livestream configuration, once set."""
    past_meetings: dict[int, list[dict[str, Any]]] = attrs.field(factory=dict, repr=False)
    """Each meeting's ended instances, oldest first (kept after the meeting is deleted)."""

    @property
    def owner_id(self) -> str:
        return self.user_order[0]


def _user_id(rng: secrets.SystemRandom, n: int) -> str:
    raw = hashlib.sha256(f"{n}:{rng.random()}".encode()).digest()
    return base64.urlsafe_b64encode(raw).decode()[:22]


class ZoomState:
    """Everything the fake Zoom remembers, with Zoom's rules for tokens and paging."""

    def __init__(self, clock: Callable[[], float], token_ttl: int) -> None:
        self.clock = clock
        self.token_ttl = token_ttl
        self.accounts: dict[str, Account] = {}
        self.by_client_id: dict[str, Account] = {}
        self.by_jwt_key: dict[str, Account] = {}
        self.tokens: dict[str, IssuedToken] = {}
        self.refresh_tokens: dict[str, tuple[str, str]] = {}  # token -> (account_id, user_id)
        self.auth_codes: dict[str, dict[str, Any]] = {}
        self.cursors: dict[str, PageCursor] = {}
        self.revoked_jwts: set[str] = set()
        self.user_tokens: dict[str, tuple[str, str, float]] = {}  # token -> (user id, type, exp)
        self.seen_jwts: set[str] = set()
        self._rng = secrets.SystemRandom()
        self._counter = itertools.count(1)
        self._meeting_ids = itertools.count(81_234_567_890)

    # -- accounts and users -------------------------------------------------------------------

    def add_account(self, users: int = 1) -> Account:
        n = next(self._counter)
        account = Account(
            account_id=f"acct{n:04d}{secrets.token_hex(4)}",
            client_id=f"client{n:04d}{secrets.token_hex(6)}",
            client_secret=secrets.token_urlsafe(24),
            jwt_api_key=f"jwtkey{n:04d}{secrets.token_hex(6)}",
            jwt_api_secret=secrets.token_urlsafe(24),
        )
        self.accounts[account.account_id] = account
        self.by_client_id[account.client_id] = account
        self.by_jwt_key[account.jwt_api_key] = account
        self.add_users(account, max(users, 1))
        return account

    def add_users(self, account: Account, count: int) -> list[dict[str, Any]]:
        created = []
        now = self.clock()
        for _ in range(count):
            n = len(account.user_order) + 1
            created.append(
                self.create_user(
                    account,
                    {
                        "email": f"user{n}@{account.account_id}.example.com",
                        "first_name": "User",
                        "last_name": f"{n:06d}",
                        "type": 1 if n % 3 else 2,
                    },
                    now=now,
                )
            )
        return created

    def create_user(
        self,
        account: Account,
        info: dict[str, Any],
        *,
        now: float | None = None,
        status: str = "active",
    ) -> dict[str, Any]:
        """A new user of ``account`` from ``user_info`` (``status``: ``"pending"`` for a user who
        has yet to accept Zoom's invitation, as ``action=create`` makes)."""
        email = info.get("email")
        if not isinstance(email, str) or "@" not in email:
            raise ApiFailure(
                400,
                300,
                "Validation Failed.",
                [{"field": "user_info.email", "message": "Invalid field."}],
            )
        if email.lower() in account.by_email:
            raise _email_taken(email)
        user_type = info.get("type", 1)
        if user_type not in (1, 2, 4, 99):
            raise ApiFailure(
                400, 300, "Validation Failed.", [{"field": "user_info.type", "message": "Invalid"}]
            )
        n = len(account.user_order) + 1
        uid = _user_id(self._rng, n)
        first = str(info.get("first_name", ""))
        last = str(info.get("last_name", ""))
        user = {
            "id": uid,
            "first_name": first,
            "last_name": last,
            "display_name": str(info.get("display_name") or f"{first} {last}".strip()),
            "email": email,
            "type": user_type,
            "pmi": 1_000_000_000 + n,
            "timezone": "UTC",
            "verified": 1,
            "dept": "",
            "created_at": iso(self.clock() if now is None else now),
            "last_login_time": iso(self.clock() if now is None else now),
            "language": "en-US",
            "status": status,
            "role_id": "0" if n == 1 else "2",
            "account_id": account.account_id,
        }
        account.users[uid] = user
        account.user_order.append(uid)
        account.by_email[email.lower()] = uid
        return user

    def find_user(self, account: Account, user_id: str) -> dict[str, Any]:
        if user_id == "me":
            user_id = account.owner_id
        uid = account.by_email.get(user_id.lower(), user_id)
        user = account.users.get(uid)
        if user is None:
            raise ApiFailure(404, 1001, f"User does not exist: {user_id}.")
        return user

    def delete_user(
        self, account: Account, user_id: str, *, transfer_meetings_to: str | None = None
    ) -> None:
        """Remove a user; their meetings go to ``transfer_meetings_to`` (a user ID or email)
        when given, else they are deleted with the user."""
        user = self.find_user(account, user_id)
        if user["id"] == account.owner_id:
            raise ApiFailure(400, 200, "The account owner cannot be deleted.")
        heir = self.find_user(account, transfer_meetings_to) if transfer_meetings_to else None
        for meeting_id in list(account.meetings_by_host.get(user["id"], [])):
            if heir is not None:
                self._move_meeting(account, account.meetings[meeting_id], heir)
            else:
                self.delete_meeting(account, str(meeting_id), keep=False)
        account.meetings_by_host.pop(user["id"], None)
        del account.users[user["id"]]
        account.user_order.remove(user["id"])
        del account.by_email[user["email"].lower()]
        account.user_settings.pop(user["id"], None)
        account.email_changes.pop(user["id"], None)

    def set_user_status(self, account: Account, user: dict[str, Any], action: str) -> None:
        """``activate`` or ``deactivate`` a user (``clock_in``/``clock_out`` change nothing the
        fake keeps); the account owner's status cannot change."""
        if action not in ("activate", "deactivate"):
            return
        if user["id"] == account.owner_id:
            raise ApiFailure(
                400, 200, "Zoom Room and Admin users' status cannot be activated or deactivated."
            )
        user["status"] = "active" if action == "activate" else "inactive"

    def change_email(self, account: Account, user: dict[str, Any], email: str) -> None:
        """Give ``user`` a new email: unique in the account (409, code 1005), at most 3 changes
        in 24 hours of the fake's time."""
        owner = account.by_email.get(email.lower())
        if owner is not None and owner != user["id"]:
            raise _email_taken(email)
        if email == user["email"]:
            return
        now = self.clock()
        recent = [t for t in account.email_changes.get(user["id"], []) if t > now - DAY]
        if len(recent) >= EMAIL_CHANGES_PER_DAY:
            raise ApiFailure(
                400, 300, "A user's email address can be changed up to 3 times in 24 hours."
            )
        account.email_changes[user["id"]] = [*recent, now]
        del account.by_email[user["email"].lower()]
        user["email"] = email
        account.by_email[email.lower()] = user["id"]
        for meeting_id in account.meetings_by_host.get(user["id"], []):
            account.meetings[meeting_id]["host_email"] = email

    def user_settings(self, account: Account, user: dict[str, Any]) -> dict[str, Any]:
        """``user``'s settings (Zoom's defaults until changed); the object itself, to change."""
        settings = account.user_settings.get(user["id"])
        if settings is None:
            settings = user_settings_defaults(user)
            account.user_settings[user["id"]] = settings
        return settings

    # -- meetings -----------------------------------------------------------------------------

    def create_meeting(
        self, account: Account, user_id: str, body: dict[str, Any]
    ) -> dict[str, Any]:
        host = self.find_user(account, user_id)
        errors = []
        topic = body.get("topic", "Zoom Meeting")
        if not isinstance(topic, str) or len(topic) > 200:
            errors.append({"field": "topic", "message": "Topic must be a string of 200 or less."})
        mtype = body.get("type", 2)
        if mtype not in (1, 2, 3, 8, 10):
            errors.append({"field": "type", "message": "Invalid field."})
        duration = body.get("duration", 60)
        if isinstance(duration, bool) or not isinstance(duration, int) or duration < 0:
            errors.append({"field": "duration", "message": "Invalid field."})
        sent_settings = body.get("settings") or {}
        if not isinstance(sent_settings, dict):
            errors.append({"field": "settings", "message": "Invalid field."})
        if errors:
            raise ApiFailure(400, 300, "Validation Failed.", errors)
        schedule_for = body.get("schedule_for")
        if isinstance(schedule_for, str) and schedule_for:
            if mtype == 1:
                raise ApiFailure(
                    400,
                    3000,
                    "Instant meetings do not support the `schedule_for` parameter, and you "
                    "can't schedule an instant meeting for another user.",
                )
            host = self._schedule_for(account, schedule_for)
        host_settings = self.user_settings(account, host)
        meeting_id = next(self._meeting_ids)
        uuid = base64.b64encode(secrets.token_bytes(16)).decode()
        now = self.clock()
        meeting: dict[str, Any] = {
            "uuid": uuid,
            "id": meeting_id,
            "host_id": host["id"],
            "host_email": host["email"],
            "assistant_id": "",
            "topic": topic,
            "type": mtype,
            "status": "waiting",
            "start_time": body.get("start_time", iso(now)),
            "duration": duration,
            "timezone": body.get("timezone", host["timezone"]),
            "agenda": body.get("agenda", ""),
            "created_at": iso(now),
            "start_url": f"https://zoom.example/s/{meeting_id}?zak=fake",
            "join_url": f"https://zoom.example/j/{meeting_id}",
            "password": _new_password(host_settings, body),
            "pre_schedule": bool(body.get("pre_schedule", False)),
            "creation_source": "open_api",
            "settings": deep_merge(
                meeting_settings_defaults(host_settings), copy.deepcopy(sent_settings)
            ),
        }
        for key in ("recurrence", "tracking_fields", "template_id"):
            if key in body:
                meeting[key] = copy.deepcopy(body[key])
        _derived_passwords(meeting)
        account.meetings[meeting_id] = meeting
        account.meetings_by_host.setdefault(host["id"], []).append(meeting_id)
        return meeting

    def find_meeting(self, account: Account, meeting_id: str) -> dict[str, Any]:
        meeting = None
        if meeting_id.isdigit():
            meeting = account.meetings.get(int(meeting_id))
        else:
            meeting = next((m for m in account.meetings.values() if m["uuid"] == meeting_id), None)
        if meeting is None:
            raise ApiFailure(404, 3001, f"Meeting does not exist: {meeting_id}.")
        return meeting

    def update_meeting(self, account: Account, meeting_id: str, body: dict[str, Any]) -> None:
        meeting = self.find_meeting(account, meeting_id)
        schedule_for = body.get("schedule_for")
        if isinstance(schedule_for, str) and schedule_for:
            self._move_meeting(account, meeting, self._schedule_for(account, schedule_for))
        for key in ("topic", "type", "start_time", "duration", "timezone", "agenda"):
            if key in body:
                meeting[key] = body[key]
        for key in ("recurrence", "tracking_fields", "pre_schedule"):
            if key in body:
                meeting[key] = copy.deepcopy(body[key])
        if isinstance(body.get("password"), str):
            meeting["password"] = body["password"]
            _derived_passwords(meeting)
        if isinstance(body.get("settings"), dict):
            deep_merge(meeting["settings"], body["settings"])

    def delete_meeting(self, account: Account, meeting_id: str, *, keep: bool = True) -> None:
        """Delete a meeting; with ``keep`` it can be recovered (:meth:`recover_meeting`)."""
        meeting = self.find_meeting(account, meeting_id)
        del account.meetings[meeting["id"]]
        account.meetings_by_host[meeting["host_id"]].remove(meeting["id"])
        if keep:
            account.deleted_meetings[meeting["id"]] = meeting
        else:
            account.registrants.pop(meeting["id"], None)
            account.livestreams.pop(meeting["id"], None)

    def recover_meeting(self, account: Account, meeting_id: str) -> dict[str, Any]:
        """Bring back a deleted meeting (404, code 3001, if none was deleted by that ID)."""
        found = next(
            (
                m
                for m in account.deleted_meetings.values()
                if str(m["id"]) == meeting_id or m["uuid"] == meeting_id
            ),
            None,
        )
        if found is None:
            raise ApiFailure(404, 3001, f"Meeting does not exist: {meeting_id}.")
        del account.deleted_meetings[found["id"]]
        if found["host_id"] not in account.users:  # its host left: the owner has it now
            found["host_id"] = account.owner_id
            found["host_email"] = account.users[account.owner_id]["email"]
        account.meetings[found["id"]] = found
        account.meetings_by_host.setdefault(found["host_id"], []).append(found["id"])
        return found

    def start_meeting(self, account: Account, meeting_id: str) -> dict[str, Any]:
        """Mark a meeting as in progress (``status`` ``"started"``), as if its host had started
        it; ending it (``FakeZoom.end_meeting``) sets it back to ``"waiting"``."""
        meeting = self.find_meeting(account, meeting_id)
        meeting["status"] = "started"
        return meeting

    def _schedule_for(self, account: Account, user_id: str) -> dict[str, Any]:
        try:
            return self.find_user(account, user_id)
        except ApiFailure:
            raise ApiFailure(
                400,
                300,
                "The value that you entered in the `schedule_for` field is invalid. Enter a "
                "valid value and try again.",
            ) from None

    def _move_meeting(
        self, account: Account, meeting: dict[str, Any], host: dict[str, Any]
    ) -> None:
        if meeting["host_id"] == host["id"]:
            return
        account.meetings_by_host[meeting["host_id"]].remove(meeting["id"])
        meeting["host_id"], meeting["host_email"] = host["id"], host["email"]
        account.meetings_by_host.setdefault(host["id"], []).append(meeting["id"])

    # -- past meetings ------------------------------------------------------------------------

    def meeting_ended(
        self, account: Account, meeting: Mapping[str, Any], uuid: str, start: float, end: float
    ) -> dict[str, Any]:
        """Remember an ended instance of ``meeting`` (its UUID, start and end): a past meeting
        whose participants are the host and the registrants approved now."""
        host = account.users.get(str(meeting["host_id"]))
        participants: list[dict[str, Any]] = []
        seconds = max(0, round(end - start))
        people: list[tuple[str, str, str]] = []  # (name, email, registrant ID)
        if host is not None:
            people.append((host["display_name"], host["email"], ""))
        for registrant in account.registrants.get(int(meeting["id"]), {}).values():
            if registrant["status"] == "approved":
                name = f"{registrant['first_name']} {registrant.get('last_name', '')}".strip()
                people.append((name, registrant["email"], registrant["id"]))
        for n, (name, email, registrant_id) in enumerate(people):
            user_id = account.by_email.get(email.lower(), "")
            participant = {
                "id": user_id,
                "name": name,
                "user_id": str(16_778_240 + n),
                "registrant_id": registrant_id,
                "user_email": email,
                "join_time": iso(start),
                "leave_time": iso(end),
                "duration": seconds,
                "failover": False,
                "status": "in_meeting",
                "internal_user": bool(user_id),
            }
            participants.append(participant)
        instance = {
            "uuid": uuid,
            "id": int(meeting["id"]),
            "host_id": str(meeting["host_id"]),
            "type": int(meeting.get("type", 2)),
            "topic": str(meeting.get("topic", "")),
            "user_name": host["display_name"] if host is not None else "",
            "user_email": host["email"] if host is not None else "",
            "dept": host.get("dept", "") if host is not None else "",
            "start_time": iso(start),
            "end_time": iso(end),
            "duration": max(1, round((end - start) / 60)),
            "total_minutes": sum(p["duration"] for p in participants) // 60,
            "participants_count": len(participants),
            "source": "Zoom",
            "has_meeting_summary": False,
            "participants": participants,
        }
        account.past_meetings.setdefault(int(meeting["id"]), []).append(instance)
        live = account.meetings.get(int(meeting["id"]))
        if live is not None:
            live["status"] = "waiting"
        return instance

    def find_past_meeting(self, account: Account, meeting_id: str) -> dict[str, Any]:
        """The ended instance a ``{meetingId}`` names: a UUID that instance, an ID the latest
        one; 404 code 3001 for a meeting that never ended."""
        if meeting_id.isdigit():
            instances = account.past_meetings.get(int(meeting_id))
            if instances:
                return instances[-1]
        else:
            for instances in account.past_meetings.values():
                for instance in instances:
                    if instance["uuid"] == meeting_id:
                        return instance
        raise ApiFailure(404, 3001, f"Meeting does not exist: {meeting_id}.")

    # -- tokens -------------------------------------------------------------------------------

    def issue_token(
        self,
        account: Account,
        grant: str,
        *,
        user_id: str | None = None,
        api_url: str = "https://api.zoom.us",
    ) -> dict[str, Any]:
        """A token answer as Zoom's token endpoint gives it; ``api_url``: the account's API host."""
        access = secrets.token_urlsafe(32)
        self.tokens[access] = IssuedToken(
            account.account_id, self.clock() + self.token_ttl, grant, user_id
        )
        answer: dict[str, Any] = {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": self.token_ttl,
            "scope": "meeting:read meeting:write user:read user:write",
            "api_url": api_url,
        }
        if grant != "account_credentials":
            refresh = secrets.token_urlsafe(32)
            self.refresh_tokens[refresh] = (account.account_id, user_id or account.owner_id)
            answer["refresh_token"] = refresh
        return answer

    def user_token(self, user: dict[str, Any], kind: str, ttl: int) -> str:
        """A ZAK, OBF or (deprecated) user token for ``user``, remembered with its expiry."""
        token = f"{kind}_{secrets.token_urlsafe(24)}"
        self.user_tokens[token] = (user["id"], kind, self.clock() + ttl)
        return token

    def revoke_tokens(self) -> None:
        self.tokens.clear()
        self.revoked_jwts |= self.seen_jwts

    def new_auth_code(
        self, account: Account, redirect_uri: str, challenge: str | None, user_id: str
    ) -> str:
        code = secrets.token_urlsafe(24)
        self.auth_codes[code] = {
            "account_id": account.account_id,
            "redirect_uri": redirect_uri,
            "challenge": challenge,
            "user_id": user_id,
            "expires_at": self.clock() + AUTH_CODE_TTL,
        }
        return code

    # -- paging -------------------------------------------------------------------------------

    def page(
        self,
        key: tuple[str, ...],
        items: list[Any],
        *,
        page_size: int,
        token: str | None,
    ) -> tuple[list[Any], str]:
        """One page of ``items`` and the ``next_page_token`` ("" on the last page)."""
        _, chunk, next_token = self.page_at(key, items, page_size=page_size, token=token)
        return chunk, next_token

    def page_at(
        self,
        key: tuple[str, ...],
        items: list[Any],
        *,
        page_size: int,
        token: str | None,
        start: int = 0,
    ) -> tuple[int, list[Any], str]:
        """Where a page of ``items`` starts, the page, and its ``next_page_token`` ("" on the
        last page). The page starts where ``token`` says (a token of another list, or older than
        15 minutes of the fake's time, is refused as Zoom refuses it), else at ``start``."""
        now = self.clock()
        offset = start
        if token:
            cursor = self.cursors.get(token)
            if cursor is None or cursor.key != key or cursor.expires_at <= now:
                raise ApiFailure(400, 300, "The next page token is invalid or expired.")
            offset = cursor.offset
        chunk = items[offset : offset + page_size]
        end = offset + len(chunk)
        if end >= len(items):
            return offset, chunk, ""
        if len(self.cursors) > 10_000:
            self.cursors = {t: c for t, c in self.cursors.items() if c.expires_at > now}
        next_token = secrets.token_urlsafe(24)
        self.cursors[next_token] = PageCursor(key, end, now + PAGE_TOKEN_TTL)
        return offset, chunk, next_token


def user_rows(account: Account, status: str | None) -> Iterator[dict[str, Any]]:
    for uid in account.user_order:
        user = account.users[uid]
        if status is None or user["status"] == status:
            yield user


# -- Zoom's defaults ------------------------------------------------------------------------------

USER_SETTINGS_DEFAULTS: Mapping[str, Any] = {
    "schedule_meeting": {
        "host_video": False,
        "participants_video": False,
        "join_before_host": False,
        "embed_password_in_join_link": True,
        "force_pmi_jbh_password": False,
        "personal_meeting": False,
        "pstn_password_protected": False,
        "require_password_for_instant_meetings": True,
        "require_password_for_pmi_meetings": "jbh_only",
        "require_password_for_scheduled_meetings": False,
        "require_password_for_scheduling_new_meetings": True,
        "use_pmi_for_instant_meetings": False,
        "use_pmi_for_scheduled_meetings": False,
        "default_password_for_scheduled_meetings": "",
        "pmi_password": "",
    },
    "in_meeting": {
        "waiting_room": False,
        "e2e_encryption": False,
        "remote_support": False,
        "custom_live_streaming_service": False,
        "allow_live_streaming": False,
        "disable_screen_sharing_for_host_meetings": False,
        "disable_screen_sharing_for_in_meeting_guests": False,
        "custom_data_center_regions": False,
    },
    "recording": {
        "auto_recording": "none",
        "cloud_recording": True,
        "local_recording": True,
        "auto_delete_cmr": False,
        "ip_address_access_control": {"enable": False, "ip_addresses_or_ranges": ""},
    },
    "feature": {
        "meeting_capacity": 300,
        "large_meeting": False,
        "webinar": False,
        "zoom_events": False,
        "zoom_events_unlimited": False,
        "zoom_sessions_unlimited": False,
        "zoom_events_pay_per_attendee": False,
        "zoom_sessions_pay_per_attendee": False,
        "zoom_phone": False,
        "cn_meeting": False,
        "in_meeting": False,
    },
}
"""Zoom's settings for a new user where the description documents no default (its examples are
not defaults)."""

MEETING_SETTINGS_DEFAULTS: Mapping[str, Any] = {
    "host_video": False,
    "participant_video": False,
    "jbh_time": 0,
    "use_pmi": False,
    "enforce_login": False,
    "enforce_login_domains": "",
    "meeting_authentication": False,
    "alternative_hosts": "",
    "allow_multiple_devices": False,
    "private_meeting": False,
    "focus_mode": False,
    "show_share_button": False,
    "registrants_confirmation_email": True,
    "registrants_email_notification": True,
    "encryption_type": "enhanced_encryption",
    "global_dial_in_countries": ["US"],
    "breakout_room": {"enable": False},
    "language_interpretation": {"enable": False},
    "sign_language_interpretation": {"enable": False},
    "continuous_meeting_chat": {"enable": False},
    "approved_or_denied_countries_or_regions": {"enable": False},
}
"""Zoom's settings for a new meeting where the description documents no default."""

_FROM_HOST: tuple[tuple[str, str, str], ...] = (
    ("host_video", "schedule_meeting", "host_video"),
    ("participant_video", "schedule_meeting", "participants_video"),
    ("join_before_host", "schedule_meeting", "join_before_host"),
    ("audio", "schedule_meeting", "audio_type"),
    ("use_pmi", "schedule_meeting", "use_pmi_for_scheduled_meetings"),
    ("auto_recording", "recording", "auto_recording"),
    ("waiting_room", "in_meeting", "waiting_room"),
)
"""Meeting settings a new meeting takes from its host's user settings: (meeting setting, user
settings section, user setting)."""


def deep_merge(base: dict[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """``patch`` merged into ``base`` (changed in place and returned): objects merge key by key,
    anything else replaces."""
    for key, value in patch.items():
        current = base.get(key)
        if isinstance(value, Mapping) and isinstance(current, dict):
            deep_merge(current, value)
        else:
            base[key] = copy.deepcopy(value)
    return base


def documented_defaults(schema: Mapping[str, Any], depth: int = 0) -> dict[str, Any]:
    """The ``default`` each property of an object ``schema`` documents (nested objects too,
    ``allOf`` members merged); properties without one are left out."""
    found: dict[str, Any] = {}
    if depth > 20:
        return found
    for member in schema.get("allOf") or ():
        if isinstance(member, Mapping):
            deep_merge(found, documented_defaults(member, depth + 1))
    properties = schema.get("properties")
    if not isinstance(properties, Mapping):
        return found
    for name, sub in properties.items():
        if not isinstance(sub, Mapping):
            continue
        if "default" in sub and not isinstance(sub["default"], list | Mapping):
            found[name] = sub["default"]
        elif sub.get("type") == "object" or "properties" in sub or "allOf" in sub:
            nested = documented_defaults(sub, depth + 1)
            if nested:
                found[name] = nested
    return found


def _object_member(schema: Mapping[str, Any] | None, name: str) -> Mapping[str, Any]:
    """The member of a ``oneOf`` ``schema`` that declares the property ``name`` (or ``{}``)."""
    if not schema:
        return {}
    for member in schema.get("oneOf") or (schema,):
        if isinstance(member, Mapping) and name in (member.get("properties") or {}):
            return member
    return {}


@functools.cache
def _user_settings_template() -> Mapping[str, Any]:
    spec = operation_spec("GET /users/{userId}/settings")
    response = spec.response if spec is not None else None
    schema = _object_member(response.get("schema") if response else None, "schedule_meeting")
    made = synthesize(schema) if schema else {}
    settings: dict[str, Any] = made if isinstance(made, dict) else {}
    deep_merge(settings, documented_defaults(schema))
    return deep_merge(settings, USER_SETTINGS_DEFAULTS)


def user_settings_defaults(user: Mapping[str, Any]) -> dict[str, Any]:
    """A new user's settings, as Zoom gives them (a Basic user meets 100 people at most)."""
    settings = copy.deepcopy(dict(_user_settings_template()))
    if user.get("type") == 1:
        settings.setdefault("feature", {})["meeting_capacity"] = 100
    return settings


@functools.cache
def _meeting_settings_template() -> Mapping[str, Any]:
    spec = operation_spec("GET /meetings/{meetingId}")
    response = spec.response if spec is not None else None
    schema = (response or {}).get("schema") or {}
    settings_schema = (schema.get("properties") or {}).get("settings") or {}
    return deep_merge(documented_defaults(settings_schema), MEETING_SETTINGS_DEFAULTS)


def meeting_settings_defaults(host_settings: Mapping[str, Any]) -> dict[str, Any]:
    """The settings of a new meeting before what was sent: its host's scheduling settings,
    then Zoom's defaults."""
    settings = copy.deepcopy(dict(_meeting_settings_template()))
    for name, section, key in _FROM_HOST:
        part = host_settings.get(section)
        if isinstance(part, Mapping) and key in part:
            settings[name] = copy.deepcopy(part[key])
    return settings


def _new_password(host_settings: Mapping[str, Any], body: Mapping[str, Any]) -> str:
    """The passcode of a new meeting: the one sent, else (when the host must have one and
    ``default_password`` is not ``false``) a new one, else none."""
    sent = body.get("password")
    if isinstance(sent, str):
        return sent
    schedule = host_settings.get("schedule_meeting") or {}
    required = schedule.get("require_password_for_scheduling_new_meetings", True)
    if required and body.get("default_password") is not False:
        return secrets.token_hex(3)
    return ""


def _derived_passwords(meeting: dict[str, Any]) -> None:
    """The passcode's numeric form (phone and H.323 joiners) and its encrypted form."""
    password = str(meeting.get("password") or "")
    if not password:
        numeric = encrypted = ""
    elif password.isdigit():
        numeric = password
    else:
        digest = hashlib.sha256(password.encode()).digest()
        numeric = str(int.from_bytes(digest[:8], "big") % 10**8).zfill(8)
    if password:
        raw = hashlib.sha256(f"{meeting['id']}:{password}".encode()).digest()
        encrypted = base64.urlsafe_b64encode(raw).decode().rstrip("=")[:32]
    meeting["h323_password"] = numeric
    meeting["pstn_password"] = numeric
    meeting["encrypted_password"] = encrypted


def _email_taken(email: str) -> ApiFailure:
    return ApiFailure(409, 1005, f'Email "{email}" has already been used.')

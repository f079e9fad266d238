"""The fake Zoom's memory: accounts, their users and meetings, issued tokens and page cursors.

Plain data and rules, no HTTP: the server module turns requests into calls on these objects.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import attrs

__all__ = ["Account", "ApiFailure", "IssuedToken", "PageCursor", "ZoomState"]

PAGE_TOKEN_TTL = 15 * 60
AUTH_CODE_TTL = 5 * 60
ZAK_ME_TTL = 5 * 60  # GET /users/me/zak: five minutes
USER_TOKEN_TTL = 2 * 60 * 60  # GET /users/{userId}/token: two hours unless ttl says otherwise
MAX_USER_TOKEN_TTL = 365 * 24 * 60 * 60


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
        self, account: Account, info: dict[str, Any], *, now: float | None = None
    ) -> dict[str, Any]:
        email = info.get("email")
        if not isinstance(email, str) or "@" not in email:
            raise ApiFailure(
                400,
                300,
                "Validation Failed.",
                [{"field": "user_info.email", "message": "Invalid field."}],
            )
        if email.lower() in account.by_email:
            raise ApiFailure(409, 1005, f"User already in the account: {email}")
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
            "display_name": f"{first} {last}".strip(),
            "email": email,
            "type": user_type,
            "pmi": 1_000_000_000 + n,
            "timezone": "UTC",
            "verified": 1,
            "dept": "",
            "created_at": iso(self.clock() if now is None else now),
            "last_login_time": iso(self.clock() if now is None else now),
            "language": "en-US",
            "status": "active",
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

    def delete_user(self, account: Account, user_id: str) -> None:
        user = self.find_user(account, user_id)
        if user["id"] == account.owner_id:
            raise ApiFailure(400, 200, "The account owner cannot be deleted.")
        del account.users[user["id"]]
        account.user_order.remove(user["id"])
        del account.by_email[user["email"].lower()]

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
        if errors:
            raise ApiFailure(400, 300, "Validation Failed.", errors)
        meeting_id = next(self._meeting_ids)
        uuid = base64.b64encode(secrets.token_bytes(16)).decode()
        now = self.clock()
        meeting = {
            "uuid": uuid,
            "id": meeting_id,
            "host_id": host["id"],
            "host_email": host["email"],
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
            "password": secrets.token_hex(3),
            "pre_schedule": False,
            "settings": dict(body.get("settings") or {}),
        }
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
        for key in ("topic", "type", "start_time", "duration", "timezone", "agenda"):
            if key in body:
                meeting[key] = body[key]
        if isinstance(body.get("settings"), dict):
            meeting["settings"].update(body["settings"])

    def delete_meeting(self, account: Account, meeting_id: str) -> None:
        meeting = self.find_meeting(account, meeting_id)
        del account.meetings[meeting["id"]]
        account.meetings_by_host[meeting["host_id"]].remove(meeting["id"])

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
        now = self.clock()
        offset = 0
        if token:
            cursor = self.cursors.get(token)
            if cursor is None or cursor.key != key or cursor.expires_at <= now:
                raise ApiFailure(400, 300, "The next page token is invalid or expired.")
            offset = cursor.offset
        chunk = items[offset : offset + page_size]
        end = offset + len(chunk)
        if end >= len(items):
            return chunk, ""
        if len(self.cursors) > 10_000:
            self.cursors = {t: c for t, c in self.cursors.items() if c.expires_at > now}
        next_token = secrets.token_urlsafe(24)
        self.cursors[next_token] = PageCursor(key, end, now + PAGE_TOKEN_TTL)
        return chunk, next_token


def user_rows(account: Account, status: str | None) -> Iterator[dict[str, Any]]:
    for uid in account.user_order:
        user = account.users[uid]
        if status is None or user["status"] == status:
            yield user

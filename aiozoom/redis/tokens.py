"""One token per credential for a whole fleet of workers, kept in Redis.

What is shared: for each credential key (``"s2s:<account>:<client>"``, a user OAuth ``key``) the
current token -- access token, expiry and, for user OAuth, the newest refresh token -- and a short
lease that says which worker is refreshing it now. Every worker's
:class:`~aiozoom.auth.RefreshingProvider` adopts the token another worker saved instead of asking
Zoom for one, and only the lease holder asks Zoom when it is due, so a fleet of any size makes one
token request per expiry. Saving is a compare-and-set (a Lua script), so a rotated user-OAuth pair
is never overwritten by a stale one.

Redis keys are ``prefix + "token:" + sha256(credential key)`` (and ``"lease:"`` likewise): the
credential key names an account or user, so it is hashed rather than shown to whoever can list
keys. Values are JSON of every :class:`~aiozoom.auth.Token` field -- bearer secrets -- unless
``encryption_key`` is given: then each value is AES-256-GCM encrypted with a random nonce and
bound to its Redis key. The trade-off: every worker must be given the same 32-byte key (one more
secret to distribute and rotate), and in return Redis alone (a dump, a replica, a ``MONITOR``) no
longer reveals tokens. A wrong key or a tampered value raises
:class:`~aiozoom.errors.TokenStorageError`; nothing undecodable is ever handed out as a token.

When Redis cannot be reached the store works on this process's own copy (a
:class:`~aiozoom.auth.MemoryTokenStore` that mirrors what it last saw in Redis, and local leases),
with one warning per outage, so requests go on per process. When Redis answers again, it is the
shared state once more; tokens this process saved during the outage are written back if Redis has
nothing newer, and a token Redis lost (a restart without persistence) is written back from the
mirror while it is still unexpired -- both as a compare-and-set, so the fleet converges on one
token rather than each worker minting its own.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import hashlib
import hmac
import json
import logging
import math
import secrets
import time
from types import TracebackType

import redis.asyncio as aioredis
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from aiozoom.auth.store import MemoryTokenStore
from aiozoom.auth.token import Clock, Token
from aiozoom.errors import TokenStorageError
from aiozoom.redis._outage import Outage, Unreachable

__all__ = ["RedisTokenStore"]

log = logging.getLogger("aiozoom.redis")

EXPIRY_SLACK = 60.0
"""Seconds a token without a refresh token stays in Redis after it expires."""

REFRESH_TOKEN_LIFETIME = 90 * 24 * 3600.0
"""How long a token with a refresh token is kept: Zoom's refresh tokens live 90 days, and the
access token's expiry must not take the fleet's only copy of the newest refresh token with it."""

_DIGEST_LEN = 64  # hex SHA-256
_PLAIN, _SEALED = b"p", b"e"
_NONCE_LEN = 12

# KEYS[1] token key. ARGV[1] the expected value's digest prefix ("" = absent), ARGV[2] the new
# value, ARGV[3] its TTL in milliseconds ("0" = none). 1 if written, 0 if the compare failed.
_CAS = """
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '' then
  if current then return 0 end
elseif (not current) or string.sub(current, 1, string.len(ARGV[1])) ~= ARGV[1] then
  return 0
end
if ARGV[3] == '0' then
  redis.call('SET', KEYS[1], ARGV[2])
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return 1
"""

# KEYS[1] lease key, ARGV[1] owner: delete the lease only while that owner still holds it.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


def _issued(token: Token | None) -> float:
    if token is None or token.issued_at is None:
        return float("-inf")
    return token.issued_at


class RedisTokenStore:
    """A :class:`~aiozoom.auth.TokenStore` in Redis, shared by every worker of a fleet.

    ``client_or_url`` is a ``redis.asyncio.Redis`` (left open by :meth:`aclose`) or a URL
    (``redis://host:6379/0``; the client made from it is closed by :meth:`aclose`, and made again
    when the store is used from another event loop, e.g. one ``asyncio.run`` after another --
    close it with ``aclose`` in each loop to release that loop's connections). Give the same
    ``prefix`` and ``encryption_key`` (32 bytes, or ``None`` for JSON at rest) to every worker.
    ``lease_ttl`` bounds how long a worker that vanished mid-refresh keeps the others waiting.
    ``clock`` (Unix time) decides Redis TTLs and whether a token may be written back after an
    outage; tests pass the clock they give their providers.

    Besides the protocol's ``get``/``put``/``compare_and_set`` it offers the optional lease
    methods :meth:`acquire_lease` and :meth:`release_lease` that
    :class:`~aiozoom.auth.RefreshingProvider` uses to let one worker refresh for all.
    """

    def __init__(
        self,
        client_or_url: aioredis.Redis | str,
        *,
        prefix: str = "aiozoom:",
        encryption_key: bytes | None = None,
        lease_ttl: float = 10.0,
        clock: Clock | None = None,
    ) -> None:
        if encryption_key is not None and (
            not isinstance(encryption_key, bytes) or len(encryption_key) != 32
        ):
            raise ValueError("encryption_key must be 32 bytes (AES-256), e.g. os.urandom(32)")
        if isinstance(lease_ttl, bool) or not isinstance(lease_ttl, int | float) or lease_ttl <= 0:
            raise ValueError("lease_ttl must be a positive number of seconds")
        if isinstance(client_or_url, str):
            self._url: str | None = client_or_url
            self._redis: aioredis.Redis = aioredis.from_url(client_or_url)
        else:
            self._url = None
            self._redis = client_or_url
        self._loop: asyncio.AbstractEventLoop | None = None
        self._prefix = prefix
        self._aead = AESGCM(encryption_key) if encryption_key is not None else None
        digest_key = b"aiozoom token digest"
        if encryption_key is not None:
            digest_key = hashlib.sha256(digest_key + b"\0" + encryption_key).digest()
        self._digest_key = digest_key
        self._lease_ttl = float(lease_ttl)
        self._clock: Clock = clock if clock is not None else time.time
        self._outage = Outage("RedisTokenStore")
        self._cas = self._redis.register_script(_CAS)
        self._release = self._redis.register_script(_RELEASE)
        self._local = MemoryTokenStore()
        self._dirty: set[str] = set()  # keys saved locally while Redis was unreachable
        self._local_leases: dict[str, tuple[str, float]] = {}

    def __repr__(self) -> str:
        state = "unreachable, working locally" if self._outage.down else "shared"
        encrypted = "encrypted" if self._aead is not None else "not encrypted"
        return f"RedisTokenStore(prefix={self._prefix!r}, {encrypted}, {state})"

    @property
    def lease_ttl(self) -> float:
        """Seconds a refresh lease lasts unless its holder releases it first."""
        return self._lease_ttl

    async def aclose(self) -> None:
        """Close the Redis client if this store made it from a URL."""
        if self._url is not None and self._loop in (None, asyncio.get_running_loop()):
            await self._redis.aclose()

    async def __aenter__(self) -> RedisTokenStore:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def _client(self) -> aioredis.Redis:
        """The Redis client, made again for a new event loop when this store made it from a URL
        (a client's connections belong to the loop that opened them)."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            if self._url is not None and self._loop is not None:
                self._redis = aioredis.from_url(self._url)
            self._loop = loop
        return self._redis

    # -- keys and values ----------------------------------------------------------------------

    def token_key(self, key: str) -> str:
        """The Redis key holding ``key``'s token (a hash: no credential key in Redis)."""
        return f"{self._prefix}token:{hashlib.sha256(key.encode()).hexdigest()}"

    def lease_key(self, key: str) -> str:
        """The Redis key of ``key``'s refresh lease."""
        return f"{self._prefix}lease:{hashlib.sha256(key.encode()).hexdigest()}"

    def _digest(self, plain: bytes) -> bytes:
        return hmac.new(self._digest_key, plain, hashlib.sha256).hexdigest().encode()

    @staticmethod
    def _plain(token: Token) -> bytes:
        return json.dumps(token.to_dict(), sort_keys=True, separators=(",", ":")).encode()

    def _compare_prefix(self, token: Token) -> bytes:
        """What a stored value of ``token`` starts with, whatever nonce sealed it."""
        return self._digest(self._plain(token)) + b":"

    def _encode(self, rkey: str, token: Token) -> bytes:
        plain = self._plain(token)
        head = self._digest(plain) + b":"
        if self._aead is None:
            return head + _PLAIN + plain
        nonce = secrets.token_bytes(_NONCE_LEN)
        sealed = self._aead.encrypt(nonce, plain, rkey.encode())
        return head + _SEALED + base64.b64encode(nonce + sealed)

    def _decode(self, rkey: str, raw: bytes | str) -> Token:
        if isinstance(raw, str):  # a client made with decode_responses=True
            raw = raw.encode()
        digest, colon, rest = (
            raw[:_DIGEST_LEN],
            raw[_DIGEST_LEN : _DIGEST_LEN + 1],
            raw[_DIGEST_LEN + 1 :],
        )
        kind, body = rest[:1], rest[1:]
        if colon != b":" or kind not in (_PLAIN, _SEALED):
            raise TokenStorageError("the token in Redis is not in aiozoom's format")
        if kind == _SEALED:
            if self._aead is None:
                raise TokenStorageError(
                    "the token in Redis is encrypted; give this store the fleet's encryption_key"
                )
            try:
                blob = base64.b64decode(body, validate=True)
                plain = self._aead.decrypt(blob[:_NONCE_LEN], blob[_NONCE_LEN:], rkey.encode())
            except (InvalidTag, ValueError, binascii.Error):
                raise TokenStorageError(
                    "the token in Redis could not be decrypted: a different encryption_key, "
                    "or the value was altered"
                ) from None
        else:
            if self._aead is not None:
                raise TokenStorageError(
                    "the token in Redis is not encrypted, but this store encrypts tokens at rest"
                )
            plain = body
        if not hmac.compare_digest(digest, self._digest(plain)):
            raise TokenStorageError("the token in Redis was altered (its digest does not match)")
        try:
            data = json.loads(plain)
            if not isinstance(data, dict):
                raise ValueError("not an object")
            return Token.from_dict(data)
        except (ValueError, TypeError):
            raise TokenStorageError("the token in Redis is not a saved aiozoom Token") from None

    def _ttl_ms(self, token: Token) -> int:
        """Milliseconds Redis keeps ``token`` (0: for ever)."""
        if token.refresh_token is not None:
            return int(REFRESH_TOKEN_LIFETIME * 1000)
        if token.expires_at is None:
            return 0
        left = max(token.expires_at - self._clock(), 0.0) + EXPIRY_SLACK
        return max(math.ceil(left * 1000), 1)

    def _alive(self, token: Token) -> bool:
        return token.expires_at is None or token.expires_at > self._clock()

    # -- the TokenStore protocol --------------------------------------------------------------

    async def get(self, key: str) -> Token | None:
        """The shared token for ``key`` (this process's copy while Redis is unreachable)."""
        rkey = self.token_key(key)
        try:
            await self._write_back()
            raw = await self._outage.call(self._client().get(rkey))
            if raw is None:
                return await self._seed(key, rkey)
        except Unreachable:
            return await self._local.get(key)
        token = self._decode(rkey, raw)
        await self._local.put(key, token)
        return token

    async def put(self, key: str, token: Token) -> None:
        """Store ``token`` under ``key`` unconditionally."""
        await self._local.put(key, token)
        rkey = self.token_key(key)
        try:
            await self._write_back()
            await self._outage.call(
                self._client().set(rkey, self._encode(rkey, token), px=self._ttl_ms(token) or None)
            )
        except Unreachable:
            self._dirty.add(key)
            return
        self._dirty.discard(key)

    async def compare_and_set(self, key: str, expected: Token | None, new: Token) -> bool:
        """Store ``new`` only if Redis still holds ``expected`` (compared by the digest of its
        serialisation, whatever nonce sealed it); while Redis is unreachable, locally."""
        try:
            await self._write_back()
            written = await self._redis_cas(key, expected, new)
        except Unreachable:
            if not await self._local.compare_and_set(key, expected, new):
                return False
            self._dirty.add(key)
            return True
        if written:
            await self._local.put(key, new)
        return written

    async def _redis_cas(self, key: str, expected: Token | None, new: Token) -> bool:
        rkey = self.token_key(key)
        compare = self._compare_prefix(expected) if expected is not None else b""
        result = await self._outage.call(
            self._cas(
                keys=[rkey],
                args=[compare, self._encode(rkey, new), self._ttl_ms(new)],
                client=self._client(),
            )
        )
        return bool(result)

    # -- after an outage ----------------------------------------------------------------------

    async def _seed(self, key: str, rkey: str) -> Token | None:
        """Redis holds nothing for ``key``: write back this process's still-valid copy."""
        mine = await self._local.get(key)
        if mine is None or not self._alive(mine):
            return None
        if await self._redis_cas(key, None, mine):
            log.info("RedisTokenStore: Redis had lost a token; wrote this process's copy back")
            return mine
        raw = await self._outage.call(self._client().get(rkey))
        if raw is None:
            return None
        token = self._decode(rkey, raw)
        await self._local.put(key, token)
        return token

    async def _write_back(self) -> None:
        """Push tokens saved locally during an outage, unless Redis now holds a newer one."""
        for key in list(self._dirty):
            rkey = self.token_key(key)
            mine = await self._local.get(key)
            for _ in range(3):
                raw = await self._outage.call(self._client().get(rkey))
                try:
                    theirs = self._decode(rkey, raw) if raw is not None else None
                except TokenStorageError:
                    break  # unreadable: leave it for the provider to report, never overwrite
                if mine is None or not self._alive(mine) or _issued(mine) <= _issued(theirs):
                    if theirs is not None:
                        await self._local.put(key, theirs)
                    break
                if await self._redis_cas(key, theirs, mine):
                    log.info("RedisTokenStore: wrote a token saved during the outage back")
                    break
            self._dirty.discard(key)

    # -- the refresh lease --------------------------------------------------------------------

    async def acquire_lease(self, key: str, ttl: float | None = None) -> str | None:
        """Take ``key``'s refresh lease for ``ttl`` seconds (``lease_ttl`` by default): the
        owner value to release it with, or ``None`` while another worker holds it. While Redis
        is unreachable the lease is this process's own."""
        seconds = self._lease_ttl if ttl is None else ttl
        owner = secrets.token_hex(16)
        try:
            taken = await self._outage.call(
                self._client().set(
                    self.lease_key(key), owner, nx=True, px=max(math.ceil(seconds * 1000), 1)
                )
            )
        except Unreachable:
            return self._local_lease(key, seconds)
        return owner if taken else None

    async def release_lease(self, key: str, owner: str) -> None:
        """Give up ``key``'s lease if ``owner`` still holds it (an expired lease someone else
        took since is left alone)."""
        if owner.startswith("local:"):
            held = self._local_leases.get(key)
            if held is not None and held[0] == owner:
                del self._local_leases[key]
            return
        with contextlib.suppress(Unreachable):  # if so, it expires by itself
            await self._outage.call(
                self._release(keys=[self.lease_key(key)], args=[owner], client=self._client())
            )

    def _local_lease(self, key: str, seconds: float) -> str | None:
        now = time.monotonic()
        held = self._local_leases.get(key)
        if held is not None and held[1] > now:
            return None
        owner = "local:" + secrets.token_hex(16)
        self._local_leases[key] = (owner, now + seconds)
        return owner

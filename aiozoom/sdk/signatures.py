"""Signatures for Zoom's client SDKs: sign, decode and check them, without any I/O.

A browser (or mobile app) that embeds Zoom's Meeting SDK or Video SDK authenticates with a short
HS256 JWT signed by your backend with the SDK secret. This module makes those tokens
(:func:`meeting_sdk_signature`, :func:`video_sdk_signature`), explains any token you are handed
(:func:`decode_signature` -- no need to paste a secret into jwt.io), and reproduces and decodes the
pre-2023 Web SDK signature (:func:`legacy_meeting_signature`, :func:`decode_legacy_signature`) for
migrations. Every function is pure: the time comes from an injectable ``now``.

Bad arguments raise :class:`SignatureArgumentError` (a ``ValueError``) naming the argument, never
echoing a key or secret.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
import re
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal, TypeGuard

import attrs
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

from aiozoom.errors import ZoomError
from aiozoom.http.paths import meeting_number

__all__ = [
    "CLOCK_SKEW",
    "DEFAULT_EXPIRES_IN",
    "GEO_REGIONS",
    "MAX_EXPIRES_IN",
    "MIN_EXPIRES_IN",
    "Clock",
    "LegacySignature",
    "SignatureArgumentError",
    "SignatureInfo",
    "decode_legacy_signature",
    "decode_signature",
    "legacy_meeting_signature",
    "meeting_sdk_signature",
    "normalize_meeting_number",
    "video_sdk_signature",
]

Clock = Callable[[], float]
"""A source of Unix time in seconds (``time.time`` unless a test injects its own)."""

Now = float | int | datetime
"""A point in time: Unix seconds, or a timezone-aware ``datetime``."""

MIN_EXPIRES_IN = 1800
"""Zoom rejects a signature whose ``exp`` is less than 30 minutes after its ``iat``."""
MAX_EXPIRES_IN = 172_800
"""Zoom rejects a signature whose ``exp`` is more than 48 hours after its ``iat``."""
DEFAULT_EXPIRES_IN = 7200
"""Two hours, as in Zoom's own auth endpoint samples."""
CLOCK_SKEW = 30
"""Seconds ``iat`` is backdated, so a Zoom server whose clock is a little behind accepts it."""

GEO_REGIONS = frozenset({"AU", "BR", "CA", "CN", "DE", "HK", "IN", "JP", "MX", "NL", "SG", "US"})
"""The data-center codes the Video SDK accepts in ``geo_regions``."""

_HEADER = {"alg": "HS256", "typ": "JWT"}
_DIGITS = re.compile(r"[0-9]+")
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
_BASE64 = re.compile(r"[A-Za-z0-9+/]+")
_TOPIC_MAX = 200
_SESSION_KEY_MAX = 36
_USER_IDENTITY_MAX = 35


class SignatureArgumentError(ZoomError, ValueError):
    """An argument to a signature function is unusable. ``argument`` names it.

    The message is built from the argument's name and the rule it broke, never from a key or
    secret, so it is safe to log or return to a client.
    """

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(message)
        self.argument = argument


# --------------------------------------------------------------------------------------------
# argument checks shared by the signers, the decoders and the HTTP endpoint


def _require_text(name: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise SignatureArgumentError(name, f"{name} must be a non-empty string")
    return value


def _require_ascii(name: str, value: str) -> bytes:
    try:
        return value.encode("ascii")
    except UnicodeEncodeError:
        raise SignatureArgumentError(name, f"{name} must be ASCII") from None


def _require_flag(name: str, value: object, meaning: str) -> int:
    """0 or 1, as an ``int`` (``True``/``False`` are refused: Zoom wants a number)."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in (0, 1):
        raise SignatureArgumentError(name, f"{name} must be 0 or 1 ({meaning})")
    return value


def normalize_meeting_number(value: object, name: str = "meeting_number") -> str:
    """The digits of a meeting (or webinar) number, as a string.

    Accepts a non-negative ``int`` or a string of ASCII digits, with spaces allowed between them
    as Zoom prints them (``"123 4567 8901"``). A string keeps its leading zeros. Anything else --
    empty, letters, a sign, a ``bool``, a float -- raises :class:`SignatureArgumentError`. The rule
    is the typed API's (:func:`aiozoom.http.paths.meeting_number`), so a number accepted here is
    accepted there.
    """
    try:
        return meeting_number(value, name=name)
    except ValueError as exc:
        raise SignatureArgumentError(name, str(exc)) from None


def _unix_time(now: Now | None) -> float:
    if now is None:
        return time.time()
    if isinstance(now, datetime):
        if now.tzinfo is None or now.tzinfo.utcoffset(now) is None:
            raise SignatureArgumentError("now", "now must be a timezone-aware datetime")
        return now.timestamp()
    if isinstance(now, bool) or not isinstance(now, int | float) or not math.isfinite(now):
        raise SignatureArgumentError("now", "now must be Unix seconds or an aware datetime")
    return float(now)


def _lifetime(expires_in: object) -> int:
    if isinstance(expires_in, timedelta):
        seconds = expires_in.total_seconds()
        if seconds != int(seconds):
            raise SignatureArgumentError("expires_in", "expires_in must be whole seconds")
        expires_in = int(seconds)
    if isinstance(expires_in, bool) or not isinstance(expires_in, int):
        raise SignatureArgumentError(
            "expires_in", "expires_in must be a whole number of seconds (int or timedelta)"
        )
    if not MIN_EXPIRES_IN <= expires_in <= MAX_EXPIRES_IN:
        raise SignatureArgumentError(
            "expires_in",
            f"expires_in is {expires_in} s; Zoom accepts {MIN_EXPIRES_IN} to {MAX_EXPIRES_IN} s "
            "(30 minutes to 48 hours) between iat and exp",
        )
    return expires_in


def _times(now: Now | None, expires_in: object) -> tuple[int, int]:
    lifetime = _lifetime(expires_in)
    iat = math.floor(_unix_time(now)) - CLOCK_SKEW
    return iat, iat + lifetime


def _signing_key(name: str, secret: object) -> OctKey:
    text = _require_text(name, secret)
    return OctKey.import_key(text.encode("utf-8"))


# --------------------------------------------------------------------------------------------
# signing


def meeting_sdk_signature(
    sdk_key: str,
    sdk_secret: str,
    meeting_number: int | str,
    role: int,
    *,
    expires_in: int | timedelta = DEFAULT_EXPIRES_IN,
    now: Now | None = None,
    video_webrtc_mode: int | None = None,
) -> str:
    """A Meeting SDK signature: the JWT ``ZoomMtg.join``/``client.join`` take as ``signature``.

    Header ``{"alg": "HS256", "typ": "JWT"}``; claims ``appKey`` and ``sdkKey`` (both the SDK key,
    a.k.a. Client ID), ``mn`` (the meeting number's digits, as a string so leading zeros survive),
    ``role`` (0 attendee, 1 host -- starting as host also needs the user's ZAK), ``iat``, ``exp``
    and ``tokenExp`` (= ``exp``), plus ``video_webrtc_mode`` (0/1) when given.

    ``iat`` is :data:`CLOCK_SKEW` seconds before ``now`` and ``exp`` is ``iat + expires_in``, so
    ``expires_in`` is exactly the window Zoom checks: 1,800 to 172,800 seconds, refused otherwise
    before anything is signed. ``now`` is Unix seconds or an aware ``datetime`` (default: the
    current time).
    """
    _require_text("sdk_key", sdk_key)
    key = _signing_key("sdk_secret", sdk_secret)
    mn = normalize_meeting_number(meeting_number)
    _require_flag("role", role, "0 attendee, 1 host")
    if video_webrtc_mode is not None:
        _require_flag("video_webrtc_mode", video_webrtc_mode, "0 off, 1 on")
    iat, exp = _times(now, expires_in)
    claims: dict[str, Any] = {
        "appKey": sdk_key,
        "sdkKey": sdk_key,
        "mn": mn,
        "role": role,
        "iat": iat,
        "exp": exp,
        "tokenExp": exp,
    }
    if video_webrtc_mode is not None:
        claims["video_webrtc_mode"] = video_webrtc_mode
    return jwt.encode(_HEADER, claims, key)


def video_sdk_signature(
    sdk_key: str,
    sdk_secret: str,
    topic: str,
    role_type: int,
    *,
    session_key: str | None = None,
    user_identity: str | None = None,
    expires_in: int | timedelta = DEFAULT_EXPIRES_IN,
    now: Now | None = None,
    geo_regions: Sequence[str] | str | None = None,
    cloud_recording_option: int | None = None,
    cloud_recording_election: int | None = None,
    video_webrtc_mode: int | None = None,
    telemetry_tracking_id: str | None = None,
) -> str:
    """A Video SDK signature: the JWT ``client.join(topic, signature, ...)`` takes.

    Claims ``app_key`` (the Video SDK key), ``tpc`` (the session name; it must equal the topic the
    client joins, compared case-insensitively), ``role_type`` (0 participant, 1 host),
    ``version`` (1), ``iat`` and ``exp``, and -- only when given -- ``session_key``,
    ``user_identity``, ``geo_regions`` (sent comma-separated), ``cloud_recording_option`` (0 one
    file, 1 a file per participant), ``cloud_recording_election`` (0/1), ``video_webrtc_mode``
    (0/1) and ``telemetry_tracking_id``.

    Limits, from Zoom's Video SDK auth page (developers.zoom.us/docs/video-sdk/auth) and Zoom's
    ``videosdk-auth-endpoint-sample``: ``tpc`` is required and at most 200 characters;
    ``exp - iat`` between 1,800 s and 48 h; ``session_key`` at most 36 characters;
    ``user_identity`` at most 35 characters (the sample's limit; Zoom's page now calls the
    identifier ``user_key`` with a 36-character cap, and older pages said 15 -- 35 satisfies the
    sample and the current page). Each violation raises :class:`SignatureArgumentError` naming the
    argument. ``expires_in`` and ``now`` work as in :func:`meeting_sdk_signature`.
    """
    _require_text("sdk_key", sdk_key)
    key = _signing_key("sdk_secret", sdk_secret)
    tpc = _require_text("topic", topic)
    if len(tpc) > _TOPIC_MAX:
        raise SignatureArgumentError(
            "topic", f"topic is {len(tpc)} characters; Zoom allows at most {_TOPIC_MAX}"
        )
    _require_flag("role_type", role_type, "0 participant, 1 host")
    iat, exp = _times(now, expires_in)
    claims: dict[str, Any] = {
        "app_key": sdk_key,
        "tpc": tpc,
        "role_type": role_type,
        "version": 1,
        "iat": iat,
        "exp": exp,
    }
    for name, value, limit in (
        ("session_key", session_key, _SESSION_KEY_MAX),
        ("user_identity", user_identity, _USER_IDENTITY_MAX),
    ):
        if value is None:
            continue
        _require_text(name, value)
        if len(value) > limit:
            raise SignatureArgumentError(
                name, f"{name} is {len(value)} characters; Zoom allows at most {limit}"
            )
        claims[name] = value
    if geo_regions is not None:
        claims["geo_regions"] = _geo_regions(geo_regions)
    for name, flag, meaning in (
        ("cloud_recording_option", cloud_recording_option, "0 one file, 1 a file per person"),
        ("cloud_recording_election", cloud_recording_election, "0 off, 1 on"),
        ("video_webrtc_mode", video_webrtc_mode, "0 off, 1 on"),
    ):
        if flag is not None:
            claims[name] = _require_flag(name, flag, meaning)
    if telemetry_tracking_id is not None:
        claims["telemetry_tracking_id"] = _require_text(
            "telemetry_tracking_id", telemetry_tracking_id
        )
    return jwt.encode(_HEADER, claims, key)


def _geo_regions(value: Sequence[str] | str) -> str:
    items = value.split(",") if isinstance(value, str) else list(value)
    codes = [item.strip() for item in items if isinstance(item, str)]
    if not codes or len(codes) != len(items) or not GEO_REGIONS.issuperset(codes):
        raise SignatureArgumentError(
            "geo_regions", f"geo_regions must be one or more of {', '.join(sorted(GEO_REGIONS))}"
        )
    return ",".join(codes)


# --------------------------------------------------------------------------------------------
# the pre-2023 Web SDK signature


@attrs.frozen
class LegacySignature:
    """The parts of a pre-2023 Web SDK signature, from :func:`decode_legacy_signature`.

    ``verified`` is ``True`` when the hash matches the API secret given, ``False`` when it does not
    (wrong secret, or the signature was altered), and ``None`` when no secret was given.
    """

    api_key: str
    meeting_number: str
    ts_ms: int
    """When it was made, in Unix milliseconds (by convention 30 s before the signing time)."""
    role: int
    hash: str
    """base64(HMAC-SHA256(api_secret, base64(api_key + meeting_number + ts_ms + role)))."""
    verified: bool | None = None


def _legacy_hash(api_key: str, meeting_number: str, ts_ms: int, role: int, secret: bytes) -> str:
    message = base64.b64encode(f"{api_key}{meeting_number}{ts_ms}{role}".encode("ascii"))
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def legacy_meeting_signature(
    api_key: str, api_secret: str, meeting_number: int | str, role: int, ts_ms: int
) -> str:
    """The pre-2023 Web SDK signature, byte for byte. Deprecated: for migrating and verifying.

    Zoom's Web SDK before version 2.x took ``signature`` made with a JWT app's API key and secret::

        hash = base64(HMAC-SHA256(api_secret, base64(api_key + meeting_number + ts_ms + role)))
        signature = base64("api_key.meeting_number.ts_ms.role.hash") without trailing "="

    Current SDKs reject it: sign new sessions with :func:`meeting_sdk_signature`. Use this to
    check what an old backend produced, or to keep a frozen integration running while you move.
    ``ts_ms`` is Unix milliseconds (the old samples used ``now - 30 s``); a meeting number given as
    a string keeps its leading zeros. Key, secret and meeting number must be ASCII.
    """
    _require_ascii("api_key", _require_text("api_key", api_key))
    secret = _require_ascii("api_secret", _require_text("api_secret", api_secret))
    mn = normalize_meeting_number(meeting_number)
    _require_flag("role", role, "0 attendee, 1 host")
    if isinstance(ts_ms, bool) or not isinstance(ts_ms, int) or ts_ms < 0:
        raise SignatureArgumentError("ts_ms", "ts_ms must be a non-negative int (Unix ms)")
    digest = _legacy_hash(api_key, mn, ts_ms, role, secret)
    joined = f"{api_key}.{mn}.{ts_ms}.{role}.{digest}".encode("ascii")
    return base64.b64encode(joined).decode("ascii").rstrip("=")


def decode_legacy_signature(signature: str, api_secret: str | None = None) -> LegacySignature:
    """Split a pre-2023 Web SDK signature into its parts, and check it against ``api_secret``.

    Deprecated, like :func:`legacy_meeting_signature`. The hash is compared in constant time.
    Anything that is not such a signature raises :class:`SignatureArgumentError` naming
    ``signature``.
    """
    text = _require_text("signature", signature).strip()
    secret = None
    if api_secret is not None:
        secret = _require_ascii("api_secret", _require_text("api_secret", api_secret))
    bad = SignatureArgumentError(
        "signature", "signature is not a legacy Web SDK signature (base64 of key.mn.ts.role.hash)"
    )
    if not _BASE64.fullmatch(text):
        raise bad
    try:
        decoded = base64.b64decode(text + "=" * (-len(text) % 4), validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        raise bad from None
    parts = decoded.rsplit(".", 4)
    if len(parts) != 5:
        raise bad
    api_key, mn, ts, role, digest = parts
    if not api_key or not _DIGITS.fullmatch(mn) or not _DIGITS.fullmatch(ts):
        raise bad
    if role not in ("0", "1") or not _is_sha256_base64(digest):
        raise bad
    verified = None
    if secret is not None:
        expected = _legacy_hash(api_key, mn, int(ts), int(role), secret)
        verified = hmac.compare_digest(expected.encode("ascii"), digest.encode("ascii"))
    return LegacySignature(api_key, mn, int(ts), int(role), digest, verified)


def _is_sha256_base64(text: str) -> bool:
    try:
        return len(base64.b64decode(text, validate=True)) == hashlib.sha256().digest_size
    except binascii.Error:
        return False


# --------------------------------------------------------------------------------------------
# decoding and checking a JWT signature


@attrs.frozen
class SignatureInfo:
    """What is inside an SDK signature, from :func:`decode_signature`.

    ``kind`` is ``"meeting"`` (Meeting SDK claims), ``"video"`` (Video SDK claims) or ``None``.
    ``verified`` is ``True``/``False`` against the secret given, ``None`` when none was given.
    ``problems`` lists, in plain words, everything Zoom would object to (including expiry and a
    failed verification); an empty tuple means none was found.
    """

    header: Mapping[str, Any]
    claims: Mapping[str, Any]
    kind: Literal["meeting", "video"] | None
    verified: bool | None
    expired: bool
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Verified against a secret, not expired, and nothing else wrong."""
        return self.verified is True and not self.problems


def decode_signature(
    token: str, secret: str | None = None, *, now: Now | None = None
) -> SignatureInfo:
    """Decode a Meeting SDK or Video SDK signature and say what Zoom would think of it.

    Reads the header and claims without trusting them, verifies the HS256 signature when
    ``secret`` (the SDK secret) is given, and checks the claims against Zoom's rules: required
    claims present and well typed, ``appKey`` equal to ``sdkKey``, role 0 or 1, ``exp - iat``
    between 1,800 and 172,800 s, ``iat`` not in the future, not expired at ``now``, and the
    Video SDK's length limits. It is the safe replacement for pasting a secret into jwt.io.

    A token that is not a JWT at all raises :class:`SignatureArgumentError` naming ``token`` (with
    a hint when it is a pre-2023 signature); nothing else raises.
    """
    text = _require_text("token", token).strip()
    moment = _unix_time(now)
    key = None if secret is None else _signing_key("secret", secret)
    parts = text.split(".")
    if len(parts) != 3:
        if len(parts) == 1 and _is_legacy(text):
            raise SignatureArgumentError(
                "token",
                "token is a pre-2023 Web SDK signature, not a JWT; "
                "read it with decode_legacy_signature",
            )
        raise SignatureArgumentError(
            "token", f"token is not a JWT: expected 3 dot-separated parts, found {len(parts)}"
        )
    header = _json_segment(parts[0], "header")
    claims = _json_segment(parts[1], "payload")
    if not _BASE64URL.fullmatch(parts[2]) or len(parts[2]) % 4 == 1:
        raise SignatureArgumentError("token", "token's signature part is not base64url")

    problems: list[str] = []
    verified: bool | None = None
    if key is not None:
        verified = _verifies(text, key)
        if not verified:
            problems.append(
                "the signature does not verify with the secret given "
                "(wrong secret, or the token was altered)"
            )
    kind = _kind(claims)
    problems += _header_problems(header)
    if kind == "meeting":
        problems += _meeting_problems(claims)
    elif kind == "video":
        problems += _video_problems(claims)
    else:
        problems.append(
            "the claims are neither a Meeting SDK signature (appKey, sdkKey, mn, role, tokenExp) "
            "nor a Video SDK signature (app_key, tpc, role_type, version)"
        )
    problems += _time_problems(claims, moment, token_exp=kind == "meeting")
    exp = claims.get("exp")
    expired = _is_number(exp) and moment >= exp
    return SignatureInfo(
        header=header,
        claims=claims,
        kind=kind,
        verified=verified,
        expired=expired,
        problems=tuple(problems),
    )


def _is_legacy(text: str) -> bool:
    try:
        decode_legacy_signature(text)
    except SignatureArgumentError:
        return False
    return True


def _json_segment(segment: str, what: str) -> dict[str, Any]:
    bad = SignatureArgumentError("token", f"token's {what} is not base64url-encoded JSON")
    if not segment or not _BASE64URL.fullmatch(segment) or len(segment) % 4 == 1:
        raise bad
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        value = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (binascii.Error, UnicodeDecodeError, ValueError, RecursionError):
        raise bad from None
    if not isinstance(value, dict):
        raise SignatureArgumentError("token", f"token's {what} is not a JSON object")
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _verifies(token: str, key: OctKey) -> bool:
    """Whether the token's HS256 signature over ``header.payload`` matches ``key``.

    Only the JWS signature is checked: the claims were already read by the caller and are judged
    by :func:`_time_problems` and its neighbours, so no claim value, however absurd (an ``iat`` of
    ``10**400`` or ``1e400``), is handed to joserfc. Anything joserfc cannot check counts as not
    verified rather than escaping as an exception.
    """
    try:
        jws.deserialize_compact(token, key, algorithms=["HS256"])
    except (JoseError, ValueError, TypeError, OverflowError, RecursionError):
        return False
    return True


def _kind(claims: Mapping[str, Any]) -> Literal["meeting", "video"] | None:
    if any(name in claims for name in ("appKey", "sdkKey", "mn", "tokenExp")):
        return "meeting"
    if any(name in claims for name in ("app_key", "tpc", "role_type")):
        return "video"
    return None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _header_problems(header: Mapping[str, Any]) -> list[str]:
    problems = []
    if header.get("alg") != "HS256":
        problems.append(f"header alg is {header.get('alg')!r}; Zoom requires 'HS256'")
    if header.get("typ") != "JWT":
        problems.append(f"header typ is {header.get('typ')!r}; Zoom expects 'JWT'")
    return problems


def _flag_problem(claims: Mapping[str, Any], name: str, meaning: str) -> list[str]:
    if name in claims and (not _is_int(claims[name]) or claims[name] not in (0, 1)):
        return [f"{name} is {claims[name]!r}; Zoom expects the number 0 or 1 ({meaning})"]
    return []


def _meeting_problems(claims: Mapping[str, Any]) -> list[str]:
    problems = []
    app_key, sdk_key = claims.get("appKey"), claims.get("sdkKey")
    for name, value in (("appKey", app_key), ("sdkKey", sdk_key)):
        if value is None:
            problems.append(f"{name} is missing (send the SDK key as both appKey and sdkKey)")
        elif not isinstance(value, str) or not value:
            problems.append(f"{name} must be the SDK key, a non-empty string")
    if isinstance(app_key, str) and isinstance(sdk_key, str) and app_key != sdk_key:
        problems.append("appKey and sdkKey differ; both must be the same SDK key")
    if "mn" not in claims:
        problems.append("mn is missing (the Web Meeting SDK needs the meeting number)")
    else:
        try:
            normalize_meeting_number(claims["mn"], "mn")
        except SignatureArgumentError as exc:
            problems.append(f"{exc} (got {claims['mn']!r})")
    if "role" not in claims:
        problems.append("role is missing (0 attendee, 1 host)")
    problems += _flag_problem(claims, "role", "0 attendee, 1 host")
    problems += _flag_problem(claims, "video_webrtc_mode", "0 off, 1 on")
    return problems


def _video_problems(claims: Mapping[str, Any]) -> list[str]:
    problems = []
    app_key = claims.get("app_key")
    if not isinstance(app_key, str) or not app_key:
        problems.append("app_key is missing or empty (it must be the Video SDK key)")
    tpc = claims.get("tpc")
    if not isinstance(tpc, str) or not tpc:
        problems.append("tpc (the session name) is missing or empty")
    elif len(tpc) > _TOPIC_MAX:
        problems.append(f"tpc is {len(tpc)} characters; Zoom allows at most {_TOPIC_MAX}")
    if "role_type" not in claims:
        problems.append("role_type is missing (0 participant, 1 host)")
    problems += _flag_problem(claims, "role_type", "0 participant, 1 host")
    if claims.get("version") != 1 or not _is_int(claims.get("version")):
        problems.append(f"version is {claims.get('version')!r}; Zoom expects 1")
    for name, limit in (("session_key", _SESSION_KEY_MAX), ("user_identity", _USER_IDENTITY_MAX)):
        value = claims.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(f"{name} must be a string")
        elif len(value) > limit:
            problems.append(f"{name} is {len(value)} characters; Zoom allows at most {limit}")
    for name in ("cloud_recording_option", "cloud_recording_election", "video_webrtc_mode"):
        problems += _flag_problem(claims, name, "see Zoom's Video SDK auth page")
    return problems


_LATEST_UNIX_TIME = 253_402_300_799
"""9999-12-31T23:59:59Z, the last second a ``datetime`` holds; no signature is valid that late."""


def _implausible_time(value: float) -> str | None:
    """Why ``value`` cannot be a Unix time (``None`` when it can).

    Only exact comparisons are used, so a huge ``int`` (``10**400``) or an infinite float (JSON
    ``1e400``) is judged without an ``OverflowError``.
    """
    if value != value:  # NaN
        return "it is not a number"
    if value < 0:
        return "it is before 1970"
    if value > _LATEST_UNIX_TIME:
        return "it is after the year 9999"
    return None


def _seconds(value: float) -> str:
    """A number of seconds for a message: an ``int`` exactly, a float to the millisecond."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return repr(value)
    return f"{value:.0f}" if value.is_integer() else f"{value:.3f}"


def _time_problems(claims: Mapping[str, Any], now: float, *, token_exp: bool) -> list[str]:
    problems = []
    names = ("iat", "exp", "tokenExp") if token_exp else ("iat", "exp")
    times: dict[str, float] = {}  # the plausible ones, which the checks below may compute with
    for name in names:
        value = claims.get(name)
        if name not in claims:
            problems.append(f"{name} is missing")
        elif not _is_number(value):
            problems.append(f"{name} is {value!r}; Zoom expects whole Unix seconds as a number")
        elif reason := _implausible_time(value):
            problems.append(
                f"{name} is not a plausible Unix time ({reason}); "
                "Zoom expects whole Unix seconds as a number"
            )
        else:
            if not _is_int(value):
                problems.append(f"{name} is {value!r}; Zoom expects whole Unix seconds as a number")
            times[name] = value
    iat, exp = times.get("iat"), times.get("exp")
    if iat is not None:
        for name in names[1:]:
            end = times.get(name)
            if end is None:
                continue
            span = end - iat
            if span < MIN_EXPIRES_IN:
                problems.append(
                    f"{name} - iat is {_seconds(span)} s, Zoom requires at least {MIN_EXPIRES_IN}"
                )
            elif span > MAX_EXPIRES_IN:
                problems.append(
                    f"{name} - iat is {_seconds(span)} s, Zoom allows at most {MAX_EXPIRES_IN}"
                )
        if iat > now:
            problems.append(
                f"iat is {_seconds(iat - now)} s in the future; "
                "Zoom refuses it until then (is the signing server's clock ahead?)"
            )
    if exp is not None and now >= exp:
        problems.append(f"the signature expired {_seconds(now - exp)} s ago (exp {exp})")
    return problems

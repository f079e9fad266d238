"""Meeting SDK / Video SDK signatures, their decoder, and the pre-2023 Web SDK signature.

Tokens are read back with PyJWT, a JWT library independent of the one aiozoom signs with; the
legacy signature is checked against a transcription of Zoom's old algorithm written out here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import time
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import jwt as pyjwt
import pytest

from aiozoom.sdk import (
    LegacySignature,
    SignatureArgumentError,
    decode_legacy_signature,
    decode_signature,
    legacy_meeting_signature,
    meeting_sdk_signature,
    video_sdk_signature,
)

KEY = "aiozoomTestSdkKey01"
SECRET = "aiozoom-test-sdk-secret-0123456789abcdef"
NOW = 1_800_000_000
SKEW = 30  # iat is backdated this much to absorb clock skew
NO_TIME_CHECKS = {"verify_exp": False, "verify_iat": False, "verify_nbf": False}


def read(token: str, secret: str = SECRET) -> tuple[dict[str, object], dict[str, object]]:
    """Header and verified claims, by PyJWT."""
    header = pyjwt.get_unverified_header(token)
    claims = pyjwt.decode(token, secret, algorithms=["HS256"], options=NO_TIME_CHECKS)
    return header, claims


def forge(claims: dict[str, object], secret: str = SECRET, **header: str) -> str:
    """A token made by PyJWT, to feed the decoder things aiozoom would never sign."""
    return pyjwt.encode(claims, secret, algorithm=header.pop("alg", "HS256"), headers=header)


def raises_naming(argument: str) -> Any:
    return pytest.raises(SignatureArgumentError, match=argument)


# --------------------------------------------------------------------------------------------
# Meeting SDK


@pytest.mark.parametrize(
    ("meeting_number", "mn"),
    [
        (123456789, "123456789"),
        ("123456789", "123456789"),
        ("123 4567 8901", "12345678901"),
        (98765432101, "98765432101"),
        ("  0012 345 678 ", "0012345678"),
    ],
)
@pytest.mark.parametrize("role", [0, 1])
def test_meeting_signature_has_exactly_zooms_claims(
    meeting_number: int | str, mn: str, role: int
) -> None:
    token = meeting_sdk_signature(KEY, SECRET, meeting_number, role, now=NOW)

    header, claims = read(token)
    assert header == {"alg": "HS256", "typ": "JWT"}
    iat = NOW - SKEW
    assert claims == {
        "appKey": KEY,
        "sdkKey": KEY,
        "mn": mn,
        "role": role,
        "iat": iat,
        "exp": iat + 7200,
        "tokenExp": iat + 7200,
    }


def test_meeting_signature_is_accepted_by_pyjwt_time_checks_at_the_real_time() -> None:
    token = meeting_sdk_signature(KEY, SECRET, "123456789", 0)

    claims = pyjwt.decode(token, SECRET, algorithms=["HS256"])  # exp and iat checked

    assert time.time() - 60 < claims["iat"] <= time.time()
    assert claims["exp"] - claims["iat"] == 7200


def test_video_webrtc_mode_is_sent_only_when_given() -> None:
    _, with_mode = read(
        meeting_sdk_signature(KEY, SECRET, 1234567890, 1, now=NOW, video_webrtc_mode=1)
    )
    _, without = read(meeting_sdk_signature(KEY, SECRET, 1234567890, 1, now=NOW))

    assert with_mode["video_webrtc_mode"] == 1
    assert "video_webrtc_mode" not in without
    assert {k: v for k, v in with_mode.items() if k != "video_webrtc_mode"} == without


@pytest.mark.parametrize("mode", [2, -1, True, "1"])
def test_video_webrtc_mode_must_be_0_or_1(mode: object) -> None:
    with raises_naming("video_webrtc_mode"):
        meeting_sdk_signature(KEY, SECRET, 123456789, 0, now=NOW, video_webrtc_mode=mode)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "expires_in", [1800, 3600, 172_800, timedelta(hours=48), timedelta(minutes=30)]
)
def test_expiry_window_boundaries_are_accepted(expires_in: int | timedelta) -> None:
    token = meeting_sdk_signature(KEY, SECRET, 123456789, 0, now=NOW, expires_in=expires_in)

    _, claims = read(token)
    seconds = expires_in.total_seconds() if isinstance(expires_in, timedelta) else expires_in
    assert claims["exp"] - claims["iat"] == seconds  # type: ignore[operator]
    assert claims["tokenExp"] == claims["exp"]


@pytest.mark.parametrize(
    "expires_in", [1799, 172_801, 0, -7200, 10**9, True, 1800.0, "7200", timedelta(seconds=1800.5)]
)
def test_expiry_outside_zooms_window_is_refused_before_signing(expires_in: object) -> None:
    with raises_naming("expires_in") as info:
        meeting_sdk_signature(KEY, SECRET, 123456789, 0, now=NOW, expires_in=expires_in)  # type: ignore[arg-type]
    assert info.value.argument == "expires_in"


@pytest.mark.parametrize(
    "meeting_number",
    [
        "",
        "   ",
        "12a34",
        "-123",
        "+123",
        "12.5",
        "١٢٣٤٥",
        "123-456",
        -5,
        True,
        False,
        12.0,
        None,
        b"123",
    ],
)
def test_meeting_number_must_be_digits(meeting_number: object) -> None:
    with raises_naming("meeting_number") as info:
        meeting_sdk_signature(KEY, SECRET, meeting_number, 0, now=NOW)  # type: ignore[arg-type]
    assert info.value.argument == "meeting_number"
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("role", [2, -1, True, False, "0", None, 0.0])
def test_role_must_be_0_or_1(role: object) -> None:
    with raises_naming("role"):
        meeting_sdk_signature(KEY, SECRET, 123456789, role, now=NOW)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sdk_key", "sdk_secret", "argument"),
    [
        ("", SECRET, "sdk_key"),
        (None, SECRET, "sdk_key"),
        (KEY, "", "sdk_secret"),
        (KEY, None, "sdk_secret"),
    ],
)
def test_empty_credentials_are_refused_by_name(
    sdk_key: object, sdk_secret: object, argument: str
) -> None:
    with raises_naming(argument):
        meeting_sdk_signature(sdk_key, sdk_secret, 123456789, 0, now=NOW)  # type: ignore[arg-type]


def test_now_may_be_an_aware_datetime() -> None:
    as_datetime = datetime.fromtimestamp(NOW, tz=timezone(timedelta(hours=-5)))

    from_datetime = meeting_sdk_signature(KEY, SECRET, 123456789, 0, now=as_datetime)
    from_seconds = meeting_sdk_signature(KEY, SECRET, 123456789, 0, now=NOW)

    assert read(from_datetime)[1] == read(from_seconds)[1]
    assert read(meeting_sdk_signature(KEY, SECRET, 1, 0, now=NOW + 0.999))[1]["iat"] == NOW - SKEW


@pytest.mark.parametrize("now", [datetime(2027, 1, 1), True, float("nan"), "1800000000"])
def test_now_must_be_unix_seconds_or_an_aware_datetime(now: object) -> None:
    with raises_naming("now"):
        meeting_sdk_signature(KEY, SECRET, 123456789, 0, now=now)  # type: ignore[arg-type]


def test_errors_never_echo_the_secret() -> None:
    bad_calls = [
        lambda: meeting_sdk_signature(KEY, SECRET, "abc", 0),
        lambda: meeting_sdk_signature(KEY, SECRET, 1, 5),
        lambda: meeting_sdk_signature(KEY, SECRET, 1, 0, expires_in=1),
        lambda: video_sdk_signature(KEY, SECRET, "", 0),
        lambda: legacy_meeting_signature(KEY, SECRET + "é", 1, 0, 0),
        lambda: decode_signature("garbage", SECRET),
        lambda: decode_legacy_signature("garbage", SECRET),
    ]
    for call in bad_calls:
        with pytest.raises(SignatureArgumentError) as info:
            call()
        assert SECRET not in str(info.value)
        assert SECRET not in repr(info.value)


# --------------------------------------------------------------------------------------------
# Video SDK


def test_video_signature_has_exactly_zooms_claims() -> None:
    token = video_sdk_signature(KEY, SECRET, "Weekly sync #3", 1, now=NOW)

    header, claims = read(token)
    iat = NOW - SKEW
    assert header == {"alg": "HS256", "typ": "JWT"}
    assert claims == {
        "app_key": KEY,
        "tpc": "Weekly sync #3",
        "role_type": 1,
        "version": 1,
        "iat": iat,
        "exp": iat + 7200,
    }


def test_video_signature_optional_claims() -> None:
    token = video_sdk_signature(
        KEY,
        SECRET,
        "room",
        0,
        session_key="k" * 36,
        user_identity="u" * 35,
        expires_in=1800,
        now=NOW,
        geo_regions=["US", "DE"],
        cloud_recording_option=1,
        cloud_recording_election=0,
        video_webrtc_mode=1,
        telemetry_tracking_id="trace-42",
    )

    _, claims = read(token)
    iat = NOW - SKEW
    assert claims == {
        "app_key": KEY,
        "tpc": "room",
        "role_type": 0,
        "version": 1,
        "iat": iat,
        "exp": iat + 1800,
        "session_key": "k" * 36,
        "user_identity": "u" * 35,
        "geo_regions": "US,DE",
        "cloud_recording_option": 1,
        "cloud_recording_election": 0,
        "video_webrtc_mode": 1,
        "telemetry_tracking_id": "trace-42",
    }


def test_geo_regions_may_be_a_comma_separated_string() -> None:
    _, claims = read(video_sdk_signature(KEY, SECRET, "room", 0, now=NOW, geo_regions="US, CA"))
    assert claims["geo_regions"] == "US,CA"


@pytest.mark.parametrize(
    ("options", "argument"),
    [
        ({"topic": ""}, "topic"),
        ({"topic": "t" * 201}, "topic"),
        ({"topic": None}, "topic"),
        ({"role_type": 2}, "role_type"),
        ({"role_type": True}, "role_type"),
        ({"session_key": "k" * 37}, "session_key"),
        ({"session_key": ""}, "session_key"),
        ({"user_identity": "u" * 36}, "user_identity"),
        ({"expires_in": 1799}, "expires_in"),
        ({"expires_in": 172_801}, "expires_in"),
        ({"geo_regions": ["US", "XX"]}, "geo_regions"),
        ({"geo_regions": []}, "geo_regions"),
        ({"geo_regions": "us"}, "geo_regions"),
        ({"cloud_recording_option": 2}, "cloud_recording_option"),
        ({"cloud_recording_election": True}, "cloud_recording_election"),
        ({"telemetry_tracking_id": ""}, "telemetry_tracking_id"),
        ({"sdk_secret": ""}, "sdk_secret"),
    ],
)
def test_video_signature_limits(options: dict[str, object], argument: str) -> None:
    arguments: dict[str, object] = {
        "sdk_key": KEY,
        "sdk_secret": SECRET,
        "topic": "room",
        "role_type": 0,
    }
    arguments.update(options)

    with raises_naming(argument) as info:
        video_sdk_signature(now=NOW, **arguments)  # type: ignore[arg-type]
    assert info.value.argument == argument


def test_video_signature_limit_boundaries_are_accepted() -> None:
    token = video_sdk_signature(
        KEY,
        SECRET,
        "t" * 200,
        1,
        session_key="k" * 36,
        user_identity="u" * 35,
        expires_in=172_800,
        now=NOW,
    )
    _, claims = read(token)
    assert (len(claims["tpc"]), claims["exp"] - claims["iat"]) == (200, 172_800)  # type: ignore[arg-type, operator]


# --------------------------------------------------------------------------------------------
# the pre-2023 Web SDK signature


def zoom_2019_signature(
    api_key: str, api_secret: str, meeting_number: str, role: int, ts: int
) -> str:
    """Zoom's old Web SDK sample algorithm, transcribed step by step."""
    msg = api_key + meeting_number + str(ts) + str(role)
    message = base64.b64encode(bytes(msg, "ascii"))
    digest = hmac.new(bytes(api_secret, "ascii"), message, hashlib.sha256).digest()
    hash_ = base64.b64encode(digest).decode("ascii")
    tmp = f"{api_key}.{meeting_number}.{ts}.{role}.{hash_}"
    return base64.b64encode(bytes(tmp, "ascii")).decode("ascii").rstrip("=")


LEGACY_CASES = [
    # api_key, api_secret, meeting number as given, as signed, role, ts_ms
    (
        "Ab12CdEfGhIjKlMnOpQrSt",
        "SeCrEtSeCrEtSeCrEtSeCrEtSeCrEtSeCrE",
        "85746065432",
        "85746065432",
        0,
        1_577_836_800_000,
    ),
    (
        "Ab12CdEfGhIjKlMnOpQrSt",
        "SeCrEtSeCrEtSeCrEtSeCrEtSeCrEtSeCrE",
        85746065432,
        "85746065432",
        1,
        1_577_836_800_000,
    ),
    ("key", "s", "0012345678", "0012345678", 1, 1_600_000_000_000),
    ("key1", "another-secret", "123 4567 8901", "12345678901", 0, 1_650_000_000_123),
    ("k", "x" * 64, "9", "9", 0, 0),
    ("apiKeyWithLongerName", "z", "987654321", "987654321", 1, 1_699_999_999_999),
    ("AB", "cd", "1234567890", "1234567890", 1, 1_234_567_890_123),
]


@pytest.mark.parametrize(
    ("api_key", "api_secret", "given", "signed", "role", "ts_ms"), LEGACY_CASES
)
def test_legacy_signature_matches_zooms_algorithm(
    api_key: str, api_secret: str, given: int | str, signed: str, role: int, ts_ms: int
) -> None:
    signature = legacy_meeting_signature(api_key, api_secret, given, role, ts_ms)

    assert signature == zoom_2019_signature(api_key, api_secret, signed, role, ts_ms)
    assert not signature.endswith("=")


def test_legacy_cases_cover_every_base64_padding_length() -> None:
    # The trailing "=" removal is only tested if some outputs had 0, 1 and 2 "=" to remove.
    paddings = set()
    for api_key, api_secret, _, signed, role, ts_ms in LEGACY_CASES:
        secret = api_secret.encode("ascii")
        message = base64.b64encode(f"{api_key}{signed}{ts_ms}{role}".encode("ascii"))
        hash_ = base64.b64encode(hmac.new(secret, message, hashlib.sha256).digest()).decode()
        paddings.add(len(f"{api_key}.{signed}.{ts_ms}.{role}.{hash_}") % 3)
    assert paddings == {0, 1, 2}


@pytest.mark.parametrize(
    ("api_key", "api_secret", "given", "signed", "role", "ts_ms"), LEGACY_CASES
)
def test_legacy_signature_round_trips_and_verifies(
    api_key: str, api_secret: str, given: int | str, signed: str, role: int, ts_ms: int
) -> None:
    signature = legacy_meeting_signature(api_key, api_secret, given, role, ts_ms)

    decoded = decode_legacy_signature(signature, api_secret)
    unchecked = decode_legacy_signature(signature)

    assert (decoded.api_key, decoded.meeting_number, decoded.ts_ms, decoded.role) == (
        api_key,
        signed,
        ts_ms,
        role,
    )
    assert decoded.verified is True
    assert unchecked.verified is None
    assert decode_legacy_signature(signature, api_secret + "x").verified is False


def _reencode(text: str) -> str:
    return base64.b64encode(text.encode("ascii")).decode("ascii").rstrip("=")


def test_legacy_decoder_detects_tampering() -> None:
    signature = legacy_meeting_signature("key", "secret", "123456789", 0, 1_600_000_000_000)
    inner = base64.b64decode(signature + "=" * (-len(signature) % 4)).decode("ascii")
    api_key, mn, ts, role, hash_ = inner.split(".")

    as_host = _reencode(f"{api_key}.{mn}.{ts}.1.{hash_}")
    other_meeting = _reencode(f"{api_key}.987654321.{ts}.{role}.{hash_}")
    later = _reencode(f"{api_key}.{mn}.{int(ts) + 1}.{role}.{hash_}")
    forged_hash = _reencode(
        f"{api_key}.{mn}.{ts}.{role}.{base64.b64encode(bytes(32)).decode('ascii')}"
    )

    for tampered in (as_host, other_meeting, later, forged_hash):
        assert decode_legacy_signature(tampered, "secret").verified is False
    assert decode_legacy_signature(as_host).role == 1


@pytest.mark.parametrize(
    "signature",
    [
        "",
        "   ",
        "!!!!",
        "not base64 at all",
        _reencode("a.b.c"),
        _reencode("key.12a.1600000000000.0." + base64.b64encode(bytes(32)).decode()),
        _reencode("key.123.1600000000000.2." + base64.b64encode(bytes(32)).decode()),
        _reencode("key.123.16e11.0." + base64.b64encode(bytes(32)).decode()),
        _reencode(".123.1600000000000.0." + base64.b64encode(bytes(32)).decode()),
        _reencode("key.123.1600000000000.0.c2hvcnQ="),
        base64.b64encode(b"\xff\xfe.1.2.0.x").decode(),
        None,
        12345,
    ],
)
def test_legacy_decoder_refuses_what_is_not_a_legacy_signature(signature: object) -> None:
    with raises_naming("signature") as info:
        decode_legacy_signature(signature)  # type: ignore[arg-type]
    assert info.value.argument == "signature"


@pytest.mark.parametrize(
    ("arguments", "argument"),
    [
        (("k", "s", "12a", 0, 1), "meeting_number"),
        (("k", "s", "123", 2, 1), "role"),
        (("k", "s", "123", 0, -1), "ts_ms"),
        (("k", "s", "123", 0, True), "ts_ms"),
        (("k", "s", "123", 0, 1.5), "ts_ms"),
        (("", "s", "123", 0, 1), "api_key"),
        (("k", "", "123", 0, 1), "api_secret"),
        (("kë", "s", "123", 0, 1), "api_key"),
        (("k", "sé", "123", 0, 1), "api_secret"),
    ],
)
def test_legacy_signature_refuses_bad_arguments(
    arguments: tuple[object, ...], argument: str
) -> None:
    with raises_naming(argument):
        legacy_meeting_signature(*arguments)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# decode_signature


def test_decode_a_good_meeting_signature() -> None:
    token = meeting_sdk_signature(KEY, SECRET, "123 4567 8901", 1, now=NOW, video_webrtc_mode=0)

    info = decode_signature(token, SECRET, now=NOW)

    header, claims = read(token)
    assert info.header == header
    assert info.claims == claims
    assert (info.kind, info.verified, info.expired, info.problems, info.ok) == (
        "meeting",
        True,
        False,
        (),
        True,
    )


def test_decode_without_a_secret_reads_but_does_not_verify() -> None:
    token = meeting_sdk_signature(KEY, SECRET, 123456789, 0, now=NOW)

    info = decode_signature(token, now=NOW)

    assert info.verified is None
    assert info.problems == ()
    assert info.ok is False
    assert info.claims["mn"] == "123456789"


def test_decode_with_the_wrong_secret() -> None:
    token = meeting_sdk_signature(KEY, SECRET, 123456789, 0, now=NOW)

    info = decode_signature(token, SECRET[::-1], now=NOW)

    assert info.verified is False
    assert info.ok is False
    assert len(info.problems) == 1
    assert "does not verify" in info.problems[0]


def test_decode_a_tampered_signature() -> None:
    token = meeting_sdk_signature(KEY, SECRET, 123456789, 0, now=NOW)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["role"] = 1
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")

    info = decode_signature(f"{header}.{forged}.{signature}", SECRET, now=NOW)

    assert info.verified is False
    assert info.claims["role"] == 1


def test_decode_reports_expiry_at_exp_exactly() -> None:
    token = meeting_sdk_signature(KEY, SECRET, 123456789, 0, now=NOW, expires_in=1800)
    exp = NOW - SKEW + 1800

    just_before = decode_signature(token, SECRET, now=exp - 1)
    at_exp = decode_signature(token, SECRET, now=exp)
    later = decode_signature(token, SECRET, now=datetime.fromtimestamp(exp + 600, tz=UTC))

    assert (just_before.expired, at_exp.expired, later.expired) == (False, True, True)
    assert just_before.ok
    assert not at_exp.ok
    assert later.verified is True
    assert later.problems == ("the signature expired 600 s ago (exp 1800001770)",)


def _meeting_claims(**changes: object) -> dict[str, object]:
    claims: dict[str, object] = {
        "appKey": KEY,
        "sdkKey": KEY,
        "mn": "123456789",
        "role": 0,
        "iat": NOW - 60,
        "exp": NOW + 3600,
        "tokenExp": NOW + 3600,
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        (
            _meeting_claims(exp=NOW - 60 + 90_000 * 2, tokenExp=NOW - 60 + 180_000),
            "exp - iat is 180000 s, Zoom allows at most 172800",
        ),
        (
            _meeting_claims(exp=NOW + 600, tokenExp=NOW + 600),
            "exp - iat is 660 s, Zoom requires at least 1800",
        ),
        (
            _meeting_claims(tokenExp=NOW + 60),
            "tokenExp - iat is 120 s, Zoom requires at least 1800",
        ),
        (_meeting_claims(sdkKey="someone-else"), "appKey and sdkKey differ"),
        (_meeting_claims(sdkKey=None), "sdkKey is missing"),
        (_meeting_claims(mn=None), "mn is missing"),
        (_meeting_claims(mn="12-34"), "mn must contain only digits"),
        (_meeting_claims(role=None), "role is missing"),
        (_meeting_claims(role=2), "role is 2"),
        (_meeting_claims(role=True), "role is True"),
        (_meeting_claims(iat=str(NOW - 60)), "iat is '1799999940'"),
        (_meeting_claims(tokenExp=None), "tokenExp is missing"),
        (_meeting_claims(video_webrtc_mode=3), "video_webrtc_mode is 3"),
        (
            _meeting_claims(iat=NOW + 120, exp=NOW + 4000, tokenExp=NOW + 4000),
            "iat is 120 s in the future",
        ),
        ({"foo": "bar", "iat": NOW, "exp": NOW + 3600}, "neither a Meeting SDK signature"),
    ],
)
def test_decode_explains_what_zoom_would_refuse(claims: dict[str, object], expected: str) -> None:
    info = decode_signature(forge(claims), SECRET, now=NOW)

    assert info.verified is True
    assert any(expected in problem for problem in info.problems), info.problems
    assert not info.ok


def test_decode_flags_the_wrong_algorithm() -> None:
    token = forge(
        _meeting_claims(), SECRET + "-longer-for-hs512-keys-0123456789abcdef", alg="HS512"
    )

    info = decode_signature(token, SECRET, now=NOW)

    assert info.verified is False
    assert any("alg is 'HS512'" in problem for problem in info.problems)


def test_decode_a_video_signature() -> None:
    good = video_sdk_signature(KEY, SECRET, "room", 1, session_key="pw", now=NOW)
    too_long = forge(
        {
            "app_key": KEY,
            "tpc": "t" * 201,
            "role_type": 0,
            "version": 2,
            "iat": NOW,
            "exp": NOW + 1800,
            "user_identity": "u" * 36,
        }
    )

    ok = decode_signature(good, SECRET, now=NOW)
    bad = decode_signature(too_long, SECRET, now=NOW)

    assert (ok.kind, ok.ok, ok.claims["tpc"]) == ("video", True, "room")
    assert bad.kind == "video"
    assert any("tpc is 201 characters" in p for p in bad.problems)
    assert any("version is 2" in p for p in bad.problems)
    assert any("user_identity is 36 characters" in p for p in bad.problems)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


GOOD_HEADER = _b64url(b'{"alg":"HS256","typ":"JWT"}')
GOOD_PAYLOAD = _b64url(b'{"appKey":"k"}')
NAN_PAYLOAD = _b64url(b'{"appKey": NaN}')


@pytest.mark.parametrize(
    "token",
    [
        "",
        "   ",
        "not a token",
        "a.b",
        "a.b.c.d",
        "abc.def.ghi",
        f"{GOOD_HEADER}.!!!.sig",
        f"{_b64url(b'[1, 2]')}.{GOOD_PAYLOAD}.sig",
        f"{GOOD_HEADER}.{_b64url(b'not json')}.sig",
        f"{GOOD_HEADER}.{NAN_PAYLOAD}.sig",
        f"{GOOD_HEADER}.{_b64url(bytes([0xFF, 0xFE]))}.sig",
        f"{GOOD_HEADER}.{GOOD_PAYLOAD}.not+base64url",
        f".{GOOD_PAYLOAD}.sig",
        None,
        12345,
    ],
)
def test_decode_refuses_garbage_with_a_clear_error(token: object) -> None:
    with raises_naming("token") as info:
        decode_signature(token, SECRET, now=NOW)  # type: ignore[arg-type]
    assert info.value.argument == "token"
    assert isinstance(info.value, ValueError)


def test_decode_points_legacy_signatures_to_their_decoder() -> None:
    legacy = legacy_meeting_signature("key", "secret", "123456789", 0, 1_600_000_000_000)

    with raises_naming("decode_legacy_signature"):
        decode_signature(legacy)


def test_decode_never_raises_anything_but_a_token_error() -> None:
    rng = random.Random(20240301)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ "
    real = meeting_sdk_signature(KEY, SECRET, 123456789, 0, now=NOW)
    samples = ["".join(rng.choices(alphabet, k=rng.randint(1, 80))) for _ in range(400)]
    # damage a real token in random places, so the decoder also meets almost-valid input
    for _ in range(400):
        chars = list(real)
        for _ in range(rng.randint(1, 4)):
            chars[rng.randrange(len(chars))] = rng.choice(alphabet)
        samples.append("".join(chars))

    refused: set[str] = set()
    decoded = 0
    for sample in samples:
        try:
            info = decode_signature(sample, SECRET, now=NOW)
        except SignatureArgumentError as exc:
            refused.add(exc.argument)
        else:
            decoded += 1
            assert info.verified in (True, False)
    assert refused == {"token"}
    assert decoded > 0  # some damage lands in the signature or survives base64url


def test_results_print_no_secret() -> None:
    token = meeting_sdk_signature(KEY, SECRET, 123456789, 0, now=NOW)
    legacy = legacy_meeting_signature("key", SECRET, 123456789, 0, 1)

    printed = [
        repr(decode_signature(token, SECRET, now=NOW)),
        str(decode_signature(token, SECRET, now=NOW)),
        repr(decode_legacy_signature(legacy, SECRET)),
    ]

    assert all(SECRET not in text for text in printed)
    assert isinstance(decode_legacy_signature(legacy, SECRET), LegacySignature)


# --------------------------------------------------------------------------------------------
# absurd times: reported, never an OverflowError


def hand_made(claims_json: str, secret: str = SECRET) -> str:
    """An HS256 JWT built byte by byte, so a claim can be a number no JSON library would write."""
    signing_input = f"{GOOD_HEADER}.{_b64url(claims_json.encode())}"
    digest = hmac.new(secret.encode(), signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{_b64url(digest)}"


def meeting_claims_json(**raw: str) -> str:
    """Meeting SDK claims as JSON text; ``raw`` replaces values with literal JSON numbers."""
    values = {
        "appKey": json.dumps(KEY),
        "sdkKey": json.dumps(KEY),
        "mn": '"123456789"',
        "role": "0",
        "iat": str(NOW - 60),
        "exp": str(NOW + 3600),
        "tokenExp": str(NOW + 3600),
        **raw,
    }
    return "{" + ",".join(f'"{name}":{value}' for name, value in values.items()) + "}"


HUGE = str(10**400)


@pytest.mark.parametrize(
    ("claim", "literal"),
    [
        ("iat", HUGE),
        ("exp", HUGE),
        ("tokenExp", HUGE),
        ("iat", "1e400"),  # Python reads it as inf
        ("exp", "1e400"),
        ("exp", "-1e400"),
        ("iat", "-" + HUGE),
        ("iat", "1e300"),
    ],
)
@pytest.mark.parametrize("secret", [None, SECRET])
def test_decode_reports_an_absurd_time_as_a_problem(
    claim: str, literal: str, secret: str | None
) -> None:
    token = hand_made(meeting_claims_json(**{claim: literal}))

    info = decode_signature(token, secret, now=NOW)

    assert info.kind == "meeting"
    assert info.verified is (None if secret is None else True)
    assert any(
        problem.startswith(f"{claim} is not a plausible Unix time") for problem in info.problems
    ), info.problems
    assert not info.ok
    assert all(len(problem) < 200 for problem in info.problems), info.problems


def test_decode_reports_every_absurd_time_at_once() -> None:
    token = hand_made(meeting_claims_json(iat=HUGE, exp="1e400", tokenExp="-1e400"))

    info = decode_signature(token, SECRET, now=NOW)

    assert info.verified is True
    implausible = sorted(p.split()[0] for p in info.problems if "plausible Unix time" in p)
    assert implausible == ["exp", "iat", "tokenExp"]


def test_decode_still_checks_sane_times_next_to_an_absurd_one() -> None:
    token = hand_made(meeting_claims_json(exp="1e400", tokenExp=str(NOW + 60)))

    info = decode_signature(token, SECRET, now=NOW)

    assert any(p.startswith("exp is not a plausible Unix time") for p in info.problems)
    assert "tokenExp - iat is 120 s, Zoom requires at least 1800" in info.problems

"""Zoom's webhook signature scheme: what verify() accepts and each way it refuses."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from multidict import CIMultiDict

from aiozoom.errors import ZoomError
from aiozoom.webhooks import (
    MalformedSignatureError,
    MalformedTimestampError,
    MissingHeaderError,
    SignatureMismatchError,
    StaleTimestampError,
    WebhookVerificationError,
    url_validation_response,
    verify,
)

SECRET = "s3cr3t-webhook-token"
NOW = 1_800_000_000
BODY = (
    b'{"event":"meeting.started","event_ts":1800000000000,'
    b'"payload":{"account_id":"acc","object":{"id":85746065432,"topic":"Standup"}}}'
)


def zoom_signature(body: bytes, timestamp: str, secret: str = SECRET) -> str:
    """The scheme as Zoom documents it, written out independently of aiozoom."""
    message = f"v0:{timestamp}:".encode() + body
    return "v0=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def zoom_headers(body: bytes = BODY, timestamp: int = NOW, secret: str = SECRET) -> dict[str, str]:
    return {
        "x-zm-request-timestamp": str(timestamp),
        "x-zm-signature": zoom_signature(body, str(timestamp), secret),
    }


def test_accepts_a_correct_delivery() -> None:
    assert verify(BODY, zoom_headers(), SECRET, now=NOW) is None


def test_accepts_headers_in_any_case_in_a_plain_dict_and_in_a_cimultidict() -> None:
    headers = zoom_headers()
    shouted = {
        "X-ZM-Request-Timestamp": headers["x-zm-request-timestamp"],
        "X-Zm-Signature": headers["x-zm-signature"],
    }
    verify(BODY, shouted, SECRET, now=NOW)
    verify(BODY, CIMultiDict(shouted), SECRET, now=NOW)


def test_uses_the_raw_bytes_not_reserialised_json() -> None:
    spaced = BODY.replace(b",", b", ")  # the same JSON document, other bytes
    verify(spaced, zoom_headers(spaced), SECRET, now=NOW)
    with pytest.raises(SignatureMismatchError):
        verify(spaced, zoom_headers(BODY), SECRET, now=NOW)


def test_rejects_a_changed_body_byte() -> None:
    tampered = BODY.replace(b"85746065432", b"85746065433")
    with pytest.raises(SignatureMismatchError):
        verify(tampered, zoom_headers(), SECRET, now=NOW)


def test_rejects_a_wrong_secret() -> None:
    with pytest.raises(SignatureMismatchError):
        verify(BODY, zoom_headers(secret="another-apps-secret"), SECRET, now=NOW)


def test_rejects_a_signature_for_another_timestamp() -> None:
    headers = zoom_headers()
    headers["x-zm-request-timestamp"] = str(NOW + 1)
    with pytest.raises(SignatureMismatchError):
        verify(BODY, headers, SECRET, now=NOW)


@pytest.mark.parametrize("offset", [-300, -1, 0, 1, 300])
def test_accepts_timestamps_within_300_seconds_either_way(offset: int) -> None:
    verify(BODY, zoom_headers(timestamp=NOW + offset), SECRET, now=NOW)


@pytest.mark.parametrize("offset", [-301, 301, -86_400])
def test_rejects_timestamps_more_than_300_seconds_off(offset: int) -> None:
    with pytest.raises(StaleTimestampError) as info:
        verify(BODY, zoom_headers(timestamp=NOW + offset), SECRET, now=NOW)
    assert info.value.skew == -offset
    assert ("future" if offset > 0 else "past") in str(info.value)


def test_tolerance_is_configurable() -> None:
    headers = zoom_headers(timestamp=NOW - 31)
    verify(BODY, headers, SECRET, now=NOW, tolerance=31)
    with pytest.raises(StaleTimestampError):
        verify(BODY, headers, SECRET, now=NOW, tolerance=30)


@pytest.mark.parametrize("missing", ["x-zm-signature", "x-zm-request-timestamp"])
def test_rejects_a_missing_header(missing: str) -> None:
    headers = zoom_headers()
    del headers[missing]
    with pytest.raises(MissingHeaderError) as info:
        verify(BODY, headers, SECRET, now=NOW)
    assert info.value.header == missing
    assert missing in str(info.value)


@pytest.mark.parametrize(
    "signature",
    [
        pytest.param(zoom_signature(BODY, str(NOW))[:-1], id="one-hex-digit-short"),
        pytest.param(zoom_signature(BODY, str(NOW)) + "0", id="one-hex-digit-long"),
        pytest.param("v1=" + zoom_signature(BODY, str(NOW))[3:], id="v1-prefix"),
        pytest.param(zoom_signature(BODY, str(NOW))[3:], id="no-prefix"),
        pytest.param("v0=" + "g" * 64, id="not-hex"),
        pytest.param("", id="empty"),
    ],
)
def test_rejects_a_malformed_signature(signature: str) -> None:
    headers = zoom_headers()
    headers["x-zm-signature"] = signature
    with pytest.raises(MalformedSignatureError):
        verify(BODY, headers, SECRET, now=NOW)


def test_accepts_an_uppercase_hex_signature() -> None:
    headers = zoom_headers()
    headers["x-zm-signature"] = "v0=" + headers["x-zm-signature"][3:].upper()
    verify(BODY, headers, SECRET, now=NOW)


@pytest.mark.parametrize(
    "timestamp", ["", "abc", "1.8e9", "-1800000000", "\uff11\uff18\uff10\uff10"]
)
def test_rejects_a_non_numeric_timestamp(timestamp: str) -> None:
    headers = {
        "x-zm-request-timestamp": timestamp,
        "x-zm-signature": zoom_signature(BODY, timestamp),
    }
    with pytest.raises(MalformedTimestampError):
        verify(BODY, headers, SECRET, now=NOW)


def test_errors_are_typed_zoom_errors_that_never_reveal_the_secret_or_signature() -> None:
    expected = zoom_signature(BODY, str(NOW))
    failures = []
    for headers in (
        {**zoom_headers(), "x-zm-signature": "v0=" + "0" * 64},
        zoom_headers(timestamp=NOW - 1000),
        {"x-zm-signature": expected},
    ):
        with pytest.raises(WebhookVerificationError) as info:
            verify(BODY, headers, SECRET, now=NOW)
        failures.append(info.value)
    for error in failures:
        assert isinstance(error, ZoomError)
        assert SECRET not in str(error) and expected[3:] not in str(error)
        assert SECRET not in repr(error) and expected[3:] not in repr(error)


def test_an_empty_secret_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="secret_token"):
        verify(BODY, zoom_headers(), "", now=NOW)
    with pytest.raises(ValueError, match="secret_token"):
        url_validation_response("plain", "")


def test_url_validation_response_is_the_hmac_of_the_plain_token() -> None:
    plain = "qgg8vlvZRS6UYooatFL8Aw"
    expected = hmac.new(SECRET.encode(), plain.encode(), hashlib.sha256).hexdigest()
    assert url_validation_response(plain, SECRET) == {
        "plainToken": plain,
        "encryptedToken": expected,
    }

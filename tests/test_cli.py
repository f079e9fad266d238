"""The ``aiozoom`` command line, called in process through ``aiozoom.cli.main``."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from aiozoom.cli import main

KEY = "aiozoomTestSdkKey01"
SECRET = "aiozoom-test-sdk-secret-0123456789abcdef"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


HEADER = _b64url(b'{"alg":"HS256","typ":"JWT"}')


def hand_made(claims_json: str, secret: str = SECRET) -> str:
    """An HS256 JWT built byte by byte, so a claim can be a number no JSON library would write."""
    signing_input = f"{HEADER}.{_b64url(claims_json.encode())}"
    digest = hmac.new(secret.encode(), signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{_b64url(digest)}"


def claims_json(iat: str) -> str:
    key = json.dumps(KEY)
    return (
        f'{{"appKey":{key},"sdkKey":{key},"mn":"123456789","role":0,'
        f'"iat":{iat},"exp":1800003600,"tokenExp":1800003600}}'
    )


@pytest.mark.parametrize("iat", [str(10**400), "1e400"])
@pytest.mark.parametrize("with_secret", [False, True])
def test_decode_signature_reports_an_absurd_iat_instead_of_crashing(
    iat: str,
    with_secret: bool,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if with_secret:
        monkeypatch.setenv("ZOOM_SDK_SECRET", SECRET)
    else:
        monkeypatch.delenv("ZOOM_SDK_SECRET", raising=False)

    status = main(["decode-signature", hand_made(claims_json(iat))])

    out = capsys.readouterr().out
    assert status == 1
    assert "problem: iat is not a plausible Unix time" in out
    assert ("signature verifies: yes" in out) is with_secret
    assert SECRET not in out


def test_decode_signature_exits_0_for_a_good_signature(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from aiozoom.sdk import meeting_sdk_signature

    monkeypatch.setenv("ZOOM_SDK_SECRET", SECRET)
    token = meeting_sdk_signature(KEY, SECRET, "123456789", 0)

    assert main(["decode-signature", token]) == 0
    out = capsys.readouterr().out
    assert "signature verifies: yes" in out
    assert "problem:" not in out

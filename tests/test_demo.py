"""The README's demo: tokens minted, rotated ahead of expiry, recovered after revocation."""

from __future__ import annotations

import re

import pytest

from aiozoom.cli import main
from aiozoom.cli.demo import run_demo


async def test_demo_shows_rotation_paging_and_a_meeting(capsys: pytest.CaptureFixture[str]) -> None:
    await run_demo(users=42, ttl=120)
    out = capsys.readouterr().out
    assert out.count("obtained a new token, valid 120 s") == 3
    assert "replacing it ahead of time" in out
    assert "Zoom rejected the current token" in out
    pages = re.findall(r"page (\d+): (\d+) of 42 users", out)
    assert [int(n) for _, n in pages] == [10, 10, 10, 10, 2]
    assert re.search(r"created meeting \d+ “aiozoom demo standup”", out)
    assert "3 token requests, 1 rejected and replayed" in out
    assert "client_secret=<redacted>" in out


def test_cli_refuses_bad_demo_options() -> None:
    with pytest.raises(SystemExit, match="--ttl"):
        main(["demo", "--ttl", "1"])


def test_decode_signature_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from aiozoom.sdk import meeting_sdk_signature

    secret = "s" * 32
    token = meeting_sdk_signature("sdk-key", secret, "123 456 7890", 0)
    monkeypatch.setenv("ZOOM_SDK_SECRET", secret)
    assert main(["decode-signature", token]) == 0
    out = capsys.readouterr().out
    assert '"mn": "1234567890"' in out and "signature verifies: yes" in out
    assert secret not in out
    monkeypatch.setenv("ZOOM_SDK_SECRET", "t" * 32)
    assert main(["decode-signature", token]) == 1
    assert "signature verifies: NO" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="token"):
        main(["decode-signature", "not-a-jwt"])


def test_signature_server_needs_secrets_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ZOOM_SDK_KEY", raising=False)
    with pytest.raises(SystemExit, match="ZOOM_SDK_KEY"):
        main(["signature-server", "--port", "0"])


async def test_signature_server_command_serves_signatures() -> None:
    import asyncio
    import os
    import sys

    import aiohttp
    import jwt as pyjwt

    secret = "cli-secret-" + "x" * 24
    env = {**os.environ, "ZOOM_SDK_KEY": "cli-key", "ZOOM_SDK_SECRET": secret}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "aiozoom",
        "signature-server",
        "--port",
        "0",
        env=env,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert proc.stderr is not None
        line = await asyncio.wait_for(proc.stderr.readline(), timeout=20)
        url = re.search(rb"http://[\d.:]+", line)
        assert url is not None, line
        async with aiohttp.ClientSession() as session:
            payload = {"meetingNumber": "85746065432", "role": 1}
            async with session.post(url.group().decode() + "/", json=payload) as resp:
                assert resp.status == 200
                body = await resp.json()
        claims = pyjwt.decode(body["signature"], secret, algorithms=["HS256"])
        assert (claims["mn"], claims["role"], body["sdkKey"]) == ("85746065432", 1, "cli-key")
    finally:
        proc.terminate()
        await proc.wait()

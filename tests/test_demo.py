"""The README's demo: a recording bot end to end, tokens rotated, a download resumed."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from aiozoom.cli import main
from aiozoom.cli.demo import run_demo


async def test_demo_runs_the_recording_bot_scenario(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    await run_demo(ttl=120, mp4_mib=2, dest=tmp_path)
    out = capsys.readouterr().out
    assert out.count("obtained a new token, valid 120 s") == 5  # rotated as time passes
    assert "Zoom rejected the current token" in out
    assert re.findall(r"scheduled meeting \d+ “(.+?)”", out) == [
        "Design review",
        "Customer call",
        "All hands",
    ]
    assert out.count("ended: 3 files saved") == 3
    assert re.search(r"9 files \([0-9.]+ MiB\) saved; 1 download resumed with Range", out)
    assert "the file host got 0 Authorization headers and the token was in 0 URLs" in out
    assert "5 token requests, 1 rejected and replayed" in out
    assert "client_secret=<redacted>" in out
    saved = await asyncio.to_thread(lambda: [p for p in tmp_path.rglob("*.*") if p.is_file()])
    assert len(saved) == 9


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

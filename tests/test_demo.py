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

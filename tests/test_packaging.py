"""The distribution as users get it: the wheel and the sdist build, and the wheel, installed into a
fresh virtual environment with no source tree on the path, imports and talks to its own fake Zoom
(so a missing file or a wrong package-data setting fails here, not for a user)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOUND = 300  # seconds for a build or an install

ROUND_TRIP = """
import asyncio, pathlib, sys
import aiozoom
from aiozoom.testing import FakeZoom

async def main():
    async with FakeZoom(users=3) as fake, fake.client() as zoom:
        me = await zoom.users.get()
        emails = [u.email async for u in zoom.users.list()]
        meeting = await zoom.meetings.create(topic="From the wheel", duration=15)
        listed = await zoom.request("GET", "/phone/users")  # a lazily loaded product's route
    assert me.id == fake.account.owner_id and len(emails) == 3
    assert meeting.topic == "From the wheel" and "users" in listed
    print(pathlib.Path(aiozoom.__file__).resolve())

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--sdist", "-o", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=BOUND,
    )
    return out


def test_the_wheel_and_the_sdist_are_named_for_the_index_and_hold_the_package(dist: Path) -> None:
    wheels = list(dist.glob("aiozoom_sdk-*.whl"))
    sdists = list(dist.glob("aiozoom_sdk-*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    for needed in (
        "aiozoom/__init__.py",
        "aiozoom/py.typed",
        "aiozoom/testing/spec_examples.json",
        "aiozoom/testing/spec_schemas.json",
        "aiozoom/api/_table.py",
        "aiozoom/models/users.py",
        "aiozoom/webhooks/types/__init__.py",
        "aiozoom/redis/tokens.py",
    ):
        assert needed in names, needed
    assert not any(n.startswith(("tests/", "tools/", "benchmarks/")) for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheels[0]).read(metadata).decode()
    assert "Name: aiozoom-sdk" in text
    assert "Provides-Extra: redis" in text and "Provides-Extra: speedups" in text
    with tarfile.open(sdists[0]) as sdist:
        members = sdist.getnames()
    assert any(m.endswith("/aiozoom/testing/spec_schemas.json") for m in members)
    assert any(m.endswith("/pyproject.toml") for m in members)


def test_the_wheel_installed_alone_talks_to_its_fake_zoom(dist: Path, tmp_path: Path) -> None:
    wheel = next(dist.glob("aiozoom_sdk-*.whl"))
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # the wheel alone into the fresh environment; its dependencies (aiohttp, attrs, ...) are
    # taken from this one's site-packages, added by path so its .pth files (this checkout's
    # editable install among them) are not run
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=BOUND,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
        timeout=BOUND,
    ).stdout.strip()
    deps = sysconfig.get_paths()["purelib"]
    (Path(site) / "zz_dependencies.pth").write_text(deps + "\n")
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    result = subprocess.run(
        [str(python), "-I", "-c", ROUND_TRIP],
        cwd=tmp_path,  # not the checkout
        env=clean,
        capture_output=True,
        text=True,
        timeout=BOUND,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    imported = Path(result.stdout.strip().splitlines()[-1])
    assert imported.is_relative_to(env_dir.resolve()), imported  # the wheel's, not the checkout's

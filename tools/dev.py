#!/usr/bin/env python3
"""Set up and run aiozoom on a fresh machine with nothing but Python 3.11+.

    python3 tools/dev.py demo    # the demo on the embedded fake Zoom
    python3 tools/dev.py test    # lint, type-check and the whole test suite

Both create ``.venv`` beside the repository (once) and install the package with its test
dependencies into it (again whenever pyproject.toml changes). Any further arguments go to the
demo or to pytest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
STAMP = VENV / ".aiozoom-installed"


def run(*cmd: str | Path) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT)
    if code != 0:
        raise SystemExit(code)


def ensure_env() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be started by an older Python
        raise SystemExit(f"aiozoom needs Python 3.11 or newer, this is {sys.version.split()[0]}")
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(PY, "-m", "pip", "install", "--quiet", "-e", ".[test]")
        STAMP.write_text(wanted)


def ensure_redis() -> None:
    """The Redis tests run against a real ``redis-server`` (started by the tests on a free port):
    install Debian's package when it is missing and this process may (root, with apt-get).
    Where it cannot be installed, the Redis tests fail under CI (``CI`` set) and are skipped
    elsewhere, saying why."""
    if shutil.which("redis-server"):
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print("+ apt-get install redis-server (for the Redis tests)", flush=True)
        quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-q", "redis-server"]
        if subprocess.call(install, env=quiet, stdout=subprocess.DEVNULL) != 0:
            subprocess.call(["apt-get", "update", "-q"], env=quiet, stdout=subprocess.DEVNULL)
            subprocess.call(install, env=quiet, stdout=subprocess.DEVNULL)


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in ("demo", "test"):
        raise SystemExit(__doc__)
    ensure_env()
    command, rest = argv[0], argv[1:]
    if command == "demo":
        run(PY, "-m", "aiozoom", "demo", *rest)
        return
    ensure_redis()
    run(PY, "-m", "ruff", "check", "aiozoom", "tests", "benchmarks", "tools")
    run(PY, "-m", "ruff", "format", "--check", "aiozoom", "tests", "benchmarks", "tools")
    run(PY, "-m", "mypy", "aiozoom")
    run(PY, "-m", "pytest", *rest)


if __name__ == "__main__":
    main(sys.argv[1:])

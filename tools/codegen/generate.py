"""Generate aiozoom's typed Zoom API from Zoom's API Hub descriptions (every product).

Usage (from the repository root)::

    .venv/bin/python -m tools.codegen            # write the generated files
    .venv/bin/python -m tools.codegen --check    # exit 1 if the committed files are stale
    python tools/codegen/generate.py --hub path/to/zoom-api-hub

The descriptions are read by path, never copied: ``--hub``, else ``$AIOZOOM_HUB``, else
``../shared/zoom-api-hub`` relative to the repository root (its ``endpoints/``,
``master-accounts/`` and ``webhooks/``). Output is formatted with ruff under the repository's
settings, so it is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``tools.codegen`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tools.codegen import fake_spec, hub, ir, naming, patches, render, webhooks

__all__ = ["REPO_ROOT", "default_hub_path", "generate", "main", "stale_files"]

REPO_ROOT = Path(__file__).resolve().parents[2]
GENERATED_DIRS = ("aiozoom/api", "aiozoom/models", "aiozoom/webhooks/types", "docs/api")


def default_hub_path() -> Path:
    """``$AIOZOOM_HUB`` if set, else ``../shared/zoom-api-hub``."""
    env = os.environ.get("AIOZOOM_HUB")
    if env:
        return Path(env)
    return REPO_ROOT.parent / "shared" / "zoom-api-hub"


def _ruff() -> list[str]:
    try:
        import ruff  # noqa: F401
    except ImportError:
        found = shutil.which("ruff") or str(REPO_ROOT / ".venv" / "bin" / "ruff")
        return [found]
    return [sys.executable, "-m", "ruff"]


def _format(files: dict[str, str]) -> dict[str, str]:
    """Run ``ruff check --fix --select I`` and ``ruff format`` over the Python files."""
    options = [
        "--config",
        str(REPO_ROOT / "pyproject.toml"),
        "--config",
        'lint.isort.known-first-party = ["aiozoom"]',
    ]
    with tempfile.TemporaryDirectory(prefix="aiozoom-codegen-") as tmp:
        root = Path(tmp)
        py = [name for name in files if name.endswith(".py")]
        for name in py:
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(files[name], encoding="utf-8")
        ruff = _ruff()
        for args in (
            ["check", "--fix", "--select", "I", "--quiet", *options, "."],
            ["format", "--quiet", *options, "."],
        ):
            subprocess.run([*ruff, *args], cwd=root, check=True)
        out = dict(files)
        for name in py:
            out[name] = (root / name).read_text(encoding="utf-8")
    return out


def generate(hub_path: Path) -> dict[str, str]:
    """Every generated file's content, by path relative to the repository root."""
    doc = hub.load(hub_path)
    unused = patches.apply(doc)
    for name in unused:
        print(f"codegen: patch {name} found nothing to fix", file=sys.stderr)
    api = ir.build(doc)
    for key in api.unpinned:
        print(f"codegen: {key} has no pinned name (run with --pin)", file=sys.stderr)
    files = render.render_all(api)
    files["aiozoom/testing/spec_schemas.json"] = fake_spec.render_fake_spec(doc)
    files.update(webhooks.render_webhooks(hub_path / "webhooks"))
    return _format(files)


def pin(hub_path: Path) -> None:
    """Add every operation's current name to ``names.json`` (the Meeting API's are pinned in
    ``naming.LEGACY_NAMES``); names already there are kept."""
    doc = hub.load(hub_path)
    patches.apply(doc)
    raw = [
        (path, method, item[method])
        for path, item in doc["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    ]
    names, _ = ir.python_names(raw)
    pins = dict(naming.pinned_names())
    for (method, path), name in names.items():
        key = f"{method.upper()} {path}"
        if key not in naming.LEGACY_NAMES:
            pins.setdefault(key, name)
    naming.write_pins(pins)


def _is_generated(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            return render.MARKER in handle.readline()
    except (OSError, UnicodeDecodeError):
        return False


def stale_files(root: Path, files: dict[str, str]) -> list[str]:
    """Generated files under ``root`` that the generator no longer produces."""
    stale = []
    for directory in GENERATED_DIRS:
        for path in sorted((root / directory).rglob("*.*")):
            name = path.relative_to(root).as_posix()
            if name not in files and _is_generated(path):
                stale.append(name)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.codegen", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("--hub", type=Path, default=None, help="path to zoom-api-hub/")
    parser.add_argument("--check", action="store_true", help="only report stale files")
    parser.add_argument(
        "--pin", action="store_true", help="pin the names of operations not yet in names.json"
    )
    args = parser.parse_args(argv)
    hub_path = args.hub or default_hub_path()
    if not (hub_path / "endpoints").is_dir():
        print(f"codegen: API Hub descriptions not found: {hub_path}", file=sys.stderr)
        return 2
    if args.pin:
        pin(hub_path)
    files = generate(hub_path)
    changed = [
        name
        for name, text in files.items()
        if not (REPO_ROOT / name).is_file()
        or (REPO_ROOT / name).read_text(encoding="utf-8") != text
    ]
    stale = stale_files(REPO_ROOT, files)
    if args.check:
        for name in [*changed, *stale]:
            print(f"stale: {name}")
        return 1 if changed or stale else 0
    for name in changed:
        target = REPO_ROOT / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(files[name], encoding="utf-8")
    for name in stale:
        (REPO_ROOT / name).unlink()
    print(f"codegen: {len(files)} files, {len(changed)} written, {len(stale)} removed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

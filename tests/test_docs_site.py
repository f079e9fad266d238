"""The documentation site (mkdocs.yml: MkDocs, Material, mkdocstrings) builds in strict mode.

Strict mode turns every warning into a failure: a link to a page that does not exist, an anchor
a page does not have, a page left out of the nav (other than the generated docs/api/ pages), a
public name mkdocstrings cannot render.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

if os.environ.get("CI"):  # the test extra installs the toolchain: under CI it must be there
    import material  # noqa: F401
    import mkdocs  # noqa: F401
    import mkdocstrings_handlers.python  # noqa: F401
    import yaml
else:
    pytest.importorskip("mkdocs", reason="the docs extra (pip install -e '.[docs]') is missing")
    pytest.importorskip("material", reason="the docs extra (pip install -e '.[docs]') is missing")
    pytest.importorskip("mkdocstrings_handlers.python", reason="the docs extra is missing")
    yaml = pytest.importorskip("yaml")


def _nav_pages(nav: Any) -> list[str]:
    """Every page file named in mkdocs.yml's nav."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [page for entry in nav for page in _nav_pages(entry)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _nav_pages(value)]
    return []


def _built_page(site: Path, page: str) -> Path:
    stem = page.removesuffix(".md")
    return site / "index.html" if stem == "index" else site / stem / "index.html"


def test_the_site_builds_strictly_with_a_page_for_each_nav_entry(tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["strict"] is True
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pages = _nav_pages(config["nav"])
    assert len(pages) == len(set(pages))
    assert set(pages) == {p.name for p in (ROOT / "docs").glob("*.md")}, "a page not in the nav"
    for page in pages:
        assert (ROOT / "docs" / page).is_file(), page
        assert _built_page(site, page).is_file(), page
    # the generated namespace pages are built too, though left out of the nav
    assert (site / "api" / "meetings" / "index.html").is_file()
    reference = (site / "reference" / "index.html").read_text(encoding="utf-8")
    import aiozoom
    import aiozoom.redis
    import aiozoom.testing

    public = [f"aiozoom.{name}" for name in aiozoom.__all__ if name != "__version__"]
    public += [f"aiozoom.testing.{name}" for name in aiozoom.testing.__all__]
    public += [f"aiozoom.redis.{name}" for name in aiozoom.redis.__all__]
    missing = [name for name in public if f'id="{name}"' not in reference]
    assert not missing, f"docs/reference.md does not render {missing}"

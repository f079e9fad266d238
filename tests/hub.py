"""Zoom's API Hub descriptions, for the tests that read them directly (they are never copied into
the repository): where they are, a mark for tests that need them, and their operations."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest

from tools.codegen.generate import default_hub_path

HUB = default_hub_path()  # $AIOZOOM_HUB, else ../shared/zoom-api-hub
needs_hub = pytest.mark.skipif(
    not HUB.is_dir() and not os.environ.get("CI"),  # in CI a missing hub fails, not skips
    reason=f"Zoom's API Hub descriptions are not at {HUB} (set AIOZOOM_HUB)",
)
METHODS = ("get", "post", "put", "patch", "delete")


def hub_operations(folder: str) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """``(product, METHOD, path, operation)`` for every operation in the hub's ``folder``."""
    for file in sorted((HUB / folder).glob("*.json")):
        doc = json.loads(file.read_text(encoding="utf-8"))
        for path, item in doc["paths"].items():
            for method in METHODS:
                if method in item:
                    yield file.stem, method.upper(), path, item[method]

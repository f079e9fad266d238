"""The fenced code blocks of a Markdown page, for the tests that run the documentation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>\S*)\s*$")


@dataclass(frozen=True)
class Block:
    """A fenced block that names its language (```python, ```sh, ...)."""

    lang: str
    line: int  # of the opening fence, 1-based
    body: tuple[tuple[int, str], ...]  # (1-based line number, text without the fence's indent)
    before: str  # the last non-blank line before the fence, stripped


def fenced_blocks(path: Path) -> list[Block]:
    """The page's fenced blocks that name a language, in order (unnamed ones are skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match or not match["lang"]:
            i += 1
            continue
        start, indent, body = i, match["indent"], []
        i += 1
        while i < len(lines) and lines[i].rstrip() != f"{indent}```":
            body.append((i + 1, lines[i].removeprefix(indent)))
            i += 1
        before = next((s.strip() for s in reversed(lines[:start]) if s.strip()), "")
        found.append(Block(match["lang"], start + 1, tuple(body), before))
        i += 1
    return found

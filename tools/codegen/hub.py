"""Reading Zoom's API Hub: one OpenAPI description per product, and the master-account variants.

:func:`load` merges every product's ``endpoints/<product>.json`` into one description whose
operations say which product they come from (``x-aiozoom-product``), whether their path is
relative to the host rather than ``/v2`` (``x-aiozoom-root``), and, where Zoom describes one,
the path of the same operation for a sub-account of a master account
(``x-aiozoom-master-path``: ``/accounts/{accountId}`` and the operation's path).
Master-account operations without a counterpart of that shape (listing and creating
sub-accounts, SIP trunks) are operations of their own (``x-aiozoom-master-only``). Every
master-account operation is also listed in ``x-aiozoom-masters`` for the operation table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.codegen import spec

__all__ = ["MASTER_PREFIX", "Master", "load"]

JSON = dict[str, Any]
MASTER_PREFIX = "/accounts/{accountId}"

# product -> the base URL Zoom serves it from, where the description's ``servers`` is wrong.
SERVER_FIXES: dict[str, str] = {
    # clips.json says ``https://api.zoom.us/`` while its paths are ``/clips/...``; Zoom's Clips
    # API reference and every other product put them under ``/v2`` (``/v2/clips``).
    "clips": "https://api.zoom.us/v2",
}


@dataclass(frozen=True)
class Master:
    """One master-account operation: its product, method, path, and the operation it varies."""

    product: str
    method: str
    path: str
    operation: JSON
    regular: tuple[str, str] | None  # (method, path) of the same operation for one's own account


def _root(product: str, doc: JSON) -> bool:
    url = SERVER_FIXES.get(product) or ((doc.get("servers") or [{}])[0].get("url") or "")
    return not url.rstrip("/").endswith("/v2")


def _operations(doc: JSON) -> list[tuple[str, str, JSON]]:
    out = []
    for path, item in doc["paths"].items():
        for method in spec.METHODS:
            if method in item:
                out.append((path, method, item[method]))
    return out


def load(hub: Path) -> JSON:
    """The merged description of every product under ``hub`` (see the module docstring)."""
    merged: JSON = {"paths": {}, "x-aiozoom-tags": {}, "x-aiozoom-masters": []}
    regular: dict[tuple[str, str], JSON] = {}
    for file in sorted((hub / "endpoints").glob("*.json")):
        product = file.stem
        doc = spec.load(file)
        root = _root(product, doc)
        for tag in doc.get("tags") or ():
            if isinstance(tag, dict) and tag.get("name"):
                merged["x-aiozoom-tags"][f"{product}:{tag['name']}"] = tag.get("description", "")
        for path, method, op in _operations(doc):
            if (method, path) in regular:
                raise ValueError(f"{method.upper()} {path} is in two products")
            op["x-aiozoom-product"] = product
            op["x-aiozoom-root"] = root
            merged["paths"].setdefault(path, {})[method] = op
            regular[(method, path)] = op
    masters: list[Master] = []
    for file in sorted((hub / "master-accounts").glob("*.json")):
        product = file.stem
        doc = spec.load(file)
        for path, method, op in _operations(doc):
            found: tuple[str, str] | None = None
            if path.startswith(MASTER_PREFIX + "/"):
                own = path[len(MASTER_PREFIX) :]
                if (method, own) in regular:
                    found = (method, own)
                    regular[found]["x-aiozoom-master-path"] = path
            if found is None and (method, path) in regular:
                found = (method, path)  # the operation already takes the account to act on
            if found is None:
                op["x-aiozoom-product"] = product
                op["x-aiozoom-root"] = False
                op["x-aiozoom-master-only"] = True
                merged["paths"].setdefault(path, {})[method] = op
            masters.append(Master(product, method.upper(), path, op, found))
    merged["x-aiozoom-masters"] = masters
    return merged

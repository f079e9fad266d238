"""The resources the fake Zoom keeps state for, one module each.

Each module has a :class:`~aiozoom.testing._router.Routes` named ``routes``: the operations it
answers from state. :func:`built_in_routes` gathers them; ``FakeZoom.routes`` starts as a copy,
and :meth:`FakeZoom.route` adds or replaces one. Every operation without a route answers as its
description says (see :mod:`aiozoom.testing._router`).
"""

from __future__ import annotations

import importlib

from aiozoom.testing._router import Routes

__all__ = ["MODULES", "built_in_routes"]

MODULES = (
    "users",
    "meetings",
    "past_meetings",
    "webinars",
    "groups",
    "roles",
    "rooms",
    "phone",
    "team_chat",
)
"""The modules of this package with routes, in the order they are gathered (a later module's
route for an operation replaces an earlier one's)."""


def built_in_routes() -> Routes:
    """Every built-in route."""
    routes = Routes()
    for name in MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        routes.update(module.routes)
    return routes

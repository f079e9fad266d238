"""The tests' ``redis-server`` (``tools/redis_server.py``), and where its binary comes from."""

from __future__ import annotations

import os
import shutil

import pytest

from tools.redis_server import STARTUP_BOUND, RedisServer, free_port

__all__ = ["STARTUP_BOUND", "RedisServer", "free_port", "redis_server_binary"]


def redis_server_binary() -> str:
    """The ``redis-server`` to run; under CI its absence fails the test, elsewhere skips it."""
    found = shutil.which("redis-server")
    if found:
        return found
    message = "redis-server is not installed (python3 tools/dev.py test installs it as root)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)

"""What the first use of a product costs: reaching its namespace on a client and importing its
models, or parsing its first webhook event, each in a fresh interpreter with warm bytecode caches.

It happens inside the event loop, once per process. Run from anywhere; ``--path`` measures the
aiozoom of another checkout (the layout of its modules must be today's).

    python benchmarks/bench_first_use.py [--runs 9] [--path /tmp/other-checkout]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CASES = {
    "zoom.meetings": "z.meetings; import aiozoom.models.meetings",
    "zoom.phone.call_logs": "z.phone.call_logs; import aiozoom.models.phone.call_logs",
    "zoom.contact_center.queues": (
        "z.contact_center.queues; import aiozoom.models.contact_center.queues"
    ),
    "zoom.team_chat.messages": "z.team_chat.messages; import aiozoom.models.team_chat.messages",
}
SETUP = "import time; from aiozoom import ZoomClient, StaticToken; z = ZoomClient(StaticToken('t'))"
EVENT = json.dumps({"event": "meeting.started", "event_ts": 1, "payload": {"account_id": "a"}})
WEBHOOK = (
    "import time; from aiozoom.webhooks import parse_event; "
    f"t = time.perf_counter(); parse_event({EVENT!r}); print(time.perf_counter() - t)"
)


def _median(code: str, env: dict[str, str], runs: int) -> float:
    def once() -> str:
        done = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            cwd=tempfile.gettempdir(),  # not a checkout: PYTHONPATH says which aiozoom
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return done.stdout

    once()  # writes the bytecode caches
    return statistics.median(float(once()) for _ in range(runs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--path", default=str(Path(__file__).resolve().parents[1]))
    args = parser.parse_args(argv)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = args.path
    for name, statement in CASES.items():
        code = f"{SETUP}; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
        print(f"{name:32s} {_median(code, env, args.runs) * 1000:7.1f} ms")
    print(f"{'first meeting.started event':32s} {_median(WEBHOOK, env, args.runs) * 1000:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

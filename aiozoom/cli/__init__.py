"""The ``aiozoom`` command line: ``aiozoom demo`` and developer tools."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aiozoom", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo", help="page through users and create a meeting on an embedded fake Zoom"
    )
    demo.add_argument("--users", type=int, default=42, help="users in the fake account")
    demo.add_argument("--ttl", type=int, default=120, help="token lifetime in seconds")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "demo":
        from aiozoom.cli.demo import run_demo

        if args.users < 1 or args.ttl < 8:
            raise SystemExit("aiozoom demo: --users must be >= 1 and --ttl >= 8")
        asyncio.run(run_demo(users=args.users, ttl=args.ttl))
    return 0

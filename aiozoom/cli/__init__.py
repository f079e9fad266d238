"""The ``aiozoom`` command line: ``aiozoom demo`` and tools for developing against Zoom.

Secrets are read from the environment (``ZOOM_SDK_KEY``, ``ZOOM_SDK_SECRET``), never from the
command line, where other users of the machine could read them in the process list.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import sys
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

    server = commands.add_parser(
        "signature-server",
        help="serve Meeting SDK signatures for local development "
        "(ZOOM_SDK_KEY and ZOOM_SDK_SECRET from the environment)",
    )
    server.add_argument("--host", default="127.0.0.1")
    server.add_argument("--port", type=int, default=4000)
    server.add_argument(
        "--cors-origin", action="append", default=[], help="an origin allowed to call it"
    )

    decode = commands.add_parser(
        "decode-signature",
        help="show what is inside a Meeting/Video SDK signature; verifies it when "
        "ZOOM_SDK_SECRET is set",
    )
    decode.add_argument("token", help="the signature (JWT); '-' reads it from standard input")
    return parser


def _env(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise SystemExit(f"aiozoom: set {name} in the environment")
    return value


def _decode(token: str) -> int:
    from aiozoom.sdk import decode_signature

    if token == "-":
        token = sys.stdin.read().strip()
    try:
        info = decode_signature(token, os.environ.get("ZOOM_SDK_SECRET") or None)
    except ValueError as exc:
        raise SystemExit(f"aiozoom: {exc}") from None
    print(json.dumps({"header": dict(info.header), "claims": dict(info.claims)}, indent=2))
    print(f"kind: {info.kind or 'unknown'}")
    verified = {True: "yes", False: "NO", None: "not checked (ZOOM_SDK_SECRET not set)"}
    print(f"signature verifies: {verified[info.verified]}")
    print(f"expired: {'yes' if info.expired else 'no'}")
    for problem in info.problems:
        print(f"problem: {problem}")
    return 0 if info.verified is not False and not info.problems else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "demo":
        from aiozoom.cli.demo import run_demo

        if args.users < 1 or args.ttl < 8:
            raise SystemExit("aiozoom demo: --users must be >= 1 and --ttl >= 8")
        asyncio.run(run_demo(users=args.users, ttl=args.ttl))
        return 0
    if args.command == "decode-signature":
        return _decode(args.token)
    from aiozoom.sdk import run_signature_server

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    key, secret = _env("ZOOM_SDK_KEY"), _env("ZOOM_SDK_SECRET")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(
            run_signature_server(
                key, secret, host=args.host, port=args.port, cors_origins=args.cors_origin
            )
        )
    return 0

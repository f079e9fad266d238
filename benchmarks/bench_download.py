"""A 200 MB recording over a connection that drops three times: resumed, verified, in flat memory.

FakeZoom runs in a child process with one ended meeting whose MP4 is ``--size-mb`` large, and
drops the file host's connection ``--drops`` times, each after ``--drop-every-mb`` of body. The
parent downloads the file with ``zoom.recordings.download`` and reports:

- whether the file's sha256 matches the fake's, and how many ``Range`` requests resumed it;
- the bytes the file host sent, as a multiple of the file's size (target: well under 2x);
- the parent's peak RSS growth over the download (target: under 50 MB), against its peak before.

    python benchmarks/bench_download.py [--size-mb 200] [--drops 3] [--drop-every-mb 40]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from aiozoom import ServerToServerOAuth, ZoomClient
from aiozoom.testing import FakeZoom

MB = 1024 * 1024


def _serve(conn: Connection, size: int, drops: int, every: int) -> None:
    async def main() -> None:
        async with FakeZoom(users=1) as fake:
            owner = fake.account.owner_id
            meeting = fake.state.create_meeting(fake.account, owner, {"topic": "all hands"})
            recording = fake.end_meeting(meeting["id"], files=("MP4",), file_size=size)
            file = recording["recording_files"][0]
            fake.drop_file_connections(times=drops, after_bytes=every)
            conn.send(
                {
                    **fake.credentials(),
                    "file": file,
                    "sha256": fake.recording_file_sha256(file["id"]),
                }
            )
            loop = asyncio.get_running_loop()
            while (await loop.run_in_executor(None, conn.recv)) == "stats":
                conn.send(
                    {
                        "bytes_sent": fake.file_bytes_sent,
                        "requests": len(fake.file_requests),
                        "range_requests": sum(
                            1 for r in fake.file_requests if r.headers.get("Range")
                        ),
                        "authorization_seen": sum(
                            1 for r in fake.file_requests if "Authorization" in r.headers
                        ),
                    }
                )

    asyncio.run(main())


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(MB):
            digest.update(chunk)
    return digest.hexdigest()


async def download(info: dict[str, Any], dest: Path) -> dict[str, Any]:
    auth = ServerToServerOAuth(
        info["account_id"], info["client_id"], info["client_secret"], token_url=info["token_url"]
    )
    async with ZoomClient(auth, base_url=info["base_url"]) as zoom:
        await zoom.users.get("me")  # the client's own start-up, outside the measure
        before = _peak_rss_mb()
        started = time.perf_counter()
        path = await zoom.recordings.download(info["file"], dest)
        seconds = time.perf_counter() - started
        after = _peak_rss_mb()
    return {
        "seconds": round(seconds, 2),
        "peak_rss_before_mb": round(before, 1),
        "peak_rss_after_mb": round(after, 1),
        "peak_rss_growth_mb": round(after - before, 1),
        "sha256_matches": _sha256(path) == info["sha256"],
        "size_matches": path.stat().st_size == info["file"]["file_size"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200, help="the MP4's size (default 200)")
    parser.add_argument("--drops", type=int, default=3, help="connections dropped (default 3)")
    parser.add_argument(
        "--drop-every-mb", type=int, default=40, help="body sent before each drop (default 40)"
    )
    args = parser.parse_args()
    here, there = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(
        target=_serve,
        args=(there, args.size_mb * MB, args.drops, args.drop_every_mb * MB),
        daemon=True,
    )
    server.start()
    try:
        if not here.poll(60):
            raise SystemExit("the fake Zoom process did not start")
        info = here.recv()
        with tempfile.TemporaryDirectory() as tmp:
            result = asyncio.run(download(info, Path(tmp) / "recording.mp4"))
        here.send("stats")
        stats = here.recv()
    finally:
        here.send("stop")
        server.join(10)
        if server.is_alive():
            server.kill()
    size = args.size_mb * MB
    result.update(stats)
    result["bytes_sent_per_file_byte"] = round(stats["bytes_sent"] / size, 3)
    result["meets_targets"] = (
        result["sha256_matches"]
        and result["size_matches"]
        and stats["range_requests"] >= args.drops
        and stats["authorization_seen"] == 0
        and result["bytes_sent_per_file_byte"] < 1.5
        and result["peak_rss_growth_mb"] < 50
    )
    print(json.dumps(result, indent=2))
    return 0 if result["meets_targets"] else 1


if __name__ == "__main__":
    sys.exit(main())

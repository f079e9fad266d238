"""A client that trickles a request body, for testing the servers aiozoom ships."""

from __future__ import annotations

import asyncio
import contextlib


async def trickle(
    port: int,
    path: str = "/",
    *,
    declared: int = 1000,
    interval: float = 0.05,
    headers: str = "",
) -> bytes:
    """POST headers promising ``declared`` bytes of body, then send one byte per ``interval``.

    ``headers`` adds header lines (each ending in CRLF). Returns what the server answered, once
    it has closed the connection.
    """
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}"
        f"Content-Type: application/json\r\nContent-Length: {declared}\r\n\r\n{{".encode()
    )

    async def drip() -> None:
        with contextlib.suppress(ConnectionError):
            for _ in range(declared):
                await asyncio.sleep(interval)  # the client's pace, not a wait for the server
                writer.write(b" ")
                await writer.drain()

    dripping = asyncio.create_task(drip())
    try:
        answer = await reader.readuntil(b"\r\n\r\n")
        with contextlib.suppress(ConnectionResetError):  # a byte still in flight as it closed
            answer += await reader.read()  # returns only once the server has closed
        return answer
    finally:
        dripping.cancel()
        await asyncio.wait({dripping})
        writer.close()

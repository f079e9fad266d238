"""What the aiohttp endpoints aiozoom ships (webhook receiver, signature endpoint) share.

Answering a client that is too slow: ``response.force_close()`` alone is not enough against a
client still trickling a body, because aiohttp would keep reading and discarding that body for its
``lingering_time`` (10 s by default) before closing the connection; :func:`send_and_close` sends the
answer and closes the transport at once.
"""

from __future__ import annotations

import contextlib

from aiohttp import web

__all__ = ["send_and_close"]


async def send_and_close(request: web.Request, response: web.Response) -> web.Response:
    """Send ``response`` now and close the connection right after it."""
    response.force_close()
    try:
        with contextlib.suppress(ConnectionError):  # the client is gone already
            await response.prepare(request)
            await response.write_eof()
    finally:
        if request.transport is not None:
            request.transport.close()  # after the buffered response has been written
    return response

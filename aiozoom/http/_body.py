"""Reading an answer's body into memory, never more than a cap.

Zoom's JSON answers are small (a 300-record page is well under a megabyte), so anything larger is
refused before it is read: by ``Content-Length`` when the server sends one, and again while reading
when it does not. The bytes read are kept on the response, so ``resp.read()`` and ``resp.json()``
still work for whoever reads it next.
"""

from __future__ import annotations

from aiohttp import ClientResponse, hdrs

from aiozoom.errors import ResponseTooLargeError

__all__ = ["read_body"]

_CHUNK = 64 * 1024


async def read_body(response: ClientResponse, limit: int, *, what: str) -> bytes:
    """The whole body of ``response``, or ``ResponseTooLargeError`` past ``limit`` bytes.

    ``what`` names the answer in the error (``"GET /v2/users"``, ``"the token endpoint"``).
    """
    cached = getattr(response, "_body", None)
    if isinstance(cached, bytes):
        return cached
    length = response.content_length
    if length is not None and length <= limit and hdrs.CONTENT_ENCODING not in response.headers:
        return await response.read()  # aiohttp reads no more than Content-Length of a plain body
    if length is not None and length > limit:
        response.close()
        raise ResponseTooLargeError(
            f"{what}: the answer is {length} bytes, more than the {limit}-byte limit",
            limit=limit,
            size=length,
        )
    chunks: list[bytes] = []
    size = 0
    while chunk := await response.content.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            response.close()
            raise ResponseTooLargeError(
                f"{what}: the answer is more than the {limit}-byte limit", limit=limit
            )
        chunks.append(chunk)
    body = b"".join(chunks)
    response._body = body  # what ClientResponse.read() returns from now on
    return body

"""The one HTTP call to Zoom's OAuth token endpoint, shared by the OAuth providers.

The request goes through the caller's session with ``middlewares=()`` so it never re-enters the auth
middleware. Client authentication (HTTP Basic) and the form body come from authlib's primitives.
"""

from __future__ import annotations

import asyncio

import aiohttp
from authlib.oauth2.auth import ClientAuth
from authlib.oauth2.rfc6749.parameters import prepare_token_request

from aiozoom.auth.token import Token, parse_token_response
from aiozoom.errors import TokenRequestError

__all__ = ["DEFAULT_TOKEN_URL", "request_token", "require_text"]

DEFAULT_TOKEN_URL = "https://zoom.us/oauth/token"


def require_text(name: str, value: object) -> str:
    """Refuse empty or non-string credentials up front, naming the argument (never its value)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string")
    return value


async def request_token(
    session: aiohttp.ClientSession,
    url: str,
    *,
    client_id: str,
    client_secret: str,
    grant_type: str,
    now: float,
    timeout: float,
    **params: str,
) -> Token:
    """POST a token request and return the token, or raise ``TokenRequestError``."""
    body = prepare_token_request(grant_type, **params)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    auth = ClientAuth(client_id, client_secret)
    _, headers, body = auth.prepare("POST", url, headers, body)  # type: ignore[no-untyped-call]
    try:
        async with session.post(
            url,
            data=body.encode("ascii"),
            headers=headers,
            middlewares=(),
            allow_redirects=False,
            timeout=aiohttp.ClientTimeout(total=timeout),
        ) as resp:
            raw = await resp.read()
            status = resp.status
            content_type = resp.content_type
    except TimeoutError:
        raise TokenRequestError(
            f"token endpoint {url} did not answer within {timeout:g} s", url=url
        ) from None
    except (aiohttp.ClientError, OSError, asyncio.IncompleteReadError) as exc:
        raise TokenRequestError(
            f"could not reach token endpoint {url}: {type(exc).__name__}: {exc}", url=url
        ) from exc
    return parse_token_response(status, content_type, raw, now=now, url=url)

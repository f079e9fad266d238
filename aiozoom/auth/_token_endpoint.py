"""The one HTTP call to Zoom's OAuth token endpoint, shared by the OAuth providers.

The request goes through the caller's session with ``middlewares=()`` so it never re-enters the auth
middleware. Client authentication (HTTP Basic) and the form body come from authlib's primitives.
The answer is read into memory only up to :data:`MAX_TOKEN_ANSWER` bytes (a token answer is a few
hundred), and no error raised here chains anything that holds the request's credentials.
"""

from __future__ import annotations

import asyncio

import aiohttp

from aiozoom.auth.token import Token, parse_token_response
from aiozoom.errors import ResponseTooLargeError, TokenRequestError
from aiozoom.http._body import read_body
from aiozoom.http._failures import describe, safe_cause

__all__ = ["DEFAULT_TOKEN_URL", "MAX_TOKEN_ANSWER", "request_token", "require_text"]

DEFAULT_TOKEN_URL = "https://zoom.us/oauth/token"

MAX_TOKEN_ANSWER = 64 * 1024
"""Bytes of a token endpoint's answer read into memory at most."""


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
    from authlib.oauth2.auth import ClientAuth  # loaded with the first token request
    from authlib.oauth2.rfc6749.parameters import prepare_token_request

    body = prepare_token_request(grant_type, **params)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    auth = ClientAuth(client_id, client_secret)
    _, headers, body = auth.prepare("POST", url, headers, body)  # type: ignore[no-untyped-call]
    failure: TokenRequestError
    try:
        async with session.post(
            url,
            data=body.encode("ascii"),
            headers=headers,
            middlewares=(),
            allow_redirects=False,
            timeout=aiohttp.ClientTimeout(total=timeout),
        ) as resp:
            raw = await read_body(resp, MAX_TOKEN_ANSWER, what=f"token endpoint {url}")
            status = resp.status
            content_type = resp.content_type
        return parse_token_response(status, content_type, raw, now=now, url=url)
    except TimeoutError:
        failure = TokenRequestError(
            f"token endpoint {url} did not answer within {timeout:g} s", url=url, transient=True
        )
        cause: BaseException | None = None
    except ResponseTooLargeError as exc:
        failure = TokenRequestError(str(exc), url=url)
        cause = None
    except (aiohttp.ClientError, OSError, asyncio.IncompleteReadError) as exc:
        failure = TokenRequestError(
            f"could not reach token endpoint {url}: {describe(exc)}", url=url, transient=True
        )
        cause = safe_cause(exc)
    # Raised outside the except clauses, so the original exception is not chained implicitly.
    raise failure from cause

"""The access token value object and the pure decisions about it.

``Token`` is what every provider hands around and what a :class:`~aiozoom.auth.TokenStore` keeps.
``parse_token_response`` turns the OAuth token endpoint's ``(status, content type, body)`` into a
``Token`` or a :class:`~aiozoom.errors.TokenRequestError`; ``refresh_deadline`` decides when a token
is due for replacement. Neither does I/O, so both are tested without a network.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from aiozoom.errors import TokenRequestError

__all__ = ["Clock", "Token", "parse_token_response", "refresh_deadline"]

Clock = Callable[[], float]
"""A source of Unix time in seconds (``time.time`` unless a test injects its own)."""


@attrs.frozen
class Token:
    """An OAuth access token and what came with it. Secrets are left out of ``repr``."""

    access_token: str = attrs.field(repr=False)
    expires_at: float | None = None
    """Unix time after which Zoom rejects the token; ``None`` when unknown."""
    refresh_token: str | None = attrs.field(default=None, repr=False)
    scope: str | None = None
    token_type: str = "bearer"
    issued_at: float | None = None
    api_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form, for token stores and ``on_token`` callbacks that persist."""
        return attrs.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Token:
        """Rebuild a token saved with :meth:`to_dict`."""
        names = {a.name for a in attrs.fields(cls)}
        try:
            return cls(**{k: v for k, v in data.items() if k in names})
        except TypeError as exc:
            raise ValueError(f"data is not a saved aiozoom Token: {exc}") from None


def refresh_deadline(token: Token, *, leeway: float, jitter: float, rnd: float) -> float:
    """The Unix time from which ``token`` should be replaced before use.

    The token is replaced when ``leeway`` seconds of its life remain, plus a random extra
    ``jitter`` fraction of the leeway (``rnd`` in [0, 1)) that spreads a fleet's refreshes apart
    -- but never before half of its life has passed, so that a short-lived token (a 30-second
    legacy JWT, or a lifetime below the leeway) is not replaced on every request.
    """
    if token.expires_at is None:
        return float("inf")
    margin = leeway * (1.0 + jitter * rnd)
    if token.issued_at is not None:
        margin = min(margin, max(token.expires_at - token.issued_at, 0.0) / 2)
    return token.expires_at - margin


def _positive_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value > 0 else None
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return number if number > 0 else None
    return None


def parse_token_response(
    status: int,
    content_type: str,
    body: bytes,
    *,
    now: float,
    url: str,
) -> Token:
    """Decide what a token endpoint answer means: a ``Token`` or a ``TokenRequestError``.

    Zoom answers ``{"access_token", "token_type", "expires_in", "scope", "api_url"}`` (and a
    ``refresh_token`` for user OAuth); refusals look like
    ``{"reason": "Invalid client_id or client_secret", "error": "invalid_client"}``.
    """
    try:
        data = json.loads(body) if body else None
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        kind = content_type or "no content type"
        raise TokenRequestError(
            f"token endpoint {url} answered HTTP {status} with {kind}, not a JSON object",
            status=status,
            url=url,
        )
    error = data.get("error")
    if status != 200 or error is not None:
        reason = data.get("reason") or data.get("error_description") or data.get("message")
        error_text = str(error) if error is not None else None
        reason_text = str(reason) if reason is not None else None
        detail = error_text or "error"
        if reason_text:
            detail += f" ({reason_text})"
        raise TokenRequestError(
            f"token endpoint {url} refused the request with HTTP {status}: {detail}",
            status=status,
            error=error_text,
            reason=reason_text,
            url=url,
        )
    access_token = data.get("access_token")
    if not isinstance(access_token, str) or not access_token:
        raise TokenRequestError(
            f"token endpoint {url} answered HTTP {status} without an access_token",
            status=status,
            url=url,
        )
    expires_in = _positive_number(data.get("expires_in"))
    refresh_token = data.get("refresh_token")
    scope = data.get("scope")
    api_url = data.get("api_url")
    return Token(
        access_token=access_token,
        expires_at=now + expires_in if expires_in is not None else None,
        refresh_token=refresh_token if isinstance(refresh_token, str) and refresh_token else None,
        scope=scope if isinstance(scope, str) else None,
        token_type=str(data.get("token_type") or "bearer"),
        issued_at=now,
        api_url=api_url if isinstance(api_url, str) else None,
    )

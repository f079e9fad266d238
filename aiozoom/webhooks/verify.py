"""Checking that a webhook delivery really comes from Zoom, and answering URL validation.

Pure functions, no I/O. Zoom signs every delivery (URL validation included) with the app's
*secret token*::

    x-zm-request-timestamp: 1800000000
    x-zm-signature: v0=<hex HMAC-SHA256(secret_token, "v0:{timestamp}:{raw body}")>

:func:`verify` recomputes that signature over the raw request bytes (never over re-serialised
JSON, which would differ in whitespace or key order), compares it in constant time and checks the
timestamp is within ``tolerance`` seconds of now, in either direction, so that a captured delivery
cannot be replayed later. Each failure raises its own :class:`WebhookVerificationError` subclass
naming the check that failed; no message ever contains the secret or the expected signature.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Mapping

from aiozoom.errors import ZoomError

__all__ = [
    "DEFAULT_TOLERANCE",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "MalformedSignatureError",
    "MalformedTimestampError",
    "MissingHeaderError",
    "SignatureMismatchError",
    "StaleTimestampError",
    "WebhookVerificationError",
    "compute_signature",
    "url_validation_response",
    "verify",
]

SIGNATURE_HEADER = "x-zm-signature"
TIMESTAMP_HEADER = "x-zm-request-timestamp"
DEFAULT_TOLERANCE = 300
"""Seconds a delivery's timestamp may differ from the receiver's clock, either way."""

_SIGNATURE_RE = re.compile(r"v0=([0-9a-fA-F]{64})")
_TIMESTAMP_RE = re.compile(r"[0-9]{1,12}")


class WebhookVerificationError(ZoomError):
    """A webhook delivery failed verification: it must not be trusted or acted on."""


class MissingHeaderError(WebhookVerificationError):
    """A header Zoom always sends (``x-zm-signature`` or ``x-zm-request-timestamp``) is absent."""

    def __init__(self, header: str) -> None:
        super().__init__(f"the {header} header is missing")
        self.header = header


class MalformedSignatureError(WebhookVerificationError):
    """``x-zm-signature`` is not ``v0=`` followed by 64 hex digits."""


class MalformedTimestampError(WebhookVerificationError):
    """``x-zm-request-timestamp`` is not a Unix time in whole seconds."""


class StaleTimestampError(WebhookVerificationError):
    """The delivery's timestamp is further than ``tolerance`` seconds from now (either way)."""

    def __init__(self, *, skew: float, tolerance: float) -> None:
        when = "in the past" if skew >= 0 else "in the future"
        super().__init__(
            f"the {TIMESTAMP_HEADER} header is {abs(skew):.0f} s {when}; "
            f"at most {tolerance:g} s is accepted"
        )
        self.skew = skew
        """Seconds from the timestamp to now: positive when the timestamp is in the past."""
        self.tolerance = tolerance


class SignatureMismatchError(WebhookVerificationError):
    """The signature does not match the body and timestamp under this secret token."""


def _secret_bytes(secret_token: str) -> bytes:
    if not isinstance(secret_token, str):
        raise TypeError(f"secret_token must be a str, not {type(secret_token).__name__}")
    if not secret_token:
        raise ValueError("secret_token must not be empty")
    return secret_token.encode("utf-8")


def compute_signature(raw_body: bytes, timestamp: str | int, secret_token: str) -> str:
    """The ``x-zm-signature`` value Zoom sends for ``raw_body`` at ``timestamp``: ``v0=<hex>``."""
    message = b"v0:" + str(timestamp).encode("ascii") + b":" + bytes(raw_body)
    digest = hmac.new(_secret_bytes(secret_token), message, hashlib.sha256).hexdigest()
    return f"v0={digest}"


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """``headers[name]`` looked up case-insensitively, for CIMultiDicts and plain dicts alike."""
    value = headers.get(name)
    if value is not None:
        return value
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def verify(
    raw_body: bytes,
    headers: Mapping[str, str],
    secret_token: str,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Check that ``raw_body`` with ``headers`` is a genuine, fresh delivery from Zoom.

    ``raw_body`` is the request body exactly as received. ``headers`` may be any mapping; names are
    looked up case-insensitively. ``now`` is the current Unix time (defaults to ``time.time()``).
    Returns ``None`` when the delivery is genuine, otherwise raises a
    :class:`WebhookVerificationError` subclass saying which check failed.
    """
    secret = _secret_bytes(secret_token)
    if tolerance < 0:
        raise ValueError("tolerance must be >= 0")
    signature = _header(headers, SIGNATURE_HEADER)
    if signature is None:
        raise MissingHeaderError(SIGNATURE_HEADER)
    timestamp = _header(headers, TIMESTAMP_HEADER)
    if timestamp is None:
        raise MissingHeaderError(TIMESTAMP_HEADER)
    match = _SIGNATURE_RE.fullmatch(signature.strip())
    if match is None:
        raise MalformedSignatureError(
            f"the {SIGNATURE_HEADER} header is not 'v0=' followed by 64 hex digits"
        )
    timestamp = timestamp.strip()
    if _TIMESTAMP_RE.fullmatch(timestamp) is None:
        raise MalformedTimestampError(
            f"the {TIMESTAMP_HEADER} header is not a Unix time in whole seconds"
        )
    skew = (time.time() if now is None else now) - int(timestamp)
    if abs(skew) > tolerance:
        raise StaleTimestampError(skew=skew, tolerance=tolerance)
    message = b"v0:" + timestamp.encode("ascii") + b":" + bytes(raw_body)
    expected = hmac.new(secret, message, hashlib.sha256).hexdigest().encode("ascii")
    if not hmac.compare_digest(expected, match.group(1).lower().encode("ascii")):
        raise SignatureMismatchError(
            f"the {SIGNATURE_HEADER} header does not match the body and timestamp "
            "(wrong secret token, or the body was altered)"
        )


def url_validation_response(plain_token: str, secret_token: str) -> dict[str, str]:
    """The JSON body that answers Zoom's ``endpoint.url_validation`` challenge.

    ``{"plainToken": plain_token, "encryptedToken": hex HMAC-SHA256(secret_token, plain_token)}``.
    Verify the challenge delivery's signature first: Zoom signs it like any other event.
    """
    if not isinstance(plain_token, str) or not plain_token:
        raise ValueError("plain_token must be a non-empty str")
    encrypted = hmac.new(
        _secret_bytes(secret_token), plain_token.encode("utf-8"), hashlib.sha256
    ).hexdigest()
    return {"plainToken": plain_token, "encryptedToken": encrypted}

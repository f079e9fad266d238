"""Zoom client-SDK signatures: sign them for the Meeting SDK and Video SDK, and serve them.

:mod:`aiozoom.sdk.signatures` holds the pure functions (sign, decode, check, and the pre-2023 Web
SDK signature for migrations); :mod:`aiozoom.sdk.server` the aiohttp endpoint a web page calls
for its Meeting SDK signature; :mod:`aiozoom.sdk.user_tokens` fetches the ZAK and on-behalf-of
tokens an SDK needs to start or join meetings for a user.
"""

from aiozoom.sdk.server import (
    DEFAULT_MAX_BODY_SIZE,
    Authorize,
    SignatureRequest,
    run_signature_server,
    signature_app,
    signature_handler,
)
from aiozoom.sdk.signatures import (
    CLOCK_SKEW,
    DEFAULT_EXPIRES_IN,
    GEO_REGIONS,
    MAX_EXPIRES_IN,
    MIN_EXPIRES_IN,
    LegacySignature,
    SignatureArgumentError,
    SignatureInfo,
    decode_legacy_signature,
    decode_signature,
    legacy_meeting_signature,
    meeting_sdk_signature,
    normalize_meeting_number,
    video_sdk_signature,
)
from aiozoom.sdk.user_tokens import MAX_USER_TOKEN_TTL, on_behalf_token, zak_token

__all__ = [
    "CLOCK_SKEW",
    "DEFAULT_EXPIRES_IN",
    "DEFAULT_MAX_BODY_SIZE",
    "GEO_REGIONS",
    "MAX_EXPIRES_IN",
    "MAX_USER_TOKEN_TTL",
    "MIN_EXPIRES_IN",
    "Authorize",
    "LegacySignature",
    "SignatureArgumentError",
    "SignatureInfo",
    "SignatureRequest",
    "decode_legacy_signature",
    "decode_signature",
    "legacy_meeting_signature",
    "meeting_sdk_signature",
    "normalize_meeting_number",
    "on_behalf_token",
    "run_signature_server",
    "signature_app",
    "signature_handler",
    "video_sdk_signature",
    "zak_token",
]

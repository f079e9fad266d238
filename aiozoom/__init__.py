"""aiozoom: an async Python SDK for the Zoom REST API (v2) with automatic token rotation.

``async with ZoomClient(auth) as zoom:`` is the one entry point; ``auth`` is a token provider
(:class:`ServerToServerOAuth`, :class:`UserOAuth`, :class:`JWTAppAuth` or :class:`StaticToken`).
Client-SDK signatures live in :mod:`aiozoom.sdk`, webhooks in :mod:`aiozoom.webhooks`, and the
fake Zoom for tests in :mod:`aiozoom.testing`.
"""

from typing import TYPE_CHECKING, Any

from aiozoom._lazy import lazy_attribute
from aiozoom._version import __version__
from aiozoom.auth import (
    AuthorizationRequest,
    MemoryTokenStore,
    ServerToServerOAuth,
    StaticToken,
    Token,
    TokenProvider,
    TokenStore,
    UserOAuth,
    authorization_url,
    exchange_code,
)
from aiozoom.client import ZoomClient
from aiozoom.errors import (
    AuthenticationError,
    BodyNotReplayableError,
    ClientClosedError,
    EventLoopError,
    FieldError,
    InvalidResponseError,
    MissingScopesError,
    NotFoundError,
    PageTokenExpiredError,
    PermissionDeniedError,
    RateLimitExceeded,
    ResponseTooLargeError,
    TokenRequestError,
    TokenStorageError,
    ZoomAPIError,
    ZoomConnectionError,
    ZoomError,
    ZoomTimeoutError,
)
from aiozoom.http import ZoomAuthMiddleware
from aiozoom.http.rate_limits import RateLimitStatus
from aiozoom.models import UNSET, Unset
from aiozoom.pagination import Page, Paginator
from aiozoom.rate_limiter import RateLimiter, RateLimits
from aiozoom.retry import RetryEvent, RetryPolicy

if TYPE_CHECKING:
    from aiozoom.api import Operation, find_operation, operations
    from aiozoom.auth import JWTAppAuth
    from aiozoom.sdk import (
        SignatureArgumentError,
        decode_signature,
        meeting_sdk_signature,
        on_behalf_token,
        signature_app,
        video_sdk_signature,
        zak_token,
    )
    from aiozoom.webhooks import (
        InvalidWebhookError,
        WebhookEvent,
        WebhookReceiver,
        WebhookVerificationError,
        parse_event,
        url_validation_response,
    )
    from aiozoom.webhooks import verify as verify_webhook

__all__ = [
    "AuthenticationError",
    "AuthorizationRequest",
    "BodyNotReplayableError",
    "ClientClosedError",
    "EventLoopError",
    "FieldError",
    "InvalidResponseError",
    "InvalidWebhookError",
    "JWTAppAuth",
    "MemoryTokenStore",
    "MissingScopesError",
    "NotFoundError",
    "Operation",
    "Page",
    "PageTokenExpiredError",
    "Paginator",
    "PermissionDeniedError",
    "RateLimitExceeded",
    "RateLimitStatus",
    "RateLimiter",
    "RateLimits",
    "ResponseTooLargeError",
    "RetryEvent",
    "RetryPolicy",
    "ServerToServerOAuth",
    "SignatureArgumentError",
    "StaticToken",
    "Token",
    "TokenProvider",
    "TokenRequestError",
    "TokenStorageError",
    "TokenStore",
    "UNSET",
    "Unset",
    "UserOAuth",
    "WebhookEvent",
    "WebhookReceiver",
    "WebhookVerificationError",
    "ZoomAPIError",
    "ZoomAuthMiddleware",
    "ZoomClient",
    "ZoomConnectionError",
    "ZoomError",
    "ZoomTimeoutError",
    "__version__",
    "authorization_url",
    "decode_signature",
    "exchange_code",
    "find_operation",
    "meeting_sdk_signature",
    "on_behalf_token",
    "operations",
    "parse_event",
    "signature_app",
    "url_validation_response",
    "verify_webhook",
    "video_sdk_signature",
    "zak_token",
]

# Loaded when first used: the SDK signatures and the webhook receiver need aiohttp's server side,
# the legacy JWT app JOSE and cryptography, the operation table 2,480 records; a client that uses
# none of them does not pay for them.
_LAZY: dict[str, tuple[str, str]] = {
    "JWTAppAuth": ("aiozoom.auth.jwt_app", "JWTAppAuth"),
    "Operation": ("aiozoom.api._operation", "Operation"),
    "find_operation": ("aiozoom.api._operation", "find_operation"),
    "operations": ("aiozoom.api._operation", "operations"),
    "InvalidWebhookError": ("aiozoom.webhooks", "InvalidWebhookError"),
    "SignatureArgumentError": ("aiozoom.sdk", "SignatureArgumentError"),
    "WebhookEvent": ("aiozoom.webhooks", "WebhookEvent"),
    "WebhookReceiver": ("aiozoom.webhooks", "WebhookReceiver"),
    "WebhookVerificationError": ("aiozoom.webhooks", "WebhookVerificationError"),
    "decode_signature": ("aiozoom.sdk", "decode_signature"),
    "meeting_sdk_signature": ("aiozoom.sdk", "meeting_sdk_signature"),
    "on_behalf_token": ("aiozoom.sdk", "on_behalf_token"),
    "parse_event": ("aiozoom.webhooks", "parse_event"),
    "signature_app": ("aiozoom.sdk", "signature_app"),
    "url_validation_response": ("aiozoom.webhooks", "url_validation_response"),
    "verify_webhook": ("aiozoom.webhooks", "verify"),
    "video_sdk_signature": ("aiozoom.sdk", "video_sdk_signature"),
    "zak_token": ("aiozoom.sdk", "zak_token"),
}


def __getattr__(name: str) -> Any:
    return lazy_attribute(globals(), _LAZY, name)


def __dir__() -> list[str]:
    return sorted(__all__)

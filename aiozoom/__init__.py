"""aiozoom: an async Python SDK for the Zoom REST API (v2) with automatic token rotation.

``async with ZoomClient(auth) as zoom:`` is the one entry point; ``auth`` is a token provider
(:class:`ServerToServerOAuth`, :class:`UserOAuth`, :class:`JWTAppAuth` or :class:`StaticToken`).
Client-SDK signatures live in :mod:`aiozoom.sdk`, webhooks in :mod:`aiozoom.webhooks`, and the
fake Zoom for tests in :mod:`aiozoom.testing`.
"""

from aiozoom._version import __version__
from aiozoom.api import Operation, find_operation, operations
from aiozoom.auth import (
    AuthorizationRequest,
    JWTAppAuth,
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

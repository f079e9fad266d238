"""aiozoom: an async Python SDK for the Zoom REST API (v2) with automatic token rotation.

``async with ZoomClient(auth) as zoom:`` is the one entry point; ``auth`` is a token provider
(:class:`ServerToServerOAuth`, :class:`UserOAuth`, :class:`JWTAppAuth` or :class:`StaticToken`).
"""

from aiozoom._version import __version__
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
    FieldError,
    InvalidResponseError,
    NotFoundError,
    PageTokenExpiredError,
    PermissionDeniedError,
    TokenRequestError,
    TokenStorageError,
    ZoomAPIError,
    ZoomConnectionError,
    ZoomError,
)
from aiozoom.http import ZoomAuthMiddleware
from aiozoom.pagination import Page, Paginator

__all__ = [
    "AuthenticationError",
    "AuthorizationRequest",
    "FieldError",
    "InvalidResponseError",
    "JWTAppAuth",
    "MemoryTokenStore",
    "NotFoundError",
    "Page",
    "PageTokenExpiredError",
    "Paginator",
    "PermissionDeniedError",
    "ServerToServerOAuth",
    "StaticToken",
    "Token",
    "TokenProvider",
    "TokenRequestError",
    "TokenStorageError",
    "TokenStore",
    "UserOAuth",
    "ZoomAPIError",
    "ZoomAuthMiddleware",
    "ZoomClient",
    "ZoomConnectionError",
    "ZoomError",
    "__version__",
    "authorization_url",
    "exchange_code",
]

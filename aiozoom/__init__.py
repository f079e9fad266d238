"""aiozoom: an async Python SDK for the Zoom REST API (v2) with automatic token rotation."""

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

__version__ = "0.1.0"

__all__ = [
    "AuthenticationError",
    "FieldError",
    "InvalidResponseError",
    "NotFoundError",
    "PageTokenExpiredError",
    "PermissionDeniedError",
    "TokenRequestError",
    "TokenStorageError",
    "ZoomAPIError",
    "ZoomConnectionError",
    "ZoomError",
    "__version__",
]

"""Authentication: token providers for every kind of Zoom app, and where their tokens are kept.

Every provider implements :class:`TokenProvider` — hand out a valid token, forget a rejected one —
and the auth middleware needs nothing more.
"""

from typing import TYPE_CHECKING, Any

from aiozoom._lazy import lazy_attribute
from aiozoom.auth.provider import RefreshingProvider, TokenProvider
from aiozoom.auth.server_to_server import ServerToServerOAuth
from aiozoom.auth.static import StaticToken
from aiozoom.auth.store import MemoryTokenStore, TokenStore
from aiozoom.auth.token import Clock, Token
from aiozoom.auth.user_oauth import (
    AuthorizationRequest,
    UserOAuth,
    authorization_url,
    exchange_code,
)

if TYPE_CHECKING:
    from aiozoom.auth.jwt_app import JWTAppAuth

__all__ = [
    "AuthorizationRequest",
    "Clock",
    "JWTAppAuth",
    "MemoryTokenStore",
    "RefreshingProvider",
    "ServerToServerOAuth",
    "StaticToken",
    "Token",
    "TokenProvider",
    "TokenStore",
    "UserOAuth",
    "authorization_url",
    "exchange_code",
]

# The legacy JWT app loads JOSE and cryptography: only when it is used.
_LAZY = {"JWTAppAuth": ("aiozoom.auth.jwt_app", "JWTAppAuth")}


def __getattr__(name: str) -> Any:
    return lazy_attribute(globals(), _LAZY, name)


def __dir__() -> list[str]:
    return sorted(__all__)

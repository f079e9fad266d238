"""The options every command that calls the Zoom API shares, and the client they make.

``@connection_options`` adds ``--account-id``, ``--client-id``, ``--client-secret`` (a
Server-to-Server OAuth app's credentials, from ``ZOOM_ACCOUNT_ID``, ``ZOOM_CLIENT_ID`` and
``ZOOM_CLIENT_SECRET`` by default), ``--base-url`` and ``--token-url`` to a command and passes it
one :class:`Connection` instead. Secrets are best left in the environment: a command line is
visible to every user of the machine in the process list.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import attrs
import click

from aiozoom.auth import ServerToServerOAuth
from aiozoom.auth._token_endpoint import DEFAULT_TOKEN_URL
from aiozoom.client import ZoomClient

__all__ = ["Connection", "connection_options"]

R = TypeVar("R")


@attrs.frozen
class Connection:
    """Where and as whom to call Zoom, as the command line gave it (nothing checked yet)."""

    account_id: str | None
    client_id: str | None
    client_secret: str | None = attrs.field(repr=False)
    base_url: str | None
    token_url: str

    def check(self) -> None:
        """Refuse missing credentials, naming each variable to set (a usage error, status 2)."""
        given = {
            ("ZOOM_ACCOUNT_ID", "--account-id"): self.account_id,
            ("ZOOM_CLIENT_ID", "--client-id"): self.client_id,
            ("ZOOM_CLIENT_SECRET", "--client-secret"): self.client_secret,
        }
        missing = [f"set {env} or pass {flag}" for (env, flag), value in given.items() if not value]
        if missing:
            raise click.UsageError("; ".join(missing))

    def client(self) -> ZoomClient:
        """A client for these credentials; call it inside the event loop that will use it."""
        self.check()
        try:
            auth = ServerToServerOAuth(
                self.account_id or "",
                self.client_id or "",
                self.client_secret or "",
                token_url=self.token_url,
            )
            return ZoomClient(auth, base_url=self.base_url)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None

    def run(self, job: Callable[[ZoomClient], Awaitable[R]]) -> R:
        """``await job(zoom)`` in a new event loop, with a client closed afterwards."""
        self.check()  # before an event loop starts

        async def with_client() -> R:
            async with self.client() as zoom:
                return await job(zoom)

        return asyncio.run(with_client())


_OPTIONS = (
    click.option(
        "--account-id",
        envvar="ZOOM_ACCOUNT_ID",
        show_envvar=True,
        help="the Server-to-Server OAuth app's Account ID "
        "(required; by default from the environment)",
    ),
    click.option(
        "--client-id",
        envvar="ZOOM_CLIENT_ID",
        show_envvar=True,
        help="the app's Client ID (required; by default from the environment)",
    ),
    click.option(
        "--client-secret",
        envvar="ZOOM_CLIENT_SECRET",
        show_envvar=True,
        show_default=False,
        help="the app's Client Secret (required; by default from the environment, which is "
        "safer: other users of the machine can read a command line)",
    ),
    click.option(
        "--base-url",
        envvar="ZOOM_BASE_URL",
        show_envvar=True,
        help="the API to call [default: Zoom's, or the account's regional host when the token "
        "answer names one]",
    ),
    click.option(
        "--token-url",
        envvar="ZOOM_TOKEN_URL",
        show_envvar=True,
        default=DEFAULT_TOKEN_URL,
        show_default=True,
        help="the OAuth token endpoint",
    ),
)


def connection_options(command: Callable[..., R]) -> Callable[..., R]:
    """Decorator: the connection options, passed to ``command`` as ``connection=Connection``."""

    @functools.wraps(command)
    def with_connection(
        *args: Any,
        account_id: str | None,
        client_id: str | None,
        client_secret: str | None,
        base_url: str | None,
        token_url: str,
        **kwargs: Any,
    ) -> R:
        connection = Connection(account_id, client_id, client_secret, base_url, token_url)
        return command(*args, connection=connection, **kwargs)

    decorated: Callable[..., R] = with_connection
    for option in reversed(_OPTIONS):
        decorated = option(decorated)
    return decorated

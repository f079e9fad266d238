"""Zoom's regional data centres: the API host a token response names in ``api_url``.

Accounts outside the US are served from their own API host (an EU, Singapore or South American
one); the token response says which, e.g. ``"api_url": "https://api-eu.zoom.us"``. A client that
was not given a ``base_url`` sends the account's calls -- and its token -- there. Pure: no I/O.
"""

from __future__ import annotations

import ipaddress

from yarl import URL

__all__ = ["regional_base_url"]


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def regional_base_url(api_url: str | None) -> str | None:
    """The ``/v2`` base URL for a token's ``api_url``, or ``None`` if it names no usable host.

    The host must be reached over HTTPS (plain HTTP only on loopback, for a test server) and
    ``api_url`` must be an origin: no credentials, query or path beyond ``/`` (a ``/v2`` path is
    accepted). A token is never sent to a host this refuses.
    """
    if not api_url or not isinstance(api_url, str):
        return None
    try:
        url = URL(api_url.strip())
    except (ValueError, TypeError):
        return None
    if not url.absolute or not url.host or url.user or url.password or url.query_string:
        return None
    if url.fragment or url.path.rstrip("/") not in ("", "/v2"):
        return None
    if url.scheme != "https" and not (url.scheme == "http" and _loopback(url.host)):
        return None
    return str(url.origin()) + "/v2"

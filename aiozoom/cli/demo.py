"""``aiozoom demo``: the client's main job on an embedded fake Zoom, no account needed.

A server-to-server app pages through an account's users while (simulated) time passes, so its
short-lived tokens are minted and rotated before they expire; then Zoom revokes every token and the
client recovers by itself; last, it creates a meeting.
"""

from __future__ import annotations

import logging
import time

from aiozoom.auth import ServerToServerOAuth
from aiozoom.client import ZoomClient
from aiozoom.testing import FakeClock, FakeZoom

__all__ = ["run_demo"]


class _Narrator(logging.Handler):
    """Prints the client's auth log lines with the simulated time since the start."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__(logging.INFO)
        self._clock = clock
        self._start = clock()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().split(": ", 1)[-1]
        if record.levelno < logging.INFO:
            return
        print(f"  [t+{self._clock() - self._start:5.0f}s] auth: {message}")


async def run_demo(*, users: int = 42, ttl: int = 120, seconds_per_page: int = 25) -> None:
    clock = FakeClock(time.time())
    narrator = _Narrator(clock)
    log = logging.getLogger("aiozoom.auth")
    log.addHandler(narrator)
    log.setLevel(logging.INFO)
    try:
        async with FakeZoom(clock=clock, token_ttl=ttl, users=users) as fake:
            print(f"fake Zoom at {fake.base_url} — tokens live {ttl} s here (an hour at Zoom)")
            account = fake.account
            auth = ServerToServerOAuth(
                account.account_id,
                account.client_id,
                account.client_secret,
                token_url=fake.token_url,
                clock=clock,
            )
            print(f"credentials: {auth!r}")
            async with ZoomClient(auth, base_url=fake.base_url) as zoom:
                page_no = 0
                async for page in zoom.users.list(page_size=10).pages():
                    page_no += 1
                    first, last = page.items[0], page.items[-1]
                    print(
                        f"  [t+{clock() - narrator._start:5.0f}s] page {page_no}: "
                        f"{len(page.items)} of {page.total_records} users "
                        f"({first.email} … {last.email})"
                    )
                    clock.advance(seconds_per_page)  # the bot does other work between pages
                print("Zoom revokes every token now (as when an admin rotates the app's secret)")
                fake.revoke_tokens()
                me = await zoom.users.get("me")
                meeting = await zoom.meetings.create(
                    "me", topic="aiozoom demo standup", type=2, duration=15
                )
                print(
                    f"created meeting {meeting.id} “{meeting.topic}” for {me.email}: "
                    f"{meeting.join_url}"
                )
            rejected = sum(n for (_, _, status), n in fake.api_requests.items() if status == 401)
            print(
                f"done: {fake.api_count()} API requests, {fake.token_requests} token requests, "
                f"{rejected} rejected and replayed"
            )
    finally:
        log.removeHandler(narrator)

"""Testing support shipped with aiozoom: a fake Zoom server and a clock tests can move.

Use these to test your own integration without a Zoom account::

    async with FakeZoom() as fake:
        auth = ServerToServerOAuth(fake.account.account_id, fake.account.client_id,
                                   fake.account.client_secret, token_url=fake.token_url)
        async with ZoomClient(auth, base_url=fake.base_url) as zoom:
            me = await zoom.users.get("me")

``FakeZoom`` can also enforce Zoom's rate limits (``fake.enforce_rate_limits("pro")``), inject
faults into API answers (``fake.inject_fault(Fault.status(503))``) and send clients to a regional
API host (``fake.use_region()``). It keeps cloud recordings (``fake.end_meeting(meeting_id)``)
and serves their files as Zoom does: ``download_url`` checks the bearer token and redirects to a
file host of its own (``fake.file_host_origin``) that answers ranges and can cut connections
short (``fake.drop_file_connections()``).

Every operation of every Zoom product is routed: what a client sends is checked against Zoom's
descriptions (Zoom's 400, code 300, naming the field), the resources integrations live on
(users, meetings, webinars, groups, roles, rooms, phone, team chat, ...) are kept as state, and
every other operation answers its documented status with a body valid against its documented
schema. ``@fake.route("GET /users/{userId}/settings")`` answers an operation your way.
"""

from aiozoom.testing._router import Call
from aiozoom.testing._state import ApiFailure
from aiozoom.testing.clock import FakeClock
from aiozoom.testing.fake_zoom import FakeZoom, TokenFault
from aiozoom.testing.faults import Fault
from aiozoom.testing.file_host import FileHost, FileRequest
from aiozoom.testing.spec_fallback import spec_fallback
from aiozoom.testing.webhooks import Delivery, WebhookSender, event_body, url_validation_body

__all__ = [
    "ApiFailure",
    "Call",
    "Delivery",
    "FakeClock",
    "FakeZoom",
    "Fault",
    "FileHost",
    "FileRequest",
    "TokenFault",
    "WebhookSender",
    "event_body",
    "spec_fallback",
    "url_validation_body",
]

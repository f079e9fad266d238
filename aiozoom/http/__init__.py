"""The HTTP layer: the auth middleware, path escaping, and pure decoding of Zoom's answers."""

from aiozoom.http.middleware import ZoomAuthMiddleware
from aiozoom.http.paths import meeting_id_segment, meeting_number, path_segment
from aiozoom.http.responses import decode_response, error_from_response, rejected_token

__all__ = [
    "ZoomAuthMiddleware",
    "decode_response",
    "error_from_response",
    "meeting_id_segment",
    "meeting_number",
    "path_segment",
    "rejected_token",
]

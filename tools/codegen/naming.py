"""Python names for Zoom's operations, namespaces, parameters and models.

``LEGACY_NAMES`` pins the names of the Meeting API's operations as aiozoom first released them,
so existing code keeps running; ``names.json`` beside this module pins every other product's, so
a name once released never changes because Zoom's descriptions or this generator changed. An
operation pinned nowhere (one Zoom adds later) is named from its product, tag and summary
(:func:`tag_namespace`, :func:`summary_name`), made unique within its namespace
(:func:`disambiguate`), and the generator says so; ``--pin`` adds it to ``names.json``.
"""

from __future__ import annotations

import json
import keyword
import re
from functools import cache
from pathlib import Path

__all__ = [
    "LEGACY_NAMES",
    "NAMESPACES",
    "disambiguate",
    "identifier",
    "product_namespace",
    "product_title",
    "register_namespaces",
    "pascal",
    "singular",
    "snake",
    "summary_name",
    "tag_namespace",
]

PINS = Path(__file__).with_name("names.json")


@cache
def pinned_names() -> dict[str, str]:
    """``names.json``: ``"METHOD /path"`` -> ``namespace.method`` for the other products."""
    if not PINS.is_file():
        return {}
    data: dict[str, str] = json.loads(PINS.read_text(encoding="utf-8"))
    return data


def write_pins(names: dict[str, str]) -> None:
    """Write ``names.json``, one operation a line, sorted, so a diff shows each name."""
    lines = [f"  {json.dumps(k)}: {json.dumps(names[k])}" for k in sorted(names)]
    PINS.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    pinned_names.cache_clear()


# The Meeting API's products keep the namespaces aiozoom has always had:
# (product, tag) -> namespace.
# A tag named here by "meetings|webinars" goes to ``webinars`` when its path is a webinar's.
LEGACY_TAGS: dict[tuple[str, str], str] = {
    ("accounts", "Accounts"): "accounts",
    ("accounts", "Dashboards"): "dashboards",
    ("accounts", "Data Requests"): "data_requests",
    ("accounts", "Information Barriers"): "information_barriers",
    ("accounts", "Roles"): "roles",
    ("accounts", "Survey Management"): "surveys",
    ("meetings", "Archiving"): "archiving",
    ("meetings", "Cloud Recording"): "recordings",
    ("meetings", "Devices"): "devices",
    ("meetings", "H323 Devices"): "h323_devices",
    ("meetings", "In-Meeting Apps"): "meetings|webinars",
    ("meetings", "In-Meeting Features"): "meetings|webinars",
    ("meetings", "Invitation & Registration"): "meetings|webinars",
    ("meetings", "Live streaming"): "meetings|webinars",
    ("meetings", "Meetings"): "meetings",
    ("meetings", "PAC"): "pac",
    ("meetings", "Polls"): "meetings|webinars",
    ("meetings", "Reports"): "reports",
    ("meetings", "SIP Connected Audio"): "sip_trunk",
    ("meetings", "SIP Phone"): "sip_phones",
    ("meetings", "Summaries"): "meetings|webinars",
    ("meetings", "Surveys"): "meetings|webinars",
    ("meetings", "TSP"): "tsp",
    ("meetings", "Templates"): "meetings|webinars",
    ("meetings", "Tracking Field"): "tracking_fields",
    ("meetings", "Webinars"): "webinars",
    ("rooms", "Room Apps"): "rooms.apps",
    ("rooms", "Visitor Management"): "rooms.visitors",
    ("rooms", "Workspaces"): "workspaces",
    ("rooms", "Zoom Rooms"): "rooms",
    ("rooms", "Zoom Rooms Account"): "rooms.account",
    ("rooms", "Zoom Rooms Calendar"): "rooms.calendar",
    ("rooms", "Zoom Rooms Content"): "rooms.content",
    ("rooms", "Zoom Rooms Devices"): "rooms.devices",
    ("rooms", "Zoom Rooms Location"): "rooms.locations",
    ("rooms", "Zoom Rooms Tags"): "rooms.tags",
    ("team-chat", "IM Groups"): "im_groups",
    ("users", "Contact Groups"): "contact_groups",
    ("users", "Divisions"): "divisions",
    ("users", "Groups"): "groups",
    ("users", "Users"): "users",
}

# Every other product is one namespace on ZoomClient (``zoom.phone``), its tags namespaces below
# it (``zoom.phone.call_logs``). A product's name unless said here:
PRODUCT_NAMESPACES: dict[str, str] = {
    "conference-room-connector": "crc",
    "zoom-docs": "docs",
    "scim2": "scim",
}

# (product, tag) -> the sub-namespace, where the tag's own words would not be the guess; "" puts
# the tag's operations on the product's namespace itself.
TAG_OVERRIDES: dict[tuple[str, str], str] = {
    ("contact-center", "Reports V2(CX Analytics)"): "reports_v2",
    ("contact-center", "Reports(Legacy Reports)"): "reports",
    ("contact-center", "SMS"): "messaging",
    ("contact-center", "Messaging"): "messaging",
    ("mail", "Messages.Attachments"): "messages",
    ("mail", "Settings.Delegates"): "delegates",
    ("mail", "Settings.Filters"): "filters",
    ("marketplace", "Apps"): "apps",
    ("marketplace", "App"): "apps",
    ("qss", "Video SDK Sessions"): "sessions",
    ("revenue-accelerator", "ScheduleMeetings"): "meetings",
    ("team-chat", "Chat Channels (Account-level)"): "channels",
    ("team-chat", "IM Chat"): "sessions",
    ("healthcare", "clinicalnotes"): "",
    ("scheduler", "scheduled events"): "events",
    ("calendar", "calendar list"): "calendar_list",
    ("clips", "Single"): "",
    ("clips", "Download"): "",
    ("clips", "Upload"): "",
    ("clips", "Transfer"): "",
    ("clips", "Collaborator"): "collaborators",
    ("clips", "Comment"): "comments",
    ("commerce", "Order"): "orders",
    ("commerce", "Quote"): "quotes",
    ("commerce", "Subscription"): "subscriptions",
    ("conference-room-connector", "Participant"): "participants",
    ("conference-room-connector", "Room Template"): "templates",
    ("number-management", "Phone Plan"): "plans",
    ("number-management", "Setting"): "settings",
    ("scim2", "Group"): "groups",
    ("scim2", "User"): "users",
    ("tasks", "Assignee"): "assignees",
    ("tasks", "Collaborator"): "collaborators",
    ("tasks", "Comment"): "comments",
    ("team-chat", "Chat Channel Mention Group"): "mention_groups",
    ("team-chat", "Chat Reminder"): "reminders",
    ("video-sdk", "Cloud Recording"): "recordings",
    ("virtual-agent", "Report"): "reports",
    ("whiteboard", "Collaborator"): "collaborators",
    ("whiteboard", "Document"): "documents",
    ("whiteboard", "File"): "files",
    ("whiteboard", "Project"): "projects",
    ("zoom-docs", "Collaborator"): "collaborators",
    ("zoom-docs", "Export"): "exports",
    ("zoom-docs", "Import"): "imports",
    ("whiteboard", "Export"): "exports",
    ("whiteboard", "Import"): "imports",
    ("scheduler", "scheduling links"): "links",
}

# namespace -> (module, class) of hand-written methods mixed into the generated resource class
MIXINS: dict[str, tuple[str, str]] = {
    "recordings": ("aiozoom.downloads", "RecordingDownloads"),  # download(), download_all()
}

# namespace -> (resource class name, model-name stem, one-line description)
NAMESPACES: dict[str, tuple[str, str, str]] = {
    "accounts": ("AccountsResource", "Account", "account settings, locked settings and domains."),
    "archiving": ("ArchivingResource", "Archive", "archived meeting and webinar files."),
    "contact_groups": ("ContactGroupsResource", "ContactGroup", "contact groups and members."),
    "dashboards": (
        "DashboardsResource",
        "Dashboard",
        "dashboard metrics of meetings, webinars, Zoom Rooms, chat, quality and client feedback.",
    ),
    "groups": ("GroupsResource", "Group", "groups, their admins, members and settings."),
    "h323_devices": ("H323DevicesResource", "H323Device", "H.323/SIP devices."),
    "im_groups": ("ImGroupsResource", "ImGroup", "IM directory groups and members."),
    "meetings": (
        "MeetingsResource",
        "Meeting",
        "meetings and their registrants, polls, surveys, live streams and past instances.",
    ),
    "pac": ("PacResource", "Pac", "Personal Audio Conference (PAC) accounts."),
    "recordings": (
        "RecordingsResource",
        "Recording",
        "cloud recordings: files, settings, registrants and analytics.",
    ),
    "reports": ("ReportsResource", "Report", "usage, billing, meeting and webinar reports."),
    "roles": ("RolesResource", "Role", "roles and their members."),
    "rooms": ("RoomsResource", "Room", "Zoom Rooms, their device profiles and settings."),
    "rooms.account": (
        "RoomsAccountResource",
        "RoomAccount",
        "the account's Zoom Rooms profile and settings.",
    ),
    "rooms.calendar": (
        "RoomsCalendarResource",
        "RoomCalendar",
        "Zoom Rooms calendar services and resources.",
    ),
    "rooms.devices": ("RoomsDevicesResource", "RoomDevice", "Zoom Room devices."),
    "rooms.locations": (
        "RoomsLocationsResource",
        "RoomLocation",
        "Zoom Rooms locations and their structure.",
    ),
    "sip_phones": ("SipPhonesResource", "SipPhone", "SIP phones (phone system integration)."),
    "tracking_fields": ("TrackingFieldsResource", "TrackingField", "tracking fields."),
    "tsp": ("TspResource", "Tsp", "telephony service provider (TSP) settings and accounts."),
    "users": (
        "UsersResource",
        "User",
        "users and their settings, assistants, schedulers and tokens.",
    ),
    "webinars": (
        "WebinarsResource",
        "Webinar",
        "webinars and their panelists, registrants, polls, branding and past instances.",
    ),
    "workspaces": ("WorkspacesResource", "Workspace", "workspaces and reservations."),
}

# "METHOD /path" -> "namespace.method": the names of the Meeting API as first released, pinned
# (see module docstring). Keyed by the path as the API Hub writes it.
LEGACY_NAMES: dict[str, str] = {
    "GET /accounts/{accountId}/lock_settings": "accounts.get_lock_settings",
    "GET /accounts/{accountId}/managed_domains": "accounts.list_managed_domains",
    "GET /accounts/{accountId}/settings": "accounts.get_settings",
    "GET /accounts/{accountId}/settings/registration": "accounts.get_registration_settings",
    "GET /accounts/{accountId}/trusted_domains": "accounts.list_trusted_domains",
    "PATCH /accounts/{accountId}/lock_settings": "accounts.update_lock_settings",
    "PATCH /accounts/{accountId}/settings": "accounts.update_settings",
    "PATCH /accounts/{accountId}/settings/registration": "accounts.update_registration_settings",
    "DELETE /past_meetings/{meetingUUID}/archive_files": "archiving.delete_meeting_files",
    "GET /archive_files": "archiving.list_files",
    "GET /archive_files/statistics": "archiving.get_statistics",
    "GET /past_meetings/{meetingUUID}/archive_files": "archiving.get_meeting_files",
    "DELETE /contacts/groups/{groupId}": "contact_groups.delete",
    "DELETE /contacts/groups/{groupId}/members": "contact_groups.remove_members",
    "GET /contacts/groups": "contact_groups.list",
    "GET /contacts/groups/{groupId}": "contact_groups.get",
    "GET /contacts/groups/{groupId}/members": "contact_groups.list_members",
    "PATCH /contacts/groups/{groupId}": "contact_groups.update",
    "POST /contacts/groups": "contact_groups.create",
    "POST /contacts/groups/{groupId}/members": "contact_groups.add_members",
    "GET /metrics/chat": "dashboards.list_chat_metrics",
    "GET /metrics/client/feedback": "dashboards.list_client_feedback",
    "GET /metrics/client/feedback/{feedbackId}": "dashboards.list_client_feedback_details",
    "GET /metrics/client/satisfaction": "dashboards.list_client_satisfaction",
    "GET /metrics/client_versions": "dashboards.list_client_versions",
    "GET /metrics/crc": "dashboards.get_crc_port_usage",
    "GET /metrics/issues/zoomrooms": "dashboards.list_zoom_rooms_with_issues",
    "GET /metrics/issues/zoomrooms/{zoomroomId}": "dashboards.list_zoom_room_issues",
    "GET /metrics/meetings": "dashboards.list_meetings",
    "GET /metrics/meetings/{meetingId}": "dashboards.get_meeting",
    "GET /metrics/meetings/{meetingId}/participants": "dashboards.list_meeting_participants",
    "GET /metrics/meetings/{meetingId}/participants/qos": (
        "dashboards.list_meeting_participants_qos"
    ),
    "GET /metrics/meetings/{meetingId}/participants/satisfaction": (
        "dashboards.list_meeting_participant_feedback"
    ),
    "GET /metrics/meetings/{meetingId}/participants/sharing": (
        "dashboards.list_meeting_participant_sharing"
    ),
    "GET /metrics/meetings/{meetingId}/participants/{participantId}/qos": (
        "dashboards.get_meeting_participant_qos"
    ),
    "GET /metrics/quality": "dashboards.get_quality",
    "GET /metrics/webinars": "dashboards.list_webinars",
    "GET /metrics/webinars/{webinarId}": "dashboards.get_webinar",
    "GET /metrics/webinars/{webinarId}/participants": "dashboards.list_webinar_participants",
    "GET /metrics/webinars/{webinarId}/participants/qos": (
        "dashboards.list_webinar_participants_qos"
    ),
    "GET /metrics/webinars/{webinarId}/participants/satisfaction": (
        "dashboards.list_webinar_participant_feedback"
    ),
    "GET /metrics/webinars/{webinarId}/participants/sharing": (
        "dashboards.list_webinar_participant_sharing"
    ),
    "GET /metrics/webinars/{webinarId}/participants/{participantId}/qos": (
        "dashboards.get_webinar_participant_qos"
    ),
    "GET /metrics/zoomrooms": "dashboards.list_zoom_rooms",
    "GET /metrics/zoomrooms/issues": "dashboards.list_zoom_room_top_issues",
    "GET /metrics/zoomrooms/{zoomroomId}": "dashboards.get_zoom_room",
    "DELETE /groups/{groupId}": "groups.delete",
    "DELETE /groups/{groupId}/admins/{userId}": "groups.delete_admin",
    "DELETE /groups/{groupId}/members/{memberId}": "groups.delete_member",
    "DELETE /groups/{groupId}/settings/virtual_backgrounds": "groups.delete_virtual_backgrounds",
    "GET /groups": "groups.list",
    "GET /groups/{groupId}": "groups.get",
    "GET /groups/{groupId}/admins": "groups.list_admins",
    "GET /groups/{groupId}/lock_settings": "groups.get_lock_settings",
    "GET /groups/{groupId}/members": "groups.list_members",
    "GET /groups/{groupId}/settings": "groups.get_settings",
    "GET /groups/{groupId}/settings/registration": "groups.get_registration_settings",
    "PATCH /groups/{groupId}": "groups.update",
    "PATCH /groups/{groupId}/lock_settings": "groups.update_lock_settings",
    "PATCH /groups/{groupId}/members/{memberId}": "groups.update_member",
    "PATCH /groups/{groupId}/settings": "groups.update_settings",
    "PATCH /groups/{groupId}/settings/registration": "groups.update_registration_settings",
    "POST /groups": "groups.create",
    "POST /groups/{groupId}/admins": "groups.add_admins",
    "POST /groups/{groupId}/members": "groups.add_members",
    "POST /groups/{groupId}/settings/virtual_backgrounds": "groups.upload_virtual_background",
    "DELETE /h323/devices/{deviceId}": "h323_devices.delete",
    "GET /h323/devices": "h323_devices.list",
    "PATCH /h323/devices/{deviceId}": "h323_devices.update",
    "POST /h323/devices": "h323_devices.create",
    "DELETE /im/groups/{groupId}": "im_groups.delete",
    "DELETE /im/groups/{groupId}/members/{memberId}": "im_groups.delete_member",
    "GET /im/groups": "im_groups.list",
    "GET /im/groups/{groupId}": "im_groups.get",
    "GET /im/groups/{groupId}/members": "im_groups.list_members",
    "PATCH /im/groups/{groupId}": "im_groups.update",
    "POST /im/groups": "im_groups.create",
    "POST /im/groups/{groupId}/members": "im_groups.add_members",
    "DELETE /live_meetings/{meetingId}/chat/messages/{messageId}": (
        "meetings.delete_live_chat_message"
    ),
    "DELETE /meetings/{meetingId}": "meetings.delete",
    "DELETE /meetings/{meetingId}/polls/{pollId}": "meetings.delete_poll",
    "DELETE /meetings/{meetingId}/registrants/{registrantId}": "meetings.delete_registrant",
    "DELETE /meetings/{meetingId}/survey": "meetings.delete_survey",
    "GET /meetings/{meetingId}": "meetings.get",
    "GET /meetings/{meetingId}/invitation": "meetings.get_invitation",
    "GET /meetings/{meetingId}/jointoken/live_streaming": "meetings.get_live_streaming_join_token",
    "GET /meetings/{meetingId}/jointoken/local_archiving": "meetings.get_local_archiving_token",
    "GET /meetings/{meetingId}/jointoken/local_recording": (
        "meetings.get_local_recording_join_token"
    ),
    "GET /meetings/{meetingId}/livestream": "meetings.get_livestream",
    "GET /meetings/{meetingId}/polls": "meetings.list_polls",
    "GET /meetings/{meetingId}/polls/{pollId}": "meetings.get_poll",
    "GET /meetings/{meetingId}/registrants": "meetings.list_registrants",
    "GET /meetings/{meetingId}/registrants/questions": "meetings.get_registrant_questions",
    "GET /meetings/{meetingId}/registrants/{registrantId}": "meetings.get_registrant",
    "GET /meetings/{meetingId}/survey": "meetings.get_survey",
    "GET /meetings/{meetingId}/token": "meetings.get_token",
    "GET /past_meetings/{meetingId}": "meetings.get_past",
    "GET /past_meetings/{meetingId}/instances": "meetings.list_past_instances",
    "GET /past_meetings/{meetingId}/participants": "meetings.list_past_participants",
    "GET /past_meetings/{meetingId}/polls": "meetings.list_past_poll_results",
    "GET /users/{userId}/meeting_templates": "meetings.list_templates",
    "GET /users/{userId}/meetings": "meetings.list",
    "PATCH /live_meetings/{meetingId}/events": "meetings.control_live",
    "PATCH /meetings/{meetingId}": "meetings.update",
    "PATCH /meetings/{meetingId}/livestream": "meetings.update_livestream",
    "PATCH /meetings/{meetingId}/livestream/status": "meetings.update_livestream_status",
    "PATCH /meetings/{meetingId}/registrants/questions": "meetings.update_registrant_questions",
    "PATCH /meetings/{meetingId}/survey": "meetings.update_survey",
    "POST /meetings/{meetingId}/batch_polls": "meetings.create_batch_polls",
    "POST /meetings/{meetingId}/batch_registrants": "meetings.add_batch_registrants",
    "POST /meetings/{meetingId}/invite_links": "meetings.create_invite_links",
    "POST /meetings/{meetingId}/polls": "meetings.create_poll",
    "POST /meetings/{meetingId}/registrants": "meetings.add_registrant",
    "POST /users/{userId}/meeting_templates": "meetings.create_template",
    "POST /users/{userId}/meetings": "meetings.create",
    "PUT /meetings/{meetingId}/polls/{pollId}": "meetings.update_poll",
    "PUT /meetings/{meetingId}/registrants/status": "meetings.update_registrant_status",
    "PUT /meetings/{meetingId}/status": "meetings.update_status",
    "GET /users/{userId}/pac": "pac.list",
    "DELETE /meetings/{meetingId}/recordings": "recordings.delete",
    "DELETE /meetings/{meetingId}/recordings/{recordingId}": "recordings.delete_file",
    "GET /meetings/{meetingId}/recordings": "recordings.get",
    "GET /meetings/{meetingId}/recordings/analytics_details": "recordings.list_analytics_details",
    "GET /meetings/{meetingId}/recordings/analytics_summary": "recordings.get_analytics_summary",
    "GET /meetings/{meetingId}/recordings/registrants": "recordings.list_registrants",
    "GET /meetings/{meetingId}/recordings/registrants/questions": (
        "recordings.get_registrant_questions"
    ),
    "GET /meetings/{meetingId}/recordings/settings": "recordings.get_settings",
    "GET /users/{userId}/recordings": "recordings.list",
    "PATCH /meetings/{meetingId}/recordings/registrants/questions": (
        "recordings.update_registrant_questions"
    ),
    "PATCH /meetings/{meetingId}/recordings/settings": "recordings.update_settings",
    "POST /meetings/{meetingId}/recordings/registrants": "recordings.add_registrant",
    "PUT /meetings/{meetingId}/recordings/registrants/status": (
        "recordings.update_registrant_status"
    ),
    "PUT /meetings/{meetingId}/recordings/{recordingId}/status": "recordings.recover_file",
    "PUT /meetings/{meetingUUID}/recordings/status": "recordings.recover",
    "GET /report/activities": "reports.list_sign_in_activities",
    "GET /report/billing": "reports.get_billing",
    "GET /report/billing/invoices": "reports.get_billing_invoices",
    "GET /report/cloud_recording": "reports.get_cloud_recording_usage",
    "GET /report/daily": "reports.get_daily_usage",
    "GET /report/meetings/{meetingId}": "reports.get_meeting",
    "GET /report/meetings/{meetingId}/participants": "reports.list_meeting_participants",
    "GET /report/meetings/{meetingId}/polls": "reports.get_meeting_polls",
    "GET /report/operationlogs": "reports.list_operation_logs",
    "GET /report/telephone": "reports.list_telephone",
    "GET /report/upcoming_events": "reports.list_upcoming_events",
    "GET /report/users": "reports.list_users",
    "GET /report/users/{userId}/meetings": "reports.list_meetings",
    "GET /report/webinars/{webinarId}": "reports.get_webinar",
    "GET /report/webinars/{webinarId}/participants": "reports.list_webinar_participants",
    "GET /report/webinars/{webinarId}/polls": "reports.get_webinar_polls",
    "GET /report/webinars/{webinarId}/qa": "reports.get_webinar_qa",
    "DELETE /roles/{roleId}": "roles.delete",
    "DELETE /roles/{roleId}/members/{memberId}": "roles.delete_member",
    "GET /roles": "roles.list",
    "GET /roles/{roleId}": "roles.get",
    "GET /roles/{roleId}/members": "roles.list_members",
    "PATCH /roles/{roleId}": "roles.update",
    "POST /roles": "roles.create",
    "POST /roles/{roleId}/members": "roles.add_members",
    "DELETE /rooms/calendar/services/{serviceId}": "rooms.calendar.delete_service",
    "DELETE /rooms/calendar/services/{serviceId}/resources/{resourceId}": (
        "rooms.calendar.delete_resource"
    ),
    "DELETE /rooms/{roomId}": "rooms.delete",
    "DELETE /rooms/{roomId}/device_profiles/{deviceProfileId}": "rooms.delete_device_profile",
    "DELETE /rooms/{roomId}/devices/{deviceId}": "rooms.devices.delete",
    "GET /rooms": "rooms.list",
    "GET /rooms/account_profile": "rooms.account.get_profile",
    "GET /rooms/account_settings": "rooms.account.get_settings",
    "GET /rooms/calendar/services": "rooms.calendar.list_services",
    "GET /rooms/calendar/services/{serviceId}/resources": "rooms.calendar.list_resources",
    "GET /rooms/calendar/services/{serviceId}/resources/{resourceId}": (
        "rooms.calendar.get_resource"
    ),
    "GET /rooms/digital_signage": "rooms.list_digital_signage_contents",
    "GET /rooms/locations": "rooms.locations.list",
    "GET /rooms/locations/structure": "rooms.locations.get_structure",
    "GET /rooms/locations/{locationId}": "rooms.locations.get",
    "GET /rooms/locations/{locationId}/settings": "rooms.locations.get_settings",
    "GET /rooms/{id}/settings": "rooms.get_settings",
    "GET /rooms/{roomId}": "rooms.get",
    "GET /rooms/{roomId}/device_profiles": "rooms.list_device_profiles",
    "GET /rooms/{roomId}/device_profiles/devices": "rooms.get_device_information",
    "GET /rooms/{roomId}/device_profiles/{deviceProfileId}": "rooms.get_device_profile",
    "GET /rooms/{roomId}/devices": "rooms.list_devices",
    "GET /rooms/{roomId}/sensor_data": "rooms.list_sensor_data",
    "PATCH /rooms/account_profile": "rooms.account.update_profile",
    "PATCH /rooms/account_settings": "rooms.account.update_settings",
    "PATCH /rooms/events": "rooms.update_e911_signage",
    "PATCH /rooms/locations/{locationId}": "rooms.locations.update",
    "PATCH /rooms/locations/{locationId}/settings": "rooms.locations.update_settings",
    "PATCH /rooms/{id}/events": "rooms.control",
    "PATCH /rooms/{id}/settings": "rooms.update_settings",
    "PATCH /rooms/{roomId}": "rooms.update",
    "PATCH /rooms/{roomId}/device_profiles/{deviceProfileId}": "rooms.update_device_profile",
    "POST /rooms": "rooms.create",
    "POST /rooms/calendar/services/{serviceId}/resources": "rooms.calendar.add_resource",
    "POST /rooms/locations": "rooms.locations.create",
    "POST /rooms/{roomId}/device_profiles": "rooms.create_device_profile",
    "PUT /rooms/calendar/services/{serviceId}/sync": "rooms.calendar.sync_service",
    "PUT /rooms/locations/structure": "rooms.locations.update_structure",
    "PUT /rooms/locations/{locationId}/location": "rooms.locations.change_parent",
    "PUT /rooms/{roomId}/devices/{deviceId}/app_version": "rooms.devices.change_app_version",
    "PUT /rooms/{roomId}/location": "rooms.change_location",
    "DELETE /sip_phones/phones/{phoneId}": "sip_phones.delete",
    "GET /sip_phones/phones": "sip_phones.list",
    "PATCH /sip_phones/phones/{phoneId}": "sip_phones.update",
    "POST /sip_phones/phones": "sip_phones.create",
    "DELETE /tracking_fields/{fieldId}": "tracking_fields.delete",
    "GET /tracking_fields": "tracking_fields.list",
    "GET /tracking_fields/{fieldId}": "tracking_fields.get",
    "PATCH /tracking_fields/{fieldId}": "tracking_fields.update",
    "POST /tracking_fields": "tracking_fields.create",
    "DELETE /users/{userId}/tsp/{tspId}": "tsp.delete_user_account",
    "GET /tsp": "tsp.get",
    "GET /users/{userId}/tsp": "tsp.list_user_accounts",
    "GET /users/{userId}/tsp/{tspId}": "tsp.get_user_account",
    "PATCH /tsp": "tsp.update",
    "PATCH /users/{userId}/tsp/settings": "tsp.set_user_global_dial_in_url",
    "PATCH /users/{userId}/tsp/{tspId}": "tsp.update_user_account",
    "POST /users/{userId}/tsp": "tsp.add_user_account",
    "DELETE /users/{userId}": "users.delete",
    "DELETE /users/{userId}/assistants": "users.delete_assistants",
    "DELETE /users/{userId}/assistants/{assistantId}": "users.delete_assistant",
    "DELETE /users/{userId}/picture": "users.delete_picture",
    "DELETE /users/{userId}/schedulers": "users.delete_schedulers",
    "DELETE /users/{userId}/schedulers/{schedulerId}": "users.delete_scheduler",
    "DELETE /users/{userId}/settings/virtual_backgrounds": "users.delete_virtual_backgrounds",
    "DELETE /users/{userId}/token": "users.revoke_sso_token",
    "GET /users": "users.list",
    "GET /users/email": "users.check_email",
    "GET /users/me/zak": "users.get_zak",
    "GET /users/summary": "users.get_summary",
    "GET /users/vanity_name": "users.check_vanity_name",
    "GET /users/{userId}": "users.get",
    "GET /users/{userId}/assistants": "users.list_assistants",
    "GET /users/{userId}/collaboration_devices": "users.list_collaboration_devices",
    "GET /users/{userId}/collaboration_devices/{collaborationDeviceId}": (
        "users.get_collaboration_device"
    ),
    "GET /users/{userId}/permissions": "users.get_permissions",
    "GET /users/{userId}/schedulers": "users.list_schedulers",
    "GET /users/{userId}/settings": "users.get_settings",
    "GET /users/{userId}/token": "users.get_token",
    "PATCH /users/{userId}": "users.update",
    "PATCH /users/{userId}/settings": "users.update_settings",
    "POST /users": "users.create",
    "POST /users/features": "users.bulk_update_features",
    "POST /users/{userId}/assistants": "users.add_assistants",
    "POST /users/{userId}/picture": "users.upload_picture",
    "POST /users/{userId}/settings/virtual_backgrounds": "users.upload_virtual_background",
    "PUT /users/{userId}/email": "users.update_email",
    "PUT /users/{userId}/password": "users.update_password",
    "PUT /users/{userId}/presence_status": "users.update_presence_status",
    "PUT /users/{userId}/status": "users.update_status",
    "DELETE /live_webinars/{webinarId}/chat/messages/{messageId}": (
        "webinars.delete_live_chat_message"
    ),
    "DELETE /webinars/{webinarId}": "webinars.delete",
    "DELETE /webinars/{webinarId}/branding/name_tags": "webinars.delete_branding_name_tags",
    "DELETE /webinars/{webinarId}/branding/virtual_backgrounds": (
        "webinars.delete_branding_virtual_backgrounds"
    ),
    "DELETE /webinars/{webinarId}/branding/wallpaper": "webinars.delete_branding_wallpaper",
    "DELETE /webinars/{webinarId}/panelists": "webinars.delete_panelists",
    "DELETE /webinars/{webinarId}/panelists/{panelistId}": "webinars.delete_panelist",
    "DELETE /webinars/{webinarId}/polls/{pollId}": "webinars.delete_poll",
    "DELETE /webinars/{webinarId}/registrants/{registrantId}": "webinars.delete_registrant",
    "DELETE /webinars/{webinarId}/survey": "webinars.delete_survey",
    "GET /past_webinars/{webinarId}/absentees": "webinars.list_absentees",
    "GET /past_webinars/{webinarId}/instances": "webinars.list_past_instances",
    "GET /past_webinars/{webinarId}/participants": "webinars.list_past_participants",
    "GET /past_webinars/{webinarId}/polls": "webinars.list_past_poll_results",
    "GET /past_webinars/{webinarId}/qa": "webinars.list_past_qa",
    "GET /users/{userId}/webinar_templates": "webinars.list_templates",
    "GET /users/{userId}/webinars": "webinars.list",
    "GET /webinars/{webinarId}": "webinars.get",
    "GET /webinars/{webinarId}/branding": "webinars.get_branding",
    "GET /webinars/{webinarId}/jointoken/live_streaming": "webinars.get_live_streaming_join_token",
    "GET /webinars/{webinarId}/jointoken/local_archiving": "webinars.get_local_archiving_token",
    "GET /webinars/{webinarId}/jointoken/local_recording": (
        "webinars.get_local_recording_join_token"
    ),
    "GET /webinars/{webinarId}/livestream": "webinars.get_livestream",
    "GET /webinars/{webinarId}/panelists": "webinars.list_panelists",
    "GET /webinars/{webinarId}/polls": "webinars.list_polls",
    "GET /webinars/{webinarId}/polls/{pollId}": "webinars.get_poll",
    "GET /webinars/{webinarId}/registrants": "webinars.list_registrants",
    "GET /webinars/{webinarId}/registrants/questions": "webinars.get_registrant_questions",
    "GET /webinars/{webinarId}/registrants/{registrantId}": "webinars.get_registrant",
    "GET /webinars/{webinarId}/survey": "webinars.get_survey",
    "GET /webinars/{webinarId}/token": "webinars.get_token",
    "GET /webinars/{webinarId}/tracking_sources": "webinars.list_tracking_sources",
    "PATCH /webinars/{webinarId}": "webinars.update",
    "PATCH /webinars/{webinarId}/branding/name_tags/{nameTagId}": (
        "webinars.update_branding_name_tag"
    ),
    "PATCH /webinars/{webinarId}/branding/virtual_backgrounds": (
        "webinars.set_branding_virtual_background"
    ),
    "PATCH /webinars/{webinarId}/livestream": "webinars.update_livestream",
    "PATCH /webinars/{webinarId}/livestream/status": "webinars.update_livestream_status",
    "PATCH /webinars/{webinarId}/registrants/questions": "webinars.update_registrant_questions",
    "PATCH /webinars/{webinarId}/survey": "webinars.update_survey",
    "POST /users/{userId}/webinar_templates": "webinars.create_template",
    "POST /users/{userId}/webinars": "webinars.create",
    "POST /webinars/{webinarId}/batch_registrants": "webinars.add_batch_registrants",
    "POST /webinars/{webinarId}/branding/name_tags": "webinars.create_branding_name_tag",
    "POST /webinars/{webinarId}/branding/virtual_backgrounds": (
        "webinars.upload_branding_virtual_background"
    ),
    "POST /webinars/{webinarId}/branding/wallpaper": "webinars.upload_branding_wallpaper",
    "POST /webinars/{webinarId}/invite_links": "webinars.create_invite_links",
    "POST /webinars/{webinarId}/panelists": "webinars.add_panelists",
    "POST /webinars/{webinarId}/polls": "webinars.create_poll",
    "POST /webinars/{webinarId}/registrants": "webinars.add_registrant",
    "PUT /webinars/{webinarId}/polls/{pollId}": "webinars.update_poll",
    "PUT /webinars/{webinarId}/registrants/status": "webinars.update_registrant_status",
    "PUT /webinars/{webinarId}/status": "webinars.update_status",
    "DELETE /workspaces/{workspaceId}/reservations/{reservationId}": (
        "workspaces.delete_reservation"
    ),
    "GET /workspaces": "workspaces.list",
    "GET /workspaces/usage": "workspaces.get_hot_desk_usage",
    "GET /workspaces/{workspaceId}/qr_code": "workspaces.get_qr_code",
    "GET /workspaces/{workspaceId}/reservations": "workspaces.list_reservations",
    "PATCH /workspaces/{workspaceId}/reservations/{reservationId}": "workspaces.update_reservation",
    "POST /workspaces/events": "workspaces.check_in_out",
    "POST /workspaces/{workspaceId}/reservations": "workspaces.create_reservation",
}

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_VERBS = {
    "get",
    "list",
    "create",
    "update",
    "delete",
    "add",
    "remove",
    "set",
    "change",
    "assign",
    "unassign",
    "batch",
    "send",
    "sync",
    "upload",
    "download",
    "search",
    "enable",
    "disable",
}


def snake(name: str) -> str:
    """``meetingId`` -> ``meeting_id``; ``WebinarUUID`` -> ``webinar_uuid``."""
    words = _WORD.findall(name.replace("-", "_").replace(" ", "_"))
    return "_".join(w.lower() for w in words) if words else name.lower()


def pascal(name: str) -> str:
    """``in_meeting`` -> ``InMeeting``; ``qos`` -> ``Qos``."""
    words = _WORD.findall(name.replace("-", "_").replace(" ", "_"))
    return "".join(
        w[:1].upper() + w[1:].lower() if w.isupper() else w[:1].upper() + w[1:] for w in words
    )


def identifier(name: str) -> str:
    """A valid, non-keyword Python identifier for a JSON key or parameter name."""
    text = snake(name) if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) else name
    text = re.sub(r"\W", "_", text)
    if not text or text[0].isdigit():
        text = "_" + text
    if keyword.iskeyword(text) or text in ("self", "extra", "body"):
        text += "_"
    return text


_SINGULAR_SAME = {"data", "settings", "qos", "status", "details", "analytics", "news", "series"}


def singular(word: str) -> str:
    """A plain English singular for a snake_case plural (last word only)."""
    head, _, last = word.rpartition("_")
    low = last.lower()
    if low in _SINGULAR_SAME or not low.endswith("s") or low.endswith(("ss", "us", "is")):
        return word
    if low.endswith("ies") and len(low) > 3:
        last = last[:-3] + "y"
    elif low.endswith(("ches", "shes", "xes", "sses", "zes")):
        last = last[:-2]
    else:
        last = last[:-1]
    return f"{head}_{last}" if head else last


_SUMMARY_WORD = re.compile(r"[A-Za-z0-9]+(?:'s)?")
_ARTICLES = {"a", "an", "the"}
_JOINERS = {"to", "for", "of", "from", "in", "on", "with", "by", "and", "or", "via", "into", "at"}
_SELF = {"account", "user", "users", "my", "me", "own"}  # "account's X": whose X, not which X
_DETAIL = {"details", "detail", "info", "information", "profile"}
_GET_VERBS = {
    "get",
    "gets",
    "retrieve",
    "retrieves",
    "fetch",
    "query",
    "view",
    "show",
    "returns",
    "lists",
}
_FILLER = (  # after get/list: "Get the list of all accounts ..." is list_accounts
    ("the", "list", "of"),
    ("list", "of"),
    ("details", "of"),
    ("details", "for"),
    ("detailed", "information", "about"),
    ("information", "about"),
    ("all",),
)
_CUT = {"for", "by", "from", "with", "in", "associated", "which", "that", "using", "of", "on"}
_LONG = 3  # words after the verb beyond which the name stops at its first joining word
_HTTP_VERBS = {
    "get": "get",
    "post": "create",
    "put": "update",
    "patch": "update",
    "delete": "delete",
}


def product_namespace(product: str) -> str:
    """``team-chat`` -> ``team_chat``: the product's namespace on ``ZoomClient``."""
    return PRODUCT_NAMESPACES.get(product, product.replace("-", "_"))


def product_words(product: str) -> set[str]:
    return set(product.split("-")) | {product_namespace(product)} | {"zoom"}


def tag_namespace(product: str, tag: str, path: str) -> str:
    """The namespace of an operation of ``product`` tagged ``tag`` (``phone.call_logs``)."""
    legacy = LEGACY_TAGS.get((product, tag))
    if legacy is not None:
        if legacy == "meetings|webinars":
            return "webinars" if "webinar" in path else "meetings"
        return legacy
    top = product_namespace(product)
    sub = TAG_OVERRIDES.get((product, tag))
    if sub is None:
        words = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", tag)]
        skip = product_words(product)
        while len(words) > 1 and words[0] in skip:
            words = words[1:]
        sub = identifier("_".join(words))
        if sub in skip or sub == singular(top) or set(words) <= skip:
            sub = ""
    return f"{top}.{sub}" if sub else top


def _nouns(namespace: str, tag: str) -> list[list[str]]:
    """Word sequences that name what a namespace holds, longest first (``call logs``, ...)."""
    found: list[list[str]] = []
    leaf = namespace.rsplit(".", 1)[-1]
    sources = [leaf.split("_"), [w.lower() for w in re.findall(r"[A-Za-z0-9]+", tag)]]
    for words in sources:
        for start in range(len(words)):
            tail = words[start:]
            for seq in (tail, [*tail[:-1], singular(tail[-1])]):
                if seq and seq not in found:
                    found.append(seq)
    return sorted(found, key=lambda seq: (-len(seq), seq))


def summary_name(
    summary: str,
    http_method: str,
    *,
    namespace: str,
    tag: str,
    product: str,
    collection: bool,
) -> str:
    """A method name from Zoom's summary: ``List user's call logs`` in ``phone.call_logs`` ->
    ``list``; ``Assign queue agents`` in ``contact_center.queues`` -> ``assign_agents``.

    The first word is the verb (``get`` of a collection is ``list``); the words naming what the
    namespace holds, the owner of a possessive (``account's``, ``user's``) and the product's own
    name are dropped, as are joining words left at either end.
    """
    text = summary.replace("\u2019", "'")
    tokens = [
        (m.group(0).lower(), m.group(0).lower().endswith("'s"))
        for m in _SUMMARY_WORD.finditer(text)
    ]
    words = [(w[:-2] if poss else w, poss) for w, poss in tokens]
    words = [(w, p) for w, p in words if w not in _ARTICLES]
    method = http_method.lower()
    if words and (words[0][0] in _GET_VERBS or words[0][0] in _VERBS or method != "get"):
        verb, rest = words[0][0], words[1:]
    else:
        verb, rest = _HTTP_VERBS[method], words
    if verb in _GET_VERBS:
        verb = "list" if method == "get" and collection else "get"
    rest = [(w, p) for w, p in rest if w != "deprecated"]  # ``deprecated`` is in the docs
    names = [w for w, p in rest if not (p and w in _SELF) and w not in ("my",)]
    if verb in ("get", "list"):
        stripped = True
        while stripped:
            stripped = False
            for filler in _FILLER:
                if tuple(names[: len(filler)]) == filler and len(names) > len(filler):
                    names = names[len(filler) :]
                    stripped = True
    for noun in _nouns(namespace, tag):
        n = len(noun)
        hit = next((i for i in range(len(names) - n + 1) if names[i : i + n] == noun), None)
        if hit is not None:
            names = names[:hit] + names[hit + n :]
            if names == [] or all(w in _DETAIL for w in names):
                names = []
            break
    if names and all(w in _DETAIL for w in names):
        names = []  # "Get a user's profile" in phone.users is get
    skip = product_words(product)
    names = [w for w in names if w not in skip] if len(names) > 1 else names
    if names and names[0] in skip and len(names) == 1:
        names = []
    if len(names) > _LONG:
        cut = next((i for i, w in enumerate(names) if i >= 1 and w in _CUT), None)
        if cut is not None:
            names = names[:cut]
    while names and names[-1] in _JOINERS:
        names.pop()
    while names and names[0] in _JOINERS:
        names.pop(0)
    name = "_".join([verb, *names])
    return identifier(re.sub(r"_+", "_", name))


Candidate = tuple[str, str, str, str, bool]  # key, name, path, operationId, deprecated


def disambiguate(taken: set[str], candidates: list[Candidate]) -> dict[str, str]:
    """Unique method names for one namespace.

    ``candidates`` are (key, name, path, operationId, deprecated); ``taken`` the names already
    used (pinned ones). Where several share a name, a current operation before a deprecated one
    and then the one with the shortest path keeps it; each other gets ``_deprecated`` if it is,
    else what its path has that the first's has not: ``for_user`` for a ``{userId}`` segment,
    else its extra literal segments, else its operationId.
    """
    groups: dict[str, list[Candidate]] = {}
    for cand in candidates:
        groups.setdefault(cand[1], []).append(cand)
    out: dict[str, str] = {}
    used = set(taken)
    for name in sorted(groups):
        members = sorted(groups[name], key=lambda c: (c[4], c[2].count("/"), c[2], c[0]))
        first = members[0] if name not in used else None
        if first is not None:
            out[first[0]] = name
            used.add(name)
        base_segments = set(first[2].split("/")) if first is not None else set()
        for key, _, path, operation_id, deprecated in members[1 if first is not None else 0 :]:
            extra = [s for s in path.split("/") if s and s not in base_segments]
            params = [s[1:-1] for s in extra if s.startswith("{")]
            literals = [snake(s) for s in extra if not s.startswith("{")]
            options = [f"{name}_deprecated"] if deprecated else []
            if params:
                owner = snake(re.sub(r"(Id|ID|Uuid|UUID|_id)$", "", params[0]))
                options.append(f"{name}_for_{owner}")
            if literals:
                options.append(f"{name}_{'_'.join(literals[-2:])}")
            options.append(snake(operation_id))
            chosen = next((o for o in options if identifier(o) not in used), None)
            if chosen is None:
                chosen = f"{name}_{snake(operation_id)}"
            chosen = identifier(re.sub(r"_+", "_", chosen))
            out[key] = chosen
            used.add(chosen)
    return out


_TITLE_WORDS = {"sdk": "SDK", "ai": "AI", "qss": "QSS", "scim2": "SCIM 2", "crc": "CRC"}


def product_title(product: str) -> str:
    """``team-chat`` -> ``Team Chat``; ``video-sdk`` -> ``Video SDK``."""
    return " ".join(_TITLE_WORDS.get(w, w.capitalize()) for w in product.split("-"))


def _first_sentence(text: str) -> str:
    text = " ".join(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("*", "").split())
    head = re.split(r"(?<=[a-z)])\. ", text, maxsplit=1)[0].rstrip(".")
    if len(head) > 160:
        head = head[:160].rsplit(" ", 1)[0] + " ..."
    return head


def register_namespaces(
    spaces: set[str], tag_docs: dict[str, str], origin: dict[str, tuple[str, str]]
) -> None:
    """Add every namespace not in ``NAMESPACES`` (and its parents): class name, model stem and
    a line about it, from the product and the tag's description (``tag_docs["product:tag"]``)."""
    every = set(spaces)
    for space in spaces:
        while "." in space:
            space = space.rpartition(".")[0]
            every.add(space)
    for space in sorted(every):
        if space in NAMESPACES:
            continue
        parts = space.split(".")
        cls = "".join(pascal(p) for p in parts) + "Resource"
        stem = "".join(pascal(singular(p)) for p in parts)
        product, tag = origin.get(space, ("", ""))
        if not product:
            product = next(
                (prod for ns, (prod, _) in sorted(origin.items()) if ns.split(".")[0] == parts[0]),
                parts[0],
            )
        if len(parts) == 1 and space not in origin:
            about = f"Zoom {product_title(product)}."
        else:
            doc = _first_sentence(tag_docs.get(f"{product}:{tag}", ""))
            about = f"{doc}." if doc else f"Zoom {product_title(product)}: {tag}."
        NAMESPACES[space] = (cls, stem, about)

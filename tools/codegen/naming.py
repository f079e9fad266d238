"""Python names for Zoom's operations, namespaces, parameters and models.

``PYTHON_NAMES`` pins every operation's ``namespace.method`` so a name, once released, never
changes because the spec or this generator changed. An operation missing from it (one Zoom adds
later) gets a name derived from its operationId and HTTP method, and the generator says so.
"""

from __future__ import annotations

import keyword
import re

__all__ = [
    "NAMESPACES",
    "PYTHON_NAMES",
    "derived_name",
    "identifier",
    "pascal",
    "singular",
    "snake",
]

# tag -> namespace path on ZoomClient
TAG_NAMESPACES: dict[str, str] = {
    "Accounts": "accounts",
    "Archiving": "archiving",
    "Cloud Recording": "recordings",
    "Contact Groups": "contact_groups",
    "Dashboards": "dashboards",
    "Devices": "h323_devices",
    "Groups": "groups",
    "IM Groups": "im_groups",
    "Meetings": "meetings",
    "PAC": "pac",
    "Reports": "reports",
    "Roles": "roles",
    "SIP Phone": "sip_phones",
    "TSP": "tsp",
    "Tracking Field": "tracking_fields",
    "Users": "users",
    "Webinars": "webinars",
    "Workspaces": "workspaces",
    "Zoom Rooms": "rooms",
    "Zoom Rooms Account": "rooms.account",
    "Zoom Rooms Calendar": "rooms.calendar",
    "Zoom Rooms Devices": "rooms.devices",
    "Zoom Rooms Location": "rooms.locations",
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

# operationId -> "namespace.method", pinned (see module docstring)
PYTHON_NAMES: dict[str, str] = {
    # Accounts
    "accountManagedDomain": "accounts.list_managed_domains",
    "accountSettings": "accounts.get_settings",
    "accountSettingsUpdate": "accounts.update_settings",
    "getAccountLockSettings": "accounts.get_lock_settings",
    "updateAccountLockSettings": "accounts.update_lock_settings",
    "accountSettingsRegistration": "accounts.get_registration_settings",
    "accountSettingsRegistrationUpdate": "accounts.update_registration_settings",
    "accountTrustedDomain": "accounts.list_trusted_domains",
    # Archiving
    "listArchivedFiles": "archiving.list_files",
    "deleteArchivedFiles": "archiving.delete_meeting_files",
    "getArchivedFiles": "archiving.get_meeting_files",
    "getArchivedFileStatistics": "archiving.get_statistics",
    # Cloud Recording
    "analytics_summary": "recordings.get_analytics_summary",
    "analytics_details": "recordings.list_analytics_details",
    "recordingDelete": "recordings.delete",
    "recordingGet": "recordings.get",
    "meetingRecordingRegistrants": "recordings.list_registrants",
    "meetingRecordingRegistrantCreate": "recordings.add_registrant",
    "recordingRegistrantsQuestionsGet": "recordings.get_registrant_questions",
    "recordingRegistrantQuestionUpdate": "recordings.update_registrant_questions",
    "meetingRecordingRegistrantStatus": "recordings.update_registrant_status",
    "recordingSettingUpdate": "recordings.get_settings",
    "recordingSettingsUpdate": "recordings.update_settings",
    "recordingStatusUpdate": "recordings.recover",
    "recordingDeleteOne": "recordings.delete_file",
    "recordingStatusUpdateOne": "recordings.recover_file",
    "recordingsList": "recordings.list",
    # Contact Groups
    "contactGroups": "contact_groups.list",
    "contactGroupCreate": "contact_groups.create",
    "contactGroupDelete": "contact_groups.delete",
    "contactGroup": "contact_groups.get",
    "contactGroupUpdate": "contact_groups.update",
    "contactGroupMemberRemove": "contact_groups.remove_members",
    "contactGroupMembers": "contact_groups.list_members",
    "contactGroupMemberAdd": "contact_groups.add_members",
    # Dashboards
    "dashboardChat": "dashboards.list_chat_metrics",
    "dashboardClientFeedback": "dashboards.list_client_feedback",
    "dashboardClientFeedbackDetail": "dashboards.list_client_feedback_details",
    "listMeetingSatisfaction": "dashboards.list_client_satisfaction",
    "dashboardCRC": "dashboards.get_crc_port_usage",
    "dashboardIM": "dashboards.list_im_metrics",
    "dashboardIssueZoomRoom": "dashboards.list_zoom_rooms_with_issues",
    "dashboardIssueDetailZoomRoom": "dashboards.list_zoom_room_issues",
    "dashboardMeetings": "dashboards.list_meetings",
    "dashboardMeetingDetail": "dashboards.get_meeting",
    "dashboardMeetingParticipants": "dashboards.list_meeting_participants",
    "dashboardMeetingParticipantsQOS": "dashboards.list_meeting_participants_qos",
    "participantFeedback": "dashboards.list_meeting_participant_feedback",
    "dashboardMeetingParticipantShare": "dashboards.list_meeting_participant_sharing",
    "dashboardMeetingParticipantQOS": "dashboards.get_meeting_participant_qos",
    "dashboardQuality": "dashboards.get_quality",
    "dashboardWebinars": "dashboards.list_webinars",
    "dashboardWebinarDetail": "dashboards.get_webinar",
    "dashboardWebinarParticipants": "dashboards.list_webinar_participants",
    "dashboardWebinarParticipantsQOS": "dashboards.list_webinar_participants_qos",
    "participantWebinarFeedback": "dashboards.list_webinar_participant_feedback",
    "dashboardWebinarParticipantShare": "dashboards.list_webinar_participant_sharing",
    "dashboardWebinarParticipantQOS": "dashboards.get_webinar_participant_qos",
    "dashboardZoomRooms": "dashboards.list_zoom_rooms",
    "dashboardZoomRoomIssue": "dashboards.list_zoom_room_top_issues",
    "dashboardZoomRoom": "dashboards.get_zoom_room",
    "getClientVersions": "dashboards.list_client_versions",
    # Deprecated API Endpoints (kept with their resources)
    "listPastMeetingFiles": "meetings.list_past_files",
    "listPastWebinarFiles": "webinars.list_past_files",
    # Devices (H.323/SIP)
    "deviceList": "h323_devices.list",
    "deviceCreate": "h323_devices.create",
    "deviceDelete": "h323_devices.delete",
    "deviceUpdate": "h323_devices.update",
    # Groups
    "groupSettingsRegistration": "groups.get_registration_settings",
    "groupSettingsRegistrationUpdate": "groups.update_registration_settings",
    "groups": "groups.list",
    "groupCreate": "groups.create",
    "groupDelete": "groups.delete",
    "group": "groups.get",
    "groupUpdate": "groups.update",
    "groupAdmins": "groups.list_admins",
    "groupAdminsCreate": "groups.add_admins",
    "groupAdminsDelete": "groups.delete_admin",
    "getGroupLockSettings": "groups.get_lock_settings",
    "groupLockedSettings": "groups.update_lock_settings",
    "groupMembers": "groups.list_members",
    "groupMembersCreate": "groups.add_members",
    "groupMembersDelete": "groups.delete_member",
    "updateAGroupMember": "groups.update_member",
    "getGroupSettings": "groups.get_settings",
    "updateGroupSettings": "groups.update_settings",
    "delGroupVB": "groups.delete_virtual_backgrounds",
    "uploadGroupVB": "groups.upload_virtual_background",
    # IM Groups
    "imGroups": "im_groups.list",
    "imGroupCreate": "im_groups.create",
    "imGroupDelete": "im_groups.delete",
    "imGroup": "im_groups.get",
    "imGroupUpdate": "im_groups.update",
    "imGroupMembers": "im_groups.list_members",
    "imGroupMembersCreate": "im_groups.add_members",
    "imGroupMembersDelete": "im_groups.delete_member",
    # Meetings
    "meetings": "meetings.list",
    "meetingCreate": "meetings.create",
    "meetingDelete": "meetings.delete",
    "meeting": "meetings.get",
    "meetingUpdate": "meetings.update",
    "meetingStatus": "meetings.update_status",
    "meetingInviteLinksCreate": "meetings.create_invite_links",
    "meetingInvitation": "meetings.get_invitation",
    "meetingRegistrants": "meetings.list_registrants",
    "meetingRegistrantCreate": "meetings.add_registrant",
    "addBatchRegistrants": "meetings.add_batch_registrants",
    "meetingRegistrantGet": "meetings.get_registrant",
    "meetingregistrantdelete": "meetings.delete_registrant",
    "meetingRegistrantStatus": "meetings.update_registrant_status",
    "meetingRegistrantsQuestionsGet": "meetings.get_registrant_questions",
    "meetingRegistrantQuestionUpdate": "meetings.update_registrant_questions",
    "meetingPolls": "meetings.list_polls",
    "meetingPollCreate": "meetings.create_poll",
    "createBatchPolls": "meetings.create_batch_polls",
    "meetingPollGet": "meetings.get_poll",
    "meetingPollUpdate": "meetings.update_poll",
    "meetingPollDelete": "meetings.delete_poll",
    "meetingSurveyGet": "meetings.get_survey",
    "meetingSurveyUpdate": "meetings.update_survey",
    "meetingSurveyDelete": "meetings.delete_survey",
    "listMeetingTemplates": "meetings.list_templates",
    "meetingTemplateCreate": "meetings.create_template",
    "getMeetingLiveStreamDetails": "meetings.get_livestream",
    "meetingLiveStreamUpdate": "meetings.update_livestream",
    "meetingLiveStreamStatusUpdate": "meetings.update_livestream_status",
    "pastMeetings": "meetings.list_past_instances",
    "listPastMeetingPolls": "meetings.list_past_poll_results",
    "pastMeetingDetails": "meetings.get_past",
    "pastMeetingParticipants": "meetings.list_past_participants",
    "inMeetingControl": "meetings.control_live",
    "deleteMeetingChatMessageById": "meetings.delete_live_chat_message",
    "meetingToken": "meetings.get_token",
    "meetingLocalRecordingJoinToken": "meetings.get_local_recording_join_token",
    "meetingLocalArchivingArchiveToken": "meetings.get_local_archiving_token",
    "meetingLiveStreamingJoinToken": "meetings.get_live_streaming_join_token",
    # PAC
    "userPACs": "pac.list",
    # Reports
    "reportSignInSignOutActivities": "reports.list_sign_in_activities",
    "getBillingReport": "reports.get_billing",
    "getBillingInvoicesReports": "reports.get_billing_invoices",
    "reportCloudRecording": "reports.get_cloud_recording_usage",
    "reportDaily": "reports.get_daily_usage",
    "reportMeetingDetails": "reports.get_meeting",
    "reportMeetingParticipants": "reports.list_meeting_participants",
    "reportMeetingPolls": "reports.get_meeting_polls",
    "reportOperationLogs": "reports.list_operation_logs",
    "reportTelephone": "reports.list_telephone",
    "reportUpcomingEvents": "reports.list_upcoming_events",
    "reportUsers": "reports.list_users",
    "reportMeetings": "reports.list_meetings",
    "reportWebinarDetails": "reports.get_webinar",
    "reportWebinarParticipants": "reports.list_webinar_participants",
    "reportWebinarPolls": "reports.get_webinar_polls",
    "reportWebinarQA": "reports.get_webinar_qa",
    # Roles
    "roles": "roles.list",
    "createRole": "roles.create",
    "deleteRole": "roles.delete",
    "getRoleInformation": "roles.get",
    "updateRole": "roles.update",
    "roleMembers": "roles.list_members",
    "AddRoleMembers": "roles.add_members",
    "roleMemberDelete": "roles.delete_member",
    # SIP Phone
    "listSipPhones": "sip_phones.list",
    "createSIPPhone": "sip_phones.create",
    "deleteSIPPhone": "sip_phones.delete",
    "updateSIPPhone": "sip_phones.update",
    # TSP
    "tsp": "tsp.get",
    "tspUpdate": "tsp.update",
    "userTSPs": "tsp.list_user_accounts",
    "userTSPCreate": "tsp.add_user_account",
    "tspUrlUpdate": "tsp.set_user_global_dial_in_url",
    "userTSPDelete": "tsp.delete_user_account",
    "userTSP": "tsp.get_user_account",
    "userTSPUpdate": "tsp.update_user_account",
    # Tracking Field
    "trackingfieldList": "tracking_fields.list",
    "trackingfieldCreate": "tracking_fields.create",
    "trackingfieldDelete": "tracking_fields.delete",
    "trackingfieldGet": "tracking_fields.get",
    "trackingfieldUpdate": "tracking_fields.update",
    # Users
    "users": "users.list",
    "userCreate": "users.create",
    "userEmail": "users.check_email",
    "userZak": "users.get_zak",
    "userVanityName": "users.check_vanity_name",
    "userDelete": "users.delete",
    "user": "users.get",
    "userUpdate": "users.update",
    "userAssistantsDelete": "users.delete_assistants",
    "userAssistants": "users.list_assistants",
    "userAssistantCreate": "users.add_assistants",
    "userAssistantDelete": "users.delete_assistant",
    "listCollaborationDevices": "users.list_collaboration_devices",
    "getCollaborationDevice": "users.get_collaboration_device",
    "userEmailUpdate": "users.update_email",
    "userPassword": "users.update_password",
    "userPermission": "users.get_permissions",
    "userPictureDelete": "users.delete_picture",
    "userPicture": "users.upload_picture",
    "updatePresenceStatus": "users.update_presence_status",
    "userSchedulersDelete": "users.delete_schedulers",
    "userSchedulers": "users.list_schedulers",
    "userSchedulerDelete": "users.delete_scheduler",
    "userSettings": "users.get_settings",
    "userSettingsUpdate": "users.update_settings",
    "delUserVB": "users.delete_virtual_backgrounds",
    "uploadVBuser": "users.upload_virtual_background",
    "userStatus": "users.update_status",
    "userSSOTokenDelete": "users.revoke_sso_token",
    "userToken": "users.get_token",
    "bulkUpdateFeature": "users.bulk_update_features",
    "userSummary": "users.get_summary",
    # Webinars
    "webinarAbsentees": "webinars.list_absentees",
    "pastWebinars": "webinars.list_past_instances",
    "listWebinarParticipants": "webinars.list_past_participants",
    "listPastWebinarPollResults": "webinars.list_past_poll_results",
    "listPastWebinarQA": "webinars.list_past_qa",
    "listWebinarTemplates": "webinars.list_templates",
    "webinarTemplateCreate": "webinars.create_template",
    "webinars": "webinars.list",
    "webinarCreate": "webinars.create",
    "webinarDelete": "webinars.delete",
    "webinar": "webinars.get",
    "webinarUpdate": "webinars.update",
    "addBatchWebinarRegistrants": "webinars.add_batch_registrants",
    "webinarInviteLinksCreate": "webinars.create_invite_links",
    "getWebinarLiveStreamDetails": "webinars.get_livestream",
    "webinarLiveStreamUpdate": "webinars.update_livestream",
    "webinarLiveStreamStatusUpdate": "webinars.update_livestream_status",
    "webinarPanelistsDelete": "webinars.delete_panelists",
    "webinarPanelists": "webinars.list_panelists",
    "webinarPanelistCreate": "webinars.add_panelists",
    "webinarPanelistDelete": "webinars.delete_panelist",
    "webinarPolls": "webinars.list_polls",
    "webinarPollCreate": "webinars.create_poll",
    "webinarPollDelete": "webinars.delete_poll",
    "webinarPollGet": "webinars.get_poll",
    "webinarPollUpdate": "webinars.update_poll",
    "webinarRegistrants": "webinars.list_registrants",
    "webinarRegistrantCreate": "webinars.add_registrant",
    "webinarRegistrantsQuestionsGet": "webinars.get_registrant_questions",
    "webinarRegistrantQuestionUpdate": "webinars.update_registrant_questions",
    "webinarRegistrantStatus": "webinars.update_registrant_status",
    "deleteWebinarRegistrant": "webinars.delete_registrant",
    "webinarRegistrantGet": "webinars.get_registrant",
    "webinarStatus": "webinars.update_status",
    "webinarSurveyDelete": "webinars.delete_survey",
    "webinarSurveyGet": "webinars.get_survey",
    "webinarSurveyUpdate": "webinars.update_survey",
    "getTrackingSources": "webinars.list_tracking_sources",
    "webinarToken": "webinars.get_token",
    "getWebinarBranding": "webinars.get_branding",
    "uploadWebinarBrandingVB": "webinars.upload_branding_virtual_background",
    "setWebinarBrandingVB": "webinars.set_branding_virtual_background",
    "deleteWebinarBrandingVB": "webinars.delete_branding_virtual_backgrounds",
    "uploadWebinarBrandingWallpaper": "webinars.upload_branding_wallpaper",
    "deleteWebinarBrandingWallpaper": "webinars.delete_branding_wallpaper",
    "createWebinarBrandingNameTag": "webinars.create_branding_name_tag",
    "deleteWebinarBrandingNameTag": "webinars.delete_branding_name_tags",
    "updateWebinarBrandingNameTag": "webinars.update_branding_name_tag",
    "webinarLocalRecordingJoinToken": "webinars.get_local_recording_join_token",
    "webinarLocalArchivingArchiveToken": "webinars.get_local_archiving_token",
    "webinarLiveStreamingJoinToken": "webinars.get_live_streaming_join_token",
    "deleteWebinarChatMessageById": "webinars.delete_live_chat_message",
    # Workspaces
    "listWorkspaces": "workspaces.list",
    "getHotDeskUsage": "workspaces.get_hot_desk_usage",
    "listReservations": "workspaces.list_reservations",
    "createReservation": "workspaces.create_reservation",
    "getWorkspaceQRCode": "workspaces.get_qr_code",
    "deleteReservation": "workspaces.delete_reservation",
    "updateReservation": "workspaces.update_reservation",
    "reservationEvent": "workspaces.check_in_out",
    # Zoom Rooms
    "listZoomRooms": "rooms.list",
    "addARoom": "rooms.create",
    "listDigitalSignageContent": "rooms.list_digital_signage_contents",
    "manageE911signage": "rooms.update_e911_signage",
    "ZoomRoomsControls": "rooms.control",
    "deleteAZoomRoom": "rooms.delete",
    "getZRProfile": "rooms.get",
    "updateRoomProfile": "rooms.update",
    "getRoomProfiles": "rooms.list_device_profiles",
    "createRoomDeviceProfile": "rooms.create_device_profile",
    "getRoomDevices": "rooms.get_device_information",
    "deleteRoomProfile": "rooms.delete_device_profile",
    "getRoomProfile": "rooms.get_device_profile",
    "updateDeviceProfile": "rooms.update_device_profile",
    "listZRDevices": "rooms.list_devices",
    "changeZRLocation": "rooms.change_location",
    "getZRSettings": "rooms.get_settings",
    "updateZRSettings": "rooms.update_settings",
    "getZRSensorData": "rooms.list_sensor_data",
    # Zoom Rooms Account
    "getZRAccountProfile": "rooms.account.get_profile",
    "updateZRAccProfile": "rooms.account.update_profile",
    "getZRAccountSettings": "rooms.account.get_settings",
    "updateZoomRoomAccSettings": "rooms.account.update_settings",
    # Zoom Rooms Calendar
    "getCalendarServices": "rooms.calendar.list_services",
    "deleteACalendarService": "rooms.calendar.delete_service",
    "syncACalendarService": "rooms.calendar.sync_service",
    "getCalendarResourcesByServiceId": "rooms.calendar.list_resources",
    "addACalendarResourceToCalendarService": "rooms.calendar.add_resource",
    "getCalendarResourceById": "rooms.calendar.get_resource",
    "deleteACalendarResource": "rooms.calendar.delete_resource",
    # Zoom Rooms Devices
    "deleteDevice": "rooms.devices.delete",
    "changeZoomRoomsAppVersion": "rooms.devices.change_app_version",
    # Zoom Rooms Location
    "listZRLocations": "rooms.locations.list",
    "addAZRLocation": "rooms.locations.create",
    "getZRLocationStructure": "rooms.locations.get_structure",
    "updateZoomRoomsLocationStructure": "rooms.locations.update_structure",
    "getZRLocationProfile": "rooms.locations.get",
    "updateZRLocationProfile": "rooms.locations.update",
    "changeParentLocation": "rooms.locations.change_parent",
    "getZRLocationSettings": "rooms.locations.get_settings",
    "updateZRLocationSettings": "rooms.locations.update_settings",
}

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_VERBS = ("get", "list", "create", "update", "delete", "add", "remove", "set", "change")


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


def derived_name(operation_id: str, http_method: str, path: str) -> str:
    """A method name for an operation missing from ``PYTHON_NAMES``."""
    words = [w.lower() for w in _WORD.findall(operation_id)]
    verb = next((w for w in words if w in _VERBS), None)
    rest = [w for w in words if w != verb]
    if verb is None:
        last = path.rstrip("/").rsplit("/", 1)[-1]
        verb = {
            "get": "get" if last.startswith("{") else "list",
            "post": "create",
            "put": "update",
            "patch": "update",
            "delete": "delete",
        }[http_method]
    return "_".join([verb, *rest])

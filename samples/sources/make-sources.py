#!/usr/bin/env python3
"""Writes the sample source files in samples/sources/: the same few Contoso meetings of
2026-11-23 as the real sources record them (sources.md), hand-made from their field lists.

- purview-export.csv        Purview audit search export (newer header set, UTF-8 BOM, CRLF)
- audit-records.json        the same records as the Management Activity API returns them
- call-records.json         Graph call records of the same meetings, as one {"value": [...]} page
- online-meetings.json      Graph online meeting objects of two of them (their lobby options)

Deterministic; run from the repository root:  python3 samples/sources/make-sources.py
The stories are listed in samples/sources/README.md.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
TENANT = "t-contoso"          # the policy file's tenant (a GUID in real records)
FABRIKAM = "t-fabrikam"       # a federated partner
DAY = "2026-11-23"
UA_TEAMS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Teams/24165.1410.2974.6689/49 Chrome/120.0.0.0 Safari/537.36"
UA_WEB = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15"
UA_ACS = "azsdk-js-communication-calling/1.20.1 (Linux; Chrome 120) azure-communication-services"

people = {
    "u-ada": ("Ada Lovelace", "ada@contoso.com"),
    "u-bob": ("Bob Shaw", "bob@contoso.com"),
    "u-erin": ("Erin Diaz", "erin@contoso.com"),
}

# The meetings: MeetingDetail Id, organizer, start, end, thread, link.
def link(thread):
    return "https://teams.microsoft.com/l/meetup-join/" + thread.replace(":", "%3a").replace("@", "%40") + "/0?context=%7b%22Tid%22%3a%22t-contoso%22%7d"

meetings = {
    "md-0001": ("u-ada", "02:13:05", "02:40:12", "19:meeting_NightSync@thread.v2", "ScheduledMeeting"),
    "md-0002": ("u-bob", "09:00:10", "09:31:00", "19:meeting_BobReview@thread.v2", "ScheduledMeeting"),
    "md-0003": ("u-ada", "10:00:05", "10:30:40", "19:meeting_AdaWeekly@thread.v2", "RecurringMeeting"),
    "md-0004": ("u-erin", "15:00:02", "15:45:30", "19:meeting_ErinWebinar@thread.v2", "ScheduledMeeting"),
}

def t(hms, frac="0000000"):
    return f"{DAY}T{hms}.{frac}"   # audit records: seven fraction digits, often no offset (UTC)

# Participant joins: (record id, meeting, attendee, join, leave, ip, user agent, from lobby, inviter upn)
def user(oid, name, upn, org=TENANT, role=None):
    a = {"OrganizationId": org, "RecipientType": "User", "UserObjectId": oid, "DisplayName": name, "UPN": upn}
    if role:
        a["Role"] = role
    return a

joins = [
    # 1. Night: someone opens Ada's sync link at 02:13 and is let straight in; nobody verified ever joins.
    ("6f1c2a10-0000-4000-8000-000000000101", "md-0001",
     {"RecipientType": "Anonymous", "DisplayName": "Visitor", "Role": "Attendee"},
     t("02:13:05", "4411234"), t("02:40:12", "0000000"), "198.51.100.23", UA_WEB, False, None),
    # 2. Bob's review: Bob (NoAnonymous policy) joins, then lets an anonymous caller in from the lobby.
    ("6f1c2a10-0000-4000-8000-000000000201", "md-0002", user("u-bob", "Bob Shaw", "bob@contoso.com", role="Organizer"),
     t("09:00:10", "1200000"), t("09:31:00"), "10.1.4.20", UA_TEAMS, False, None),
    ("6f1c2a10-0000-4000-8000-000000000202", "md-0002",
     {"RecipientType": "Anonymous", "DisplayName": "8:teamsvisitor:4c1f0b5e9a2d4e7f", "Role": "Attendee"},
     t("09:03:41", "7000000"), t("09:20:02"), "203.0.113.77", UA_TEAMS, True, "bob@contoso.com"),
    # 3. Ada's weekly: Ada, then a dial-in caller let straight in, then a guest admitted from the lobby.
    ("6f1c2a10-0000-4000-8000-000000000301", "md-0003", user("u-ada", "Ada Lovelace", "ada@contoso.com", role="Organizer"),
     t("10:00:05", "0100000"), t("10:30:40"), "10.1.2.7", UA_TEAMS, False, None),
    ("6f1c2a10-0000-4000-8000-000000000302", "md-0003",
     {"RecipientType": "Phone", "DisplayName": "+1 555 0100", "Role": "Attendee"},
     t("10:02:17", "5000000"), t("10:25:00"), None, None, False, None),
    ("6f1c2a10-0000-4000-8000-000000000303", "md-0003",
     user("g-partner-1", "Pat Partner (Guest)", "pat_partner.example#EXT#@contoso.onmicrosoft.com", role="Attendee"),
     t("10:04:09", "2500000"), t("10:30:40"), "192.0.2.50", UA_TEAMS, True, None),
    # 4. Erin's webinar (ExternalEvents): a federated user, an ACS client (blocked client type), and a bot.
    ("6f1c2a10-0000-4000-8000-000000000401", "md-0004", user("u-erin", "Erin Diaz", "erin@contoso.com", role="Organizer"),
     t("15:00:02", "0000000"), t("15:45:30"), "10.1.3.3", UA_TEAMS, False, None),
    ("6f1c2a10-0000-4000-8000-000000000402", "md-0004",
     user("u-fab-kim", "Kim \"KJ\" Jones, Fabrikam", "kim@fabrikam.com", org=FABRIKAM, role="Presenter"),
     t("15:01:30", "0000000"), t("15:45:30"), "198.51.100.80", UA_TEAMS, False, None),
    ("6f1c2a10-0000-4000-8000-000000000403", "md-0004",
     {"RecipientType": "Anonymous", "DisplayName": "8:acs:1b2c3d4e-0000-4000-8000-00000000acs1_0000001a-2b3c", "Role": "Attendee"},
     t("15:05:00", "0000000"), t("15:44:00"), "203.0.113.9", UA_ACS, False, None),
    ("6f1c2a10-0000-4000-8000-000000000404", "md-0004",
     {"RecipientType": "Applications", "DisplayName": "Meeting Recorder Bot", "UserObjectId": "app-recorder"},
     t("15:00:03", "0000000"), t("15:45:30"), None, None, False, None),
]


def participant_record(rid, md, attendee, join, leave, ip, ua, lobby, inviter):
    organizer = meetings[md][0]
    a = dict(attendee)
    if inviter:
        a["InviterInfo"] = {"UPN": inviter, "OrganizationId": TENANT}
    rec = {
        "CreationTime": "2026-11-24T04:05:03",
        "Id": rid,
        "Operation": "MeetingParticipantDetail",
        "OrganizationId": TENANT,
        "RecordType": 25,
        "UserKey": organizer,                      # names the organizer, not the participant
        "UserType": 0,
        "Version": 1,
        "Workload": "MicrosoftTeams",
        "UserId": people[organizer][1],
        "Attendees": [a],
        "DeviceInformation": "Desktop" if ua else "PSTN",
        "ExtraProperties": ([{"Key": "UserAgent", "Value": ua}] if ua else []) + [{"Key": "Region", "Value": "EMEA"}],
        "ItemName": meetings[md][4],
        "JoinTime": join,
        "LeaveTime": leave,
        "MeetingDetailId": md,
        "ArtifactsShared": [],
    }
    if ip:
        rec["ClientIP"] = ip
    if lobby:
        rec["IsJoinedFromLobby"] = True
    return rec


def meeting_record(md, n):
    organizer, start, end, thread, item = meetings[md]
    return {
        "CreationTime": "2026-11-24T04:05:01",
        "Id": md,
        "Operation": "MeetingDetail",
        "OrganizationId": TENANT,
        "RecordType": 25,
        "UserKey": organizer,
        "UserType": 0,
        "Version": 1,
        "Workload": "MicrosoftTeams",
        "UserId": people[organizer][1],
        "ChatThreadId": thread,
        "CommunicationSubType": "GroupCall",
        "CommunicationType": "Team" if n % 2 else "GroupCall",
        "StartTime": t(start),
        "EndTime": t(end),
        "MeetingURL": link(thread),
        "Modalities": ["Audio", "Video"],
        "ItemName": item,
        "Organizer": {"UserObjectId": organizer, "UPN": people[organizer][1], "OrganizationId": TENANT},
    }


other = {
    "CreationTime": "2026-11-23T11:12:13",
    "Id": "6f1c2a10-0000-4000-8000-000000000901",
    "Operation": "FileAccessed",
    "OrganizationId": TENANT,
    "RecordType": 6,
    "UserKey": "u-ada",
    "UserType": 0,
    "Workload": "SharePoint",
    "UserId": "ada@contoso.com",
    "ObjectId": "https://contoso.sharepoint.com/sites/team/Shared Documents/plan.docx",
}

# Record order as an export gives it: not by meeting, MeetingDetail records anywhere.
participants = [participant_record(*j) for j in joins]
details = [meeting_record(md, n) for n, md in enumerate(meetings)]
records = [participants[3], details[1], participants[0], participants[1], other, participants[2],
           participants[4], participants[5], details[0], participants[6], participants[7], participants[8],
           participants[9], details[3], details[2]]


def csv_field(text):
    return '"' + text.replace('"', '""') + '"'


def purview_date(record):
    return "11/24/2026 4:05:03 AM" if record["Operation"].startswith("Meeting") else "11/23/2026 11:12:13 AM"


rows = ["RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames"]
for k, r in enumerate(records):
    audit = json.dumps(r, separators=(",", ":"), ensure_ascii=False)
    if r["Id"].endswith("0302"):
        # One record as some exports write it: its AuditData broken over two lines.
        audit = audit.replace(',"Attendees":', ',\r\n"Attendees":', 1)
    kind = "MicrosoftTeams" if r["Operation"].startswith("Meeting") else "SharePointFileOperation"
    rows.append(",".join([r["Id"], purview_date(r), kind, r["Operation"], r["UserId"], csv_field(audit), "", ""]))
with open(os.path.join(HERE, "purview-export.csv"), "w", encoding="utf-8-sig", newline="") as f:
    f.write("\r\n".join(rows) + "\r\n")

with open(os.path.join(HERE, "audit-records.json"), "w", encoding="utf-8") as f:
    f.write("[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n")

# Graph call records of meetings 1, 3 and 4 (Graph keeps no lobby, and sees a guest account as a user).
def ident(kind, **fields):
    return {"@odata.type": "#microsoft.graph.communicationsIdentitySet", kind: fields}

def endpoint(identity, family=None, header=None):
    e = {"@odata.type": "#microsoft.graph.callRecords.participantEndpoint", "identity": identity}
    if family:
        e["userAgent"] = {"@odata.type": "#microsoft.graph.callRecords.clientUserAgent", "productFamily": family,
                          "headerValue": header, "platform": "windows"}
    return e

SERVICE = {"@odata.type": "#microsoft.graph.callRecords.serviceEndpoint",
           "userAgent": {"@odata.type": "#microsoft.graph.callRecords.serviceUserAgent", "role": "conferencing"}}

def session(sid, start, end, caller):
    return {"id": sid, "modalities": ["audio"], "startDateTime": f"{DAY}T{start}Z", "endDateTime": f"{DAY}T{end}Z",
            "isTest": False, "caller": caller, "callee": SERVICE, "segments": []}

def call_record(cid, md, sessions):
    organizer, start, end, thread, _ = meetings[md]
    return {
        "id": cid, "version": 1, "type": "groupCall", "modalities": ["audio", "video"],
        "lastModifiedDateTime": "2026-11-23T23:10:00Z",
        "startDateTime": f"{DAY}T{start}Z", "endDateTime": f"{DAY}T{end}Z",
        "joinWebUrl": link(thread),
        "organizer_v2": {"id": organizer, "identity": {"user": {"id": organizer, "displayName": people[organizer][0], "tenantId": TENANT}}},
        "sessions": sessions,
    }

call_records = [
    call_record("c0ffee00-0000-4000-8000-000000000001", "md-0001", [
        session("s-0001-1", "02:13:05.441", "02:40:12", endpoint(ident("guest", id="guest-7f3a", displayName="Visitor"), "teams", UA_WEB)),
    ]),
    call_record("c0ffee00-0000-4000-8000-000000000003", "md-0003", [
        session("s-0003-1", "10:00:05.01", "10:30:40", endpoint(ident("user", id="u-ada", displayName="Ada Lovelace", tenantId=TENANT), "teams", UA_TEAMS)),
        session("s-0003-2", "10:02:17.5", "10:25:00", endpoint(ident("phone", id="+15550100", displayName="+1 555 0100"))),
        session("s-0003-3", "10:04:09.25", "10:30:40", endpoint(ident("user", id="g-partner-1", displayName="Pat Partner (Guest)", tenantId=TENANT), "teams", UA_TEAMS)),
    ]),
    call_record("c0ffee00-0000-4000-8000-000000000004", "md-0004", [
        session("s-0004-1", "15:00:02", "15:45:30", endpoint(ident("user", id="u-erin", displayName="Erin Diaz", tenantId=TENANT), "teams", UA_TEAMS)),
        session("s-0004-2", "15:01:30", "15:45:30", endpoint(ident("user", id="u-fab-kim", displayName="Kim \"KJ\" Jones, Fabrikam", tenantId=FABRIKAM), "teams", UA_TEAMS)),
        session("s-0004-3", "15:05:00", "15:44:00", endpoint(ident("acsUser", id="8:acs:1b2c3d4e-0000-4000-8000-00000000acs1_0000001a-2b3c", displayName="Kiosk"), "azureCommunicationServices", UA_ACS)),
        session("s-0004-4", "15:00:03", "15:45:30", endpoint(ident("application", id="app-recorder", displayName="Meeting Recorder Bot"))),
    ]),
]
with open(os.path.join(HERE, "call-records.json"), "w", encoding="utf-8") as f:
    json.dump({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#communications/callRecords(sessions())",
               "value": call_records}, f, indent=2, ensure_ascii=False)
    f.write("\n")

# Online meeting objects (the meetings' own options) of Ada's weekly and Erin's webinar.
def online_meeting(oid, md, scope, dial_in, subject):
    organizer, start, end, thread, _ = meetings[md]
    return {
        "id": oid, "creationDateTime": "2026-10-01T08:00:00Z",
        "startDateTime": f"{DAY}T{start[:3]}00:00Z", "endDateTime": f"{DAY}T{end[:3]}45:00Z" if md == "md-0004" else f"{DAY}T{end[:3]}30:00Z",
        "joinWebUrl": link(thread), "subject": subject,
        "participants": {"organizer": {"upn": people[organizer][1], "role": "presenter",
                                       "identity": {"user": {"id": organizer, "displayName": people[organizer][0], "tenantId": TENANT}}},
                         "attendees": []},
        "allowedPresenters": "organization",
        "isEntryExitAnnounced": True,
        "lobbyBypassSettings": {"scope": scope, "isDialInBypassEnabled": dial_in},
        "chatInfo": {"threadId": thread, "messageId": "0", "replyChainMessageId": None},
        "joinInformation": {"content": "data:text/html,%3cdiv%3eJoin+Microsoft+Teams+Meeting%3c%2fdiv%3e", "contentType": "html"},
    }

with open(os.path.join(HERE, "online-meetings.json"), "w", encoding="utf-8") as f:
    json.dump({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('u-ada')/onlineMeetings",
               "value": [online_meeting("MSpBZGFXZWVrbHk", "md-0003", "organization", False, "Weekly"),
                         online_meeting("MSpFcmluV2ViaW5hcg", "md-0004", "everyone", True, "Partner webinar")]},
              f, indent=2, ensure_ascii=False)
    f.write("\n")

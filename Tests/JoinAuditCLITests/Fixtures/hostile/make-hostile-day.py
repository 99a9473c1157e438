#!/usr/bin/env python3
"""Writes hostile-day.jsonl: a small day whose attacker-written fields (display names,
participant ids, meeting ids, client addresses) carry HTML, spreadsheet formulas, terminal
escape sequences, Markdown links and bidi overrides. Every one of them ends up in a finding,
so every report format has to carry it safely."""
import json

HOSTILE = [
    "<script>alert('x')</script>",
    '=HYPERLINK("http://x","click")',
    "\u001b[31mRED\u001b[0m\u0007",
    "![pixel](http://evil.example/p.png) [click](http://evil.example)",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\u202eevil\u202c | pipe | and \r\n newline",
    "\tTabbed",
]
lines = [{"v": 1, "id": "s-1", "ts": "2026-11-23T09:00:00Z", "type": "meeting_scheduled", "tenant_id": "t-contoso",
          "meeting_id": "m-<img src=x onerror=alert(1)>", "organizer_id": "u-ada",
          "scheduled_start": "2026-11-23T09:00:00Z", "scheduled_end": "2026-11-23T10:00:00Z"},
         {"v": 1, "id": "e-0", "ts": "2026-11-23T09:01:00Z", "type": "join_request", "tenant_id": "t-contoso",
          "meeting_id": "m-<img src=x onerror=alert(1)>", "organizer_id": "u-ada", "participant_id": "u-ada",
          "identity": "internal", "role": "organizer", "client": "teams", "outcome": "admitted"}]
for i, name in enumerate(HOSTILE, start=1):
    lines.append({"v": 1, "id": f"e-{i}", "ts": f"2026-11-23T09:{i + 1:02d}:00Z", "type": "join_request",
                  "tenant_id": "t-contoso", "meeting_id": "m-<img src=x onerror=alert(1)>", "organizer_id": "u-ada",
                  "participant_id": name if i % 3 == 0 else f"anon-{i}", "display_name": name,
                  "identity": "anonymous", "role": "attendee", "client": "teams",
                  "client_ip": name if i % 2 == 0 else "203.0.113.9", "outcome": "admitted"})
with open("hostile-day.jsonl", "w", encoding="utf-8") as out:
    for line in lines:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")

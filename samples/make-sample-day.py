#!/usr/bin/env python3
"""Writes samples/day-2026-11-23.jsonl.gz: one realistic day of Contoso's Teams join log.

Deterministic (fixed seed), so the sample and the README's quick-start output stay stable.
Each scenario below is one story an analyst would recognise; samples/README.md lists them.
Run from the repository root:  python3 samples/make-sample-day.py
"""
import gzip, json, random

rng = random.Random(20261123)
TENANT = "t-contoso"
DAY = "2026-11-23"
events, seq = [], [0]
INTERNAL = ["u-ada", "u-ben", "u-cy", "u-dan", "u-erin", "u-bob", "u-fay", "u-gus", "u-hal", "u-ivy", "u-jon", "u-kim"]


def ts(h, m, s=0.0):
    whole = int(s)
    frac = round((s - whole) * 1000)
    return f"{DAY}T{h:02d}:{m:02d}:{whole:02d}" + (f".{frac:03d}" if frac else "") + "Z"


def emit(t, type_, meeting, **fields):
    seq[0] += 1
    e = {"v": 1, "id": f"evt-{seq[0]:05d}", "ts": t, "type": type_, "tenant_id": TENANT, "meeting_id": meeting}
    e.update({k: v for k, v in fields.items() if v is not None})
    events.append(e)
    return e["id"]


def schedule(t, meeting, organizer, start, end, **options):
    return emit(t, "meeting_scheduled", meeting, organizer_id=organizer, scheduled_start=start, scheduled_end=end, **options)


def join(t, meeting, organizer, pid, identity, outcome, client="teams", **extra):
    return emit(t, "join_request", meeting, organizer_id=organizer, participant_id=pid, identity=identity,
                client=client, outcome=outcome, client_ip=extra.pop("client_ip", f"10.1.{rng.randint(0, 9)}.{rng.randint(2, 250)}"), **extra)


def admit(t, meeting, pid, actor):
    return emit(t, "lobby_admitted", meeting, participant_id=pid, actor_id=actor)


def left(t, meeting, pid):
    return emit(t, "left", meeting, participant_id=pid)


def ended(t, meeting):
    return emit(t, "meeting_ended", meeting)


def app(t, meeting, pid, app_id, action):
    return emit(t, "app_action", meeting, participant_id=pid, app_id=app_id, action=action)


# 1. Routine internal meetings across the day: organizer first, colleagues straight in.
for n in range(14):
    organizer = rng.choice(["u-ada", "u-cy", "u-fay", "u-gus"])
    m = f"m-sync-{n:02d}"
    hour = 8 + n % 9
    schedule(ts(7, 30 + n), m, organizer, ts(hour, 0), ts(hour, 30))
    join(ts(hour, 0, 5), m, organizer, organizer, "internal", "admitted", role="organizer", display_name=organizer[2:].title())
    people = rng.sample([p for p in INTERNAL if p != organizer], rng.randint(2, 5))
    for i, p in enumerate(people):
        join(ts(hour, 1 + i, rng.uniform(0, 59)), m, organizer, p, "internal", "admitted", display_name=p[2:].title())
    if n % 3 == 0:  # a guest waits and the organizer lets them in
        join(ts(hour, 7, 10), m, organizer, f"g-partner-{n}", "guest", "lobby", display_name="Partner (Guest)")
        admit(ts(hour, 7, 40), m, f"g-partner-{n}", organizer)
    if n % 4 == 1:  # a dial-in caller waits until the organizer admits them
        join(ts(hour, 8, 2), m, organizer, f"pstn-{n}", "dial_in", "lobby", client="pstn", display_name="+1 425 555 01%02d" % n)
        admit(ts(hour, 8, 30), m, f"pstn-{n}", organizer)
    for i, p in enumerate(people):
        left(ts(hour, 25, i * 3.5), m, p)
    ended(ts(hour, 29, 50), m)

# 2. Vendor review (u-ada, Global): a federated partner waits as policy says; a one-way-trust
#    external is let straight in; an ACS client is blocked; an attendee admits an anonymous person.
m = "m-vendor-review"
schedule(ts(9, 0), m, "u-ada", ts(10, 0), ts(11, 0))
join(ts(10, 0, 3), m, "u-ada", "u-ada", "internal", "admitted", role="organizer", display_name="Ada")
join(ts(10, 0, 30), m, "u-ada", "u-ben", "internal", "admitted", display_name="Ben")
join(ts(10, 1, 2), m, "u-ada", "x-fab-lee", "external", "lobby", home_tenant_id="t-fabrikam", trust="mutual", display_name="Lee (Fabrikam)")
admit(ts(10, 1, 20), m, "x-fab-lee", "u-ada")
join(ts(10, 2, 7), m, "u-ada", "x-tail-sam", "external", "admitted", home_tenant_id="t-tailspin", trust="outbound", display_name="Sam (Tailspin)", client_ip="203.0.113.40")
join(ts(10, 3, 1), m, "u-ada", "anon-acs-1", "anonymous", "rejected", client="acs", display_name="Support Bot", client_ip="198.51.100.23")
join(ts(10, 3, 9), m, "u-ada", "anon-acs-2", "anonymous", "rejected", client="acs", display_name="Support Bot", client_ip="198.51.100.23")
join(ts(10, 4, 0), m, "u-ada", "anon-7f3", "anonymous", "lobby", display_name="Visitor", client_ip="198.51.100.4")
admit(ts(10, 4, 45), m, "anon-7f3", "u-ben")
app(ts(10, 6, 0), m, "anon-7f3", "polls", "use")
for p in ["anon-7f3", "x-tail-sam", "x-fab-lee", "u-ben"]:
    left(ts(10, 55, rng.uniform(0, 30)), m, p)
ended(ts(10, 58, 0), m)

# 3. Public town hall (u-erin, ExternalEvents: Everyone, anonymous start allowed): anonymous
#    attendees arrive before anyone verified, one adds an app, one uses one (org-wide app use is off).
m = "m-townhall"
schedule(ts(8, 0), m, "u-erin", ts(13, 0), ts(14, 0))
join(ts(12, 52, 11), m, "u-erin", "anon-th-1", "anonymous", "admitted", display_name="Early Bird", client_ip="192.0.2.10")
join(ts(12, 54, 2), m, "u-erin", "anon-th-2", "anonymous", "admitted", display_name="Guest Viewer", client_ip="192.0.2.11")
join(ts(12, 55, 40), m, "u-erin", "pstn-th-1", "dial_in", "admitted", client="pstn", display_name="+44 20 7946 0000")
join(ts(12, 58, 0), m, "u-erin", "u-erin", "internal", "admitted", role="organizer", display_name="Erin")
for i in range(6):
    join(ts(13, 0, 10 + i * 7), m, "u-erin", f"anon-th-{i + 3}", "anonymous", "admitted", display_name=f"Attendee {i + 3}", client_ip=f"192.0.2.{20 + i}")
join(ts(13, 2, 0), m, "u-erin", "anon-acs-th", "anonymous", "admitted", client="acs", display_name="Kiosk", client_ip="198.51.100.23")
app(ts(13, 10, 0), m, "anon-th-3", "qna", "use")
app(ts(13, 12, 30), m, "anon-th-4", "whiteboard", "add")
app(ts(13, 13, 0), m, "u-erin", "whiteboard", "configure")
for i in range(1, 9):
    left(ts(13, 58, i * 2), m, f"anon-th-{i}")
ended(ts(14, 0, 0), m)

# 4. Board meeting (u-bob, NoAnonymous): an anonymous person gets in anyway; another is put in
#    the lobby instead of being refused, then removed.
m = "m-board"
schedule(ts(8, 5), m, "u-bob", ts(15, 0), ts(16, 0))
join(ts(15, 0, 2), m, "u-bob", "u-bob", "internal", "admitted", role="organizer", display_name="Bob")
join(ts(15, 0, 50), m, "u-bob", "u-kim", "internal", "admitted", role="presenter", display_name="Kim")
join(ts(15, 3, 3), m, "u-bob", "anon-b1", "anonymous", "admitted", display_name="Board Observer", client_ip="203.0.113.77")
join(ts(15, 4, 0), m, "u-bob", "anon-b2", "anonymous", "lobby", display_name="=HYPERLINK(\"http://x.example\")", client_ip="203.0.113.78")
emit(ts(15, 6, 0), "lobby_removed", m, participant_id="anon-b2", actor_id="u-bob")
for p in ["anon-b1", "u-kim", "u-bob"]:
    left(ts(15, 59, rng.uniform(0, 20)), m, p)

# 5. A meeting link used at night (u-ada's 14:00 review): dial-in callers and an anonymous person
#    hold a meeting with nobody from Contoso.
m = "m-design-review"
schedule(ts(0, 15), m, "u-ada", ts(14, 0), ts(15, 0), auto_admitted_users="Everyone")
join(ts(2, 31, 5), m, "u-ada", "anon-n1", "anonymous", "admitted", display_name="\u001b[31mIT Support\u001b[0m", client_ip="198.51.100.99")
join(ts(2, 32, 40), m, "u-ada", "pstn-n1", "dial_in", "admitted", client="pstn", display_name="+7 495 000 0000")
left(ts(3, 14, 0), m, "pstn-n1")
left(ts(3, 15, 30), m, "anon-n1")
join(ts(14, 0, 4), m, "u-ada", "u-ada", "internal", "admitted", role="organizer", display_name="Ada")
join(ts(14, 1, 0), m, "u-ada", "anon-n2", "anonymous", "admitted", display_name="<script>alert(1)</script>", client_ip="198.51.100.100")
left(ts(14, 50, 0), m, "anon-n2")
left(ts(14, 51, 0), m, "u-ada")

# 6. Support line (u-dan, PhoneFirst: dial-in bypass on, EveryoneInCompany): callers join once
#    Dan is in; a colleague is wrongly held in the lobby; a guest comes straight in.
m = "m-support-line"
schedule(ts(6, 0), m, "u-dan", ts(11, 0), ts(12, 0))
join(ts(11, 0, 1), m, "u-dan", "u-dan", "dial_in", "admitted", client="pstn", role="organizer", display_name="Dan (phone)")
for i in range(4):
    join(ts(11, 2 + i, 0), m, "u-dan", f"pstn-s{i}", "dial_in", "admitted", client="pstn", display_name=f"+1 206 555 01{i:02d}")
join(ts(11, 7, 0), m, "u-dan", "u-hal", "internal", "lobby", display_name="Hal")
admit(ts(11, 7, 30), m, "u-hal", "u-dan")
join(ts(11, 8, 0), m, "u-dan", "g-cust-1", "guest", "admitted", display_name="Customer (Guest)")
for i in range(4):
    left(ts(11, 40, i), m, f"pstn-s{i}")
ended(ts(11, 45, 0), m)

# 7. Data-quality: a leave for someone never there, an admission of someone not waiting, and a
#    re-delivered event (the same id shipped twice).
m = "m-sync-03"
left(ts(16, 30, 0), m, "u-ghost")
admit(ts(16, 31, 0), "m-vendor-review", "anon-ghost", "u-ada")
events.append(dict(events[5]))

# Logs are written in time order (the scenarios above are not); the re-delivered copy lands
# right after its original, as a shipper's retry would put it.
events.sort(key=lambda e: e["ts"])
lines = [json.dumps(e, separators=(",", ":"), ensure_ascii=False) for e in events]
# A few bad lines, as shippers produce them.
lines.insert(40, '{"v":1,"id":"evt-bad-1","ts":"2026-11-23T09:10:00Z","type":"join_request","tenant_id":"t-contoso","meeting_id":"m-sync-01"')
lines.insert(80, '{"v":1,"id":"evt-bad-2","ts":"2026-11-23T09:20:00Z","type":"join_request","tenant_id":"t-contoso","meeting_id":"m-sync-02","organizer_id":"u-cy","participant_id":"r2","identity":"robot","client":"teams","outcome":"admitted"}')
lines.insert(120, '{"v":1,"id":"evt-bad-3","ts":"2026-11-23 09:30","type":"left","tenant_id":"t-contoso","meeting_id":"m-sync-03","participant_id":"u-ben"}')

# Two gzip members, as log rotation writes them.
half = len(lines) // 2
with open("samples/day-2026-11-23.jsonl.gz", "wb") as out:
    for part in (lines[:half], lines[half:]):
        out.write(gzip.compress(("\n".join(part) + "\n").encode("utf-8"), mtime=0))
print(f"wrote {len(lines)} lines ({len(events)} events, 3 bad lines) to samples/day-2026-11-23.jsonl.gz")

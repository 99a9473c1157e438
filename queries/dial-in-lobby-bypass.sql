-- Dial-in callers who skipped the lobby, and under which setting.
--
-- Why it matters: CISA's Teams baseline (MS.TEAMS.1.5) says dial-in users should not bypass
-- the lobby: a phone number proves nothing about who is calling. Lists dial-in join requests
-- the service admitted directly, with the meeting's own pstn_bypass_lobby where it set one,
-- and any finding JoinAudit made of it.
--
-- Parameters:
-- :organizer  only this organizer's meetings (default: all)
SELECT e.ts,
       e.meeting_id,
       e.organizer_id,
       e.participant_id,
       e.display_name,
       e.role,
       (SELECT s.pstn_bypass_lobby FROM events AS s
        WHERE s.type = 'meeting_scheduled' AND s.meeting_id = e.meeting_id AND s.tenant_id = e.tenant_id
        ORDER BY s.ts_ns DESC LIMIT 1) AS meeting_pstn_bypass_lobby,
       (SELECT group_concat(f.kind || ':' || f.rule, ' ') FROM findings AS f WHERE f.event_seq = e.seq) AS findings,
       e.id AS event_id
FROM events AS e
WHERE e.type = 'join_request' AND e.identity = 'dial_in' AND e.outcome = 'admitted'
  AND (:organizer IS NULL OR e.organizer_id = :organizer)
ORDER BY e.ts_ns, e.seq;

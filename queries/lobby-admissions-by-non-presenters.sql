-- Lobby admissions by people who were not organizers, co-organizers or presenters.
--
-- Why it matters: only verified organizers, co-organizers and presenters may let people in
-- from the lobby. An attendee (or an unverified person, or someone not in the meeting at all)
-- admitting a waiting stranger is either a misconfigured meeting role or an insider helping
-- an outsider in. The admitter's role is their latest join request to the same meeting
-- before the admission; "not in meeting" means they never asked to join it.
--
-- Parameters:
-- :meeting  only this meeting (default: all)
SELECT a.ts,
       a.meeting_id,
       a.organizer_id,
       a.participant_id AS admitted,
       a.actor_id AS admitted_by,
       coalesce((SELECT j.role FROM events AS j
                 WHERE j.type = 'join_request' AND j.meeting_id = a.meeting_id AND j.tenant_id = a.tenant_id
                   AND j.participant_id = a.actor_id AND j.ts_ns <= a.ts_ns
                 ORDER BY j.ts_ns DESC, j.seq DESC LIMIT 1), 'not in meeting') AS admitter_role,
       (SELECT j.identity FROM events AS j
        WHERE j.type = 'join_request' AND j.meeting_id = a.meeting_id AND j.tenant_id = a.tenant_id
          AND j.participant_id = a.actor_id AND j.ts_ns <= a.ts_ns
        ORDER BY j.ts_ns DESC, j.seq DESC LIMIT 1) AS admitter_identity,
       a.id AS event_id
FROM events AS a
WHERE a.type = 'lobby_admitted'
  AND a.actor_id NOT IN ('system', 'unknown')
  AND (:meeting IS NULL OR a.meeting_id = :meeting)
  AND admitter_role NOT IN ('organizer', 'co_organizer', 'presenter')
ORDER BY a.ts_ns, a.seq;

-- Everything one participant did, in replay order, with the findings on each event.
--
-- Why it matters: the first question after a finding is "what else did they do?": which
-- meetings, from which address and client, who let them in, which apps they touched.
-- Without :participant it lists every event of people who count as anonymous.
--
-- Parameters:
-- :participant  the participant id (default: every anonymous participant)
WITH anonymous AS (
    SELECT DISTINCT participant_id FROM events
    WHERE type = 'join_request'
      AND (identity = 'anonymous' OR (identity = 'external' AND (external_access = 0 OR trust IS NOT 'mutual')))
)
SELECT e.utc,
       e.type,
       e.participant_id,
       e.meeting_id,
       e.display_name,
       e.client,
       e.client_ip,
       e.outcome,
       e.actor_id,
       e.app_id,
       e.action,
       (SELECT group_concat(f.severity || ' ' || f.kind || ':' || f.rule, '; ') FROM findings AS f WHERE f.event_seq = e.seq) AS findings,
       e.file || ':' || e.line AS source
FROM events_readable AS e
WHERE (:participant IS NOT NULL AND e.participant_id = :participant)
   OR (:participant IS NULL AND e.participant_id IN (SELECT participant_id FROM anonymous))
ORDER BY e.ts_ns, e.seq;

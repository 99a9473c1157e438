-- Anonymous joins per meeting outside its scheduled window.
--
-- Why it matters: a meeting link used at 03:00 for a meeting scheduled at 14:00 is the
-- classic sign of a leaked or reused link (the seed: anonymous and dial-in starts exist "to
-- prevent abuse of meeting links"). Counts join requests by people who count as anonymous
-- (anonymous, or external without mutual trust or without external access), admitted or not,
-- that fall before the scheduled start or after the scheduled end. Meetings without a known
-- schedule (no meeting_scheduled event) are left out.
--
-- Parameters:
-- :min_joins  report meetings with at least this many such joins (default 1)
WITH schedule AS (
    SELECT meeting_id, tenant_id, max(scheduled_start_ns) AS start_ns, max(scheduled_end_ns) AS end_ns,
           max(scheduled_start) AS scheduled_start, max(scheduled_end) AS scheduled_end
    FROM events WHERE type = 'meeting_scheduled'
    GROUP BY tenant_id, meeting_id
)
SELECT e.meeting_id,
       max(e.organizer_id) AS organizer_id,
       s.scheduled_start,
       s.scheduled_end,
       count(*) AS anonymous_joins_outside,
       sum(e.outcome = 'admitted') AS admitted,
       count(DISTINCT e.participant_id) AS people,
       min(e.ts) AS first_join,
       max(e.ts) AS last_join
FROM events AS e JOIN schedule AS s ON s.meeting_id = e.meeting_id AND s.tenant_id = e.tenant_id
WHERE e.type = 'join_request'
  AND (e.identity = 'anonymous' OR (e.identity = 'external' AND (e.external_access = 0 OR e.trust IS NOT 'mutual')))
  AND (e.ts_ns < s.start_ns OR e.ts_ns > s.end_ns)
GROUP BY e.tenant_id, e.meeting_id
HAVING count(*) >= coalesce(:min_joins, 1)
ORDER BY anonymous_joins_outside DESC, e.meeting_id;

-- Sessions that ran longest with nobody verified in them.
--
-- Why it matters: minutes of a meeting with only anonymous people and dial-in callers in it
-- is the meeting link used without its owners; the longer, the worse. Lists unverified_start
-- findings at or above a duration, with how many unverified people were in, whether it began
-- outside the schedule, and how the stretch ended (a verified participant arrived, the
-- session ended, or the log ended first).
--
-- Parameters:
-- :min_seconds  shortest stretch to list, in seconds (default 300)
SELECT ts AS began,
       meeting_id,
       organizer_id,
       policy,
       unverified_seconds,
       unverified_participants,
       CASE outside_schedule WHEN 1 THEN 'yes' WHEN 0 THEN 'no' ELSE 'unknown' END AS outside_schedule,
       unverified_ended_by,
       rule,
       severity,
       event_id
FROM findings
WHERE kind = 'unverified_start' AND unverified_seconds >= coalesce(:min_seconds, 300)
ORDER BY unverified_seconds DESC, ts_ns;

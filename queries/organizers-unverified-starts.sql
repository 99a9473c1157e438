-- Organizers whose meetings most often start with nobody verified in them.
--
-- Why it matters: an unverified start is a meeting link used without its owners. An
-- organizer whose meetings keep starting that way has a link in the wrong hands, or a policy
-- (AllowAnonymousUsersToStartMeeting, dial-in bypass) that lets strangers open the room.
-- Counts unverified_start findings per organizer against the meetings they organized that
-- day, with the longest unverified stretch and how many began outside the schedule.
--
-- Parameters:
-- :limit  how many organizers to list (default 20)
WITH organized AS (
    SELECT organizer_id, count(DISTINCT meeting_id) AS meetings
    FROM events WHERE organizer_id IS NOT NULL
    GROUP BY organizer_id
)
SELECT f.organizer_id,
       max(f.policy) AS policy,
       count(*) AS unverified_starts,
       count(DISTINCT f.meeting_id) AS meetings_affected,
       o.meetings AS meetings_organized,
       round(100.0 * count(DISTINCT f.meeting_id) / o.meetings, 1) AS percent_of_meetings,
       max(f.unverified_seconds) AS longest_unverified_seconds,
       sum(f.outside_schedule = 1) AS outside_schedule
FROM findings AS f LEFT JOIN organized AS o ON o.organizer_id = f.organizer_id
WHERE f.kind = 'unverified_start'
GROUP BY f.organizer_id
ORDER BY unverified_starts DESC, longest_unverified_seconds DESC, f.organizer_id
LIMIT coalesce(:limit, 20);

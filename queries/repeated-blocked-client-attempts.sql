-- Source addresses with repeated blocked-client attempts.
--
-- Why it matters: one address trying again and again from a client type the policy blocks
-- for anonymous people (Azure Communication Services, or Teams itself) is somebody working
-- at the block, often a bot or a custom ACS app. Lists each address with its attempts, the
-- meetings it tried, how many attempts the service admitted all the same, and the first and
-- last attempt. Needs the findings of an analyze or replay; attempts without a logged
-- client_ip are not counted.
--
-- Parameters:
-- :min_attempts  report addresses with at least this many attempts (default 2)
SELECT client_ip,
       count(*) AS attempts,
       count(DISTINCT meeting_id) AS meetings,
       count(DISTINCT participant_id) AS participant_ids,
       sum(actual = 'admitted') AS admitted,
       group_concat(DISTINCT client) AS clients,
       min(ts) AS first_attempt,
       max(ts) AS last_attempt
FROM findings
WHERE kind = 'blocked_client_attempt' AND client_ip IS NOT NULL
GROUP BY client_ip
HAVING count(*) >= coalesce(:min_attempts, 2)
ORDER BY attempts DESC, client_ip;

-- Anonymous display names that hide control characters or pose as staff.
--
-- Why it matters: anonymous people choose their own display name. Escape sequences (ESC),
-- bidirectional overrides and other controls try to fool whoever reads the roster or a log
-- viewer; names like "IT Support" or "Admin" are social engineering. Lists join requests by
-- people who count as anonymous whose name holds a control character or one of the words.
-- Display names here are the attacker's bytes: view them escaped (joinaudit query does).
--
-- Parameters:
-- :word  an extra word to look for, case-insensitive (default: none)
SELECT e.ts,
       e.meeting_id,
       e.participant_id,
       e.display_name,
       e.client,
       e.client_ip,
       e.outcome,
       CASE
           WHEN e.display_name GLOB ('*[' || char(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127) || ']*')
               THEN 'control character'
           WHEN e.display_name GLOB ('*[' || char(8234, 8235, 8236, 8237, 8238, 8294, 8295, 8296, 8297) || ']*')
               THEN 'bidirectional override'
           ELSE 'looks like staff'
       END AS why
FROM events AS e
WHERE e.type = 'join_request'
  AND (e.identity = 'anonymous' OR (e.identity = 'external' AND (e.external_access = 0 OR e.trust IS NOT 'mutual')))
  AND e.display_name IS NOT NULL
  AND (e.display_name GLOB ('*[' || char(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127) || ']*')
       OR e.display_name GLOB ('*[' || char(8234, 8235, 8236, 8237, 8238, 8294, 8295, 8296, 8297) || ']*')
       OR lower(e.display_name) LIKE '%support%' OR lower(e.display_name) LIKE '%admin%'
       OR lower(e.display_name) LIKE '%helpdesk%' OR lower(e.display_name) LIKE '%help desk%'
       OR lower(e.display_name) LIKE '%security%' OR lower(e.display_name) LIKE '% it %'
       OR (:word IS NOT NULL AND instr(lower(e.display_name), lower(:word)) > 0))
ORDER BY e.ts_ns, e.seq;

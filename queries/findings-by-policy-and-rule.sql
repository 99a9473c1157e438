-- Findings by meeting policy, rule and severity: which setting fails most, and where.
--
-- Why it matters: for the compliance report and for the change request. A rule that fires
-- under one Tag: policy only points at that policy's settings; one that fires under all points
-- at the org-wide configuration. Counts findings and the organizers and meetings behind them.
--
-- Parameters:
-- :min_severity  lowest severity to count: critical, high, medium, low or info (default info)
SELECT policy,
       rule,
       kind,
       severity,
       count(*) AS findings,
       count(DISTINCT organizer_id) AS organizers,
       count(DISTINCT meeting_id) AS meetings
FROM findings
WHERE severity_rank >= CASE coalesce(:min_severity, 'info')
        WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END
GROUP BY policy, rule, kind, severity
ORDER BY max(severity_rank) DESC, findings DESC, policy, rule;

-- People from organizations with one-way trust, who count as anonymous.
--
-- Why it matters: a person from an organization that trusts yours but that yours does not
-- trust back (or the reverse) signs in, shows a company name, and still counts as anonymous
-- (the seed). Reviewers often take them for federated colleagues. Lists each such person per
-- meeting with their home tenant, the trust direction, and what the service did.
--
-- Parameters:
-- :home_tenant  only people from this home tenant (default: all)
SELECT e.home_tenant_id,
       e.trust,
       e.participant_id,
       e.display_name,
       e.meeting_id,
       e.organizer_id,
       e.ts,
       e.outcome,
       (SELECT group_concat(f.kind || ':' || f.rule, ' ') FROM findings AS f WHERE f.event_seq = e.seq) AS findings
FROM events AS e
WHERE e.type = 'join_request'
  AND e.identity = 'external'
  AND e.trust IN ('outbound', 'inbound')
  AND (:home_tenant IS NULL OR e.home_tenant_id = :home_tenant)
ORDER BY e.home_tenant_id, e.ts_ns, e.seq;

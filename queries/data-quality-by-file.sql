-- What each input file came to: events, bad lines, re-deliveries, damage, and orphan events.
--
-- Why it matters: an auditor must know what the findings rest on. A file with many bad lines
-- or a damaged gzip stream means some events were never judged; many re-deliveries mean a
-- shipper sent the same data twice; orphan events (an admission of someone not in the lobby)
-- mean the log misses the events before them.
--
-- Parameters: none.
SELECT f.path,
       f.input_kind,
       f.status,
       f.events - f.redeliveries AS events_stored,
       f.bad_lines,
       f.redeliveries,
       (SELECT count(*) FROM data_quality AS q JOIN events AS e ON e.seq = q.event_seq WHERE e.file_id = f.file_id) AS data_quality_notes,
       f.damage
FROM files AS f
ORDER BY f.file_id;

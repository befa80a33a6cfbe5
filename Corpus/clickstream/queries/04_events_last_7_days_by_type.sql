-- Dashboard tile: event counts by type for the last 7 days (time range over the BRIN-indexed occurred_at).
SELECT event_type, count(*) AS events, count(DISTINCT session_id) AS sessions
FROM events
WHERE occurred_at >= '2024-12-25 00:00:00+00'
  AND occurred_at <  '2025-01-01 00:00:00+00'
GROUP BY event_type
ORDER BY events DESC;

-- Merchandising: December searches that returned nothing (jsonb containment, GIN jsonb_path_ops).
SELECT e.occurred_at, e.session_id, e.properties ->> 'query' AS query
FROM events e
WHERE e.properties @> '{"results": 0}'
  AND e.event_type = 'search'
  AND e.occurred_at >= '2024-12-01 00:00:00+00'
ORDER BY e.occurred_at;

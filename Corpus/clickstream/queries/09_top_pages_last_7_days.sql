-- Top 20 pages by views in the last 7 days, with unique sessions (top-N after aggregation).
SELECT p.path, p.page_type, count(*) AS views, count(DISTINCT e.session_id) AS sessions
FROM events e
JOIN pages p ON p.page_id = e.page_id
WHERE e.event_type = 'page_view'
  AND e.occurred_at >= '2024-12-25 00:00:00+00'
  AND e.occurred_at <  '2025-01-01 00:00:00+00'
GROUP BY p.path, p.page_type
ORDER BY views DESC, p.path
LIMIT 20;

-- Traffic chart: page views per hour on Cyber Monday 2024 (date_trunc bucketing).
SELECT date_trunc('hour', occurred_at) AS hour, count(*) AS page_views
FROM events
WHERE event_type = 'page_view'
  AND occurred_at >= '2024-12-02 00:00:00+00'
  AND occurred_at <  '2024-12-03 00:00:00+00'
GROUP BY 1
ORDER BY 1;

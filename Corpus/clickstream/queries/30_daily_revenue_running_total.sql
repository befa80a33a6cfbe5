-- Revenue from purchase events per day in December with a month-to-date running total (partial index on
-- purchases, jsonb value cast, window over the aggregate).
SELECT date_trunc('day', occurred_at) AS day,
       count(*) AS orders,
       sum((properties ->> 'revenue')::numeric) AS revenue,
       sum(sum((properties ->> 'revenue')::numeric)) OVER (ORDER BY date_trunc('day', occurred_at)) AS month_to_date
FROM events
WHERE event_type = 'purchase'
  AND occurred_at >= '2024-12-01 00:00:00+00'
  AND occurred_at <  '2025-01-01 00:00:00+00'
GROUP BY 1
ORDER BY 1;

-- Paid search campaigns in Q4: sessions, purchases and revenue per campaign
-- (utm_source and utm_medium are redundant given the campaign: correlated predicates).
SELECT s.utm_campaign,
       count(DISTINCT s.session_id) AS sessions,
       count(e.event_id)            AS purchases,
       coalesce(sum((e.properties ->> 'revenue')::numeric), 0) AS revenue
FROM sessions s
LEFT JOIN events e ON e.session_id = s.session_id AND e.event_type = 'purchase'
WHERE s.utm_source = 'google'
  AND s.utm_medium = 'cpc'
  AND s.started_at >= '2024-10-01 00:00:00+00'
GROUP BY s.utm_campaign
ORDER BY revenue DESC;

-- Engagement: median and 90th percentile session length by device in December, human sessions only.
SELECT device_type,
       count(*) AS sessions,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ended_at - started_at)) AS median_seconds,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM ended_at - started_at)) AS p90_seconds
FROM sessions
WHERE started_at >= '2024-12-01 00:00:00+00'
  AND NOT is_bot
GROUP BY device_type
ORDER BY device_type;

-- Markets where the WELCOME10 coupon was redeemed in Q4 (DISTINCT over a jsonb-filtered join).
SELECT DISTINCT s.country, s.device_type
FROM events e
JOIN sessions s ON s.session_id = e.session_id
WHERE e.event_type = 'purchase'
  AND e.properties ->> 'coupon' = 'WELCOME10'
  AND e.occurred_at >= '2024-10-01 00:00:00+00'
ORDER BY s.country, s.device_type;

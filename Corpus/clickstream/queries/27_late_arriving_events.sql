-- Pipeline health: events received more than an hour after they happened, December, per device and day
-- (late mobile uploads break the occurred_at order that BRIN relies on).
SELECT date_trunc('day', e.received_at) AS received_day, s.device_type,
       count(*) AS late_events,
       max(e.received_at - e.occurred_at) AS max_delay
FROM events e
JOIN sessions s ON s.session_id = e.session_id
WHERE e.received_at >= '2024-12-01 00:00:00+00'
  AND e.received_at - e.occurred_at > interval '1 hour'
GROUP BY 1, 2
ORDER BY 1, 2;

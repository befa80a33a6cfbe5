-- Conversion rate by device and OS for November human sessions (EXISTS per session).
SELECT s.device_type, s.os,
       count(*) AS sessions,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM events e
                                      WHERE e.session_id = s.session_id AND e.event_type = 'purchase')) AS converted,
       round(100.0 * count(*) FILTER (WHERE EXISTS (SELECT 1 FROM events e
                                                   WHERE e.session_id = s.session_id AND e.event_type = 'purchase'))
             / count(*), 2) AS conversion_pct
FROM sessions s
WHERE s.started_at >= '2024-11-01 00:00:00+00'
  AND s.started_at <  '2024-12-01 00:00:00+00'
  AND NOT s.is_bot
GROUP BY s.device_type, s.os
ORDER BY sessions DESC;

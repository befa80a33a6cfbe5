-- QA: mobile iOS Safari sessions in the first week of December with their landing page. device_type, os and
-- browser are strongly dependent, so independent selectivities underestimate the row count.
SELECT s.session_id, s.started_at, s.country, p.path AS landing_page
FROM sessions s
JOIN pages p ON p.page_id = s.landing_page_id
WHERE s.device_type = 'mobile'
  AND s.os = 'iOS'
  AND s.browser = 'Safari'
  AND s.started_at >= '2024-12-01 00:00:00+00'
  AND s.started_at <  '2024-12-08 00:00:00+00'
ORDER BY s.started_at;

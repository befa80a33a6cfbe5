-- SEO report: anonymous human sessions from Google organic search in the last 7 days (IS NULL predicates).
SELECT s.session_id, s.started_at, s.device_type, p.path AS landing_page
FROM sessions s
JOIN pages p ON p.page_id = s.landing_page_id
WHERE s.user_id IS NULL
  AND s.utm_source IS NULL
  AND s.referrer_domain = 'google.com'
  AND NOT s.is_bot
  AND s.started_at >= '2024-12-25 00:00:00+00'
ORDER BY s.started_at;

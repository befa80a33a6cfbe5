-- Bounce rate by landing page type for Q4 (sessions with a single page view), types with at least 50 sessions.
WITH per_session AS (
    SELECT s.session_id, s.landing_page_id, count(*) FILTER (WHERE e.event_type = 'page_view') AS page_views
    FROM sessions s
    JOIN events e ON e.session_id = s.session_id
    WHERE s.started_at >= '2024-10-01 00:00:00+00'
      AND NOT s.is_bot
    GROUP BY s.session_id, s.landing_page_id
)
SELECT p.page_type, count(*) AS sessions,
       round(100.0 * count(*) FILTER (WHERE ps.page_views = 1) / count(*), 1) AS bounce_pct
FROM per_session ps
JOIN pages p ON p.page_id = ps.landing_page_id
GROUP BY p.page_type
HAVING count(*) >= 50
ORDER BY sessions DESC;

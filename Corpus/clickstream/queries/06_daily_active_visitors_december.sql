-- Daily active visitors in December, human traffic only: logged-in users by id, anonymous visitors by cookie.
SELECT date_trunc('day', s.started_at) AS day,
       count(DISTINCT s.user_id)       AS active_users,
       count(DISTINCT s.anonymous_id) FILTER (WHERE s.user_id IS NULL) AS anonymous_visitors,
       count(*)                        AS sessions
FROM sessions s
WHERE s.started_at >= '2024-12-01 00:00:00+00'
  AND s.started_at <  '2025-01-01 00:00:00+00'
  AND NOT s.is_bot
GROUP BY 1
ORDER BY 1;

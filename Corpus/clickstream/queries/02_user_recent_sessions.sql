-- Support: a user found by e-mail (unique key) and their ten most recent sessions.
SELECT u.user_id, u.email, u.plan, s.session_id, s.started_at, s.device_type, s.browser, s.country
FROM users u
JOIN sessions s ON s.user_id = u.user_id
WHERE u.email = 'williamchen2@hotmail.com'
ORDER BY s.started_at DESC
LIMIT 10;

-- Activation: active users older than six months who never ordered (anti-join).
SELECT u.id, u.email, u.created_at
FROM users u
WHERE u.status = 'active'
  AND u.created_at < '2024-07-01 00:00:00+00'
  AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)
ORDER BY u.created_at
LIMIT 100;

-- Local marketing: users whose default address is in Austin, TX with the date of their latest order
-- (correlated scalar subquery per row).
SELECT u.id, u.email, a.zip,
       (SELECT max(o.created_at) FROM orders o WHERE o.user_id = u.id) AS last_order_at
FROM users u
JOIN addresses a ON a.user_id = u.id AND a.is_default
WHERE a.city = 'Austin'
  AND a.state = 'TX'
ORDER BY last_order_at DESC NULLS LAST
LIMIT 50;

-- Loyalty programme: customers with at least 10 completed orders and their lifetime spend.
SELECT u.id, u.email, count(*) AS orders, sum(o.total) AS lifetime_value, max(o.created_at) AS last_order
FROM users u
JOIN orders o ON o.user_id = u.id
WHERE o.status = 'delivered'
GROUP BY u.id, u.email
HAVING count(*) >= 10
ORDER BY lifetime_value DESC;

-- Admin back office: page 11 of delivered orders, newest first (OFFSET pagination reads and discards 500 rows).
SELECT o.id, o.order_number, u.email, o.total, o.created_at
FROM orders o
JOIN users u ON u.id = o.user_id
WHERE o.status = 'delivered'
ORDER BY o.created_at DESC, o.id DESC
LIMIT 50 OFFSET 500;

-- Warehouse dashboard: the oldest open orders (a handful of rows; the partial index covers exactly these).
SELECT o.id, o.order_number, o.status, o.created_at, a.city, a.state, a.zip
FROM orders o
JOIN addresses a ON a.id = o.shipping_address_id
WHERE o.status IN ('pending', 'paid')
ORDER BY o.created_at
LIMIT 50;

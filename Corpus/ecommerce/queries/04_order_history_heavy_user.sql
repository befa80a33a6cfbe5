-- "My orders" page for the store's biggest customer (hundreds of orders): newest first, first page.
SELECT id, order_number, status, total, created_at, delivered_at
FROM orders
WHERE user_id = 1
ORDER BY created_at DESC
LIMIT 20;

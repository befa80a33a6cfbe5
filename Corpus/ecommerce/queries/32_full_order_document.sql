-- Invoice rendering: one user's 2024 orders with customer, shipping address, lines, products and captured
-- payment (6-table join driven by a selective user filter).
SELECT o.order_number, o.created_at, u.full_name, u.email,
       a.line1, a.city, a.state, a.zip,
       oi.line_no, p.name, oi.quantity, oi.unit_price,
       pay.method, pay.amount
FROM orders o
JOIN users u         ON u.id = o.user_id
JOIN addresses a     ON a.id = o.shipping_address_id
JOIN order_items oi  ON oi.order_id = o.id
JOIN products p      ON p.id = oi.product_id
LEFT JOIN payments pay ON pay.order_id = o.id AND pay.status = 'captured'
WHERE o.user_id = 2
  AND o.created_at >= '2024-01-01 00:00:00+00'
ORDER BY o.created_at, oi.line_no;

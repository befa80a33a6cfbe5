-- Brand partner report: the distinct states Voltra products were shipped to in 2024 (5-table join + DISTINCT).
SELECT DISTINCT a.state
FROM brands b
JOIN products p     ON p.brand_id = b.id
JOIN order_items oi ON oi.product_id = p.id
JOIN orders o       ON o.id = oi.order_id
JOIN addresses a    ON a.id = o.shipping_address_id
WHERE b.name = 'Voltra'
  AND o.created_at >= '2024-01-01 00:00:00+00'
  AND o.status IN ('shipped', 'delivered')
ORDER BY a.state;

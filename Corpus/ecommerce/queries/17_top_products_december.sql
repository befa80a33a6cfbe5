-- Merchandising: the ten best sellers (units) of December 2024. Sales are zipf-skewed: product 1 dominates.
SELECT p.id, p.sku, p.name, sum(oi.quantity) AS units, sum(oi.quantity * oi.unit_price) AS gross
FROM orders o
JOIN order_items oi ON oi.order_id = o.id
JOIN products p     ON p.id = oi.product_id
WHERE o.created_at >= '2024-12-01 00:00:00+00'
  AND o.created_at <  '2025-01-01 00:00:00+00'
  AND o.status <> 'cancelled'
GROUP BY p.id, p.sku, p.name
ORDER BY units DESC, p.id
LIMIT 10;

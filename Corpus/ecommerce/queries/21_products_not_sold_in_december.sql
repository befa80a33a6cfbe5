-- Catalogue clean-up: active products with no order line in December 2024 (NOT IN over a subquery: a hashed
-- SubPlan while the subquery's result fits in work_mem, a per-row rescan when it does not; not an anti-join).
SELECT p.id, p.sku, p.name, p.created_at
FROM products p
WHERE p.status = 'active'
  AND p.id NOT IN (SELECT oi.product_id
                   FROM order_items oi
                   JOIN orders o ON o.id = oi.order_id
                   WHERE o.created_at >= '2024-12-01 00:00:00+00'
                     AND o.created_at <  '2025-01-01 00:00:00+00')
ORDER BY p.created_at, p.id;

-- case: NOT IN (subquery) becomes a hashed SubPlan, never an anti-join (ecommerce query 21).
-- database: ecommerce
-- shows: Seq Scan on products with "Filter: ((NOT (hashed SubPlan 1)) AND ...)"; the SubPlan (a Hash Join of December's order lines) runs once and fills a hash table.
-- finding: not-in-subplan (NOT IN (subquery) can never become an anti-join because of its NULL semantics; NOT EXISTS would give a Hash Anti Join. A hashed SubPlan degrades to a per-row rescan once the subquery's result outgrows work_mem)
-- expect: NOT \(hashed SubPlan 1\)
-- expect: ^        SubPlan 1$
-- variants: timing-off
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT p.id, p.sku, p.name, p.created_at
FROM products p
WHERE p.status = 'active'
  AND p.id NOT IN (SELECT oi.product_id
                   FROM order_items oi
                   JOIN orders o ON o.id = oi.order_id
                   WHERE o.created_at >= '2024-12-01 00:00:00+00'
                     AND o.created_at <  '2025-01-01 00:00:00+00')
ORDER BY p.created_at, p.id;

-- case: Recursive CTE over the category tree joined to the big tables (ecommerce query 16).
-- database: ecommerce
-- shows: "CTE tree" with Recursive Union <- (Index Scan on the root) + (Hash Join with a WorkTable Scan, loops = recursion depth); the planner's guess for the recursive part's size is a fixed multiple of the non-recursive part.
-- finding: row-misestimate (the work table's size is a guess; the CTE Scan on tree is estimated far above the rows it returns)
-- expect: Recursive Union
-- expect: WorkTable Scan on tree
-- expect: CTE Scan on tree
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
WITH RECURSIVE tree AS (
    SELECT id, name, 1 AS level
    FROM categories
    WHERE slug = 'electronics'
  UNION ALL
    SELECT c.id, c.name, t.level + 1
    FROM categories c
    JOIN tree t ON c.parent_id = t.id
)
SELECT t.name AS category,
       count(DISTINCT o.id)                          AS orders,
       sum(oi.quantity)                              AS units,
       sum(oi.quantity * oi.unit_price - oi.discount) AS revenue
FROM tree t
JOIN products p     ON p.category_id = t.id
JOIN order_items oi ON oi.product_id = p.id
JOIN orders o       ON o.id = oi.order_id
WHERE o.created_at >= '2024-01-01 00:00:00+00'
  AND o.created_at <  '2025-01-01 00:00:00+00'
  AND o.status IN ('shipped', 'delivered')
GROUP BY t.name
ORDER BY revenue DESC;

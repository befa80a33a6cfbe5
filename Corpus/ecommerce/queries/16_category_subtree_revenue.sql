-- Department report: 2024 revenue of every leaf category under Electronics (recursive CTE over the tree).
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

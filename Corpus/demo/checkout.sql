-- A checkout report: revenue per category for paid orders of the last 30 days, with the share of
-- repeat customers. `make demo` parses it with PostgreSQL's own grammar.
WITH recent AS (
  SELECT o.id, o.customer_id, o.total, o.created_at
  FROM orders o
  WHERE o.status IN ('paid', 'shipped')
    AND o.created_at >= now() - interval '30 days'
)
SELECT c.name AS category,
       count(DISTINCT r.id) AS orders,
       sum(oi.quantity * oi.unit_price) AS revenue,
       avg(r.total) FILTER (WHERE r.total > 100) AS avg_large_order,
       count(*) FILTER (WHERE EXISTS (
         SELECT 1 FROM orders prev
         WHERE prev.customer_id = r.customer_id AND prev.created_at < r.created_at
       )) AS repeat_items
FROM recent r
JOIN order_items oi ON oi.order_id = r.id
JOIN products p ON p.id = oi.product_id
LEFT JOIN categories c ON c.id = p.category_id
GROUP BY ROLLUP (c.name)
HAVING sum(oi.quantity * oi.unit_price) > 1000
ORDER BY revenue DESC NULLS LAST
LIMIT 20;

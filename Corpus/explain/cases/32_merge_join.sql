-- case: Merge Join of two inputs already sorted by their primary-key indexes (orders.id and order_items (order_id, line_no)).
-- database: ecommerce
-- shows: GroupAggregate over a Merge Join with "Merge Cond: (o.id = oi.order_id)" and no Sort node.
-- finding: none (healthy plan)
-- expect: Merge Join
-- expect: Merge Cond: \(o\.id = oi\.order_id\)
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT o.id, o.total, count(*) AS lines, sum(oi.quantity) AS units
FROM orders o
JOIN order_items oi ON oi.order_id = o.id
WHERE o.id <= 20000
GROUP BY o.id
ORDER BY o.id;

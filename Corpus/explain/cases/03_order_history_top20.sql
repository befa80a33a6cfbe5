-- case: Healthy ORDER BY ... LIMIT served by a multi-column index (ecommerce query 04).
-- database: ecommerce
-- shows: Limit over an Index Scan on orders (user_id, created_at DESC) that stops after 20 rows; no Sort node.
-- finding: none (healthy plan; the index scan's estimate is for the whole user, but the Limit stops it early by design)
-- expect: ^Limit .*actual time=.* rows=20 loops=1\)$
-- expect: ->  Index Scan using orders_user_id_created_at_idx on public\.orders .*rows=20 loops=1\)$
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT id, order_number, status, total, created_at, delivered_at
FROM orders
WHERE user_id = 1
ORDER BY created_at DESC
LIMIT 20;

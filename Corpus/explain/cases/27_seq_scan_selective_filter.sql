-- case: Sequential scan that throws away almost every row: a narrow range on orders.total, which has no index.
-- database: ecommerce
-- shows: Seq Scan on orders with "Rows Removed by Filter" ~24,000 for a few dozen rows returned.
-- finding: seq-scan-filter (the filter removes >99% of the rows it reads; an index on orders (total) would help)
-- expect: ^Seq Scan on public\.orders
-- expect: Rows Removed by Filter: \d{5}
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT id, order_number, user_id, total, created_at
FROM orders
WHERE total BETWEEN 1000 AND 1010;

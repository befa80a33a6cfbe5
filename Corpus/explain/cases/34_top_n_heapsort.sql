-- case: Top-N heapsort under LIMIT: the Sort knows only 10 rows are needed and keeps a 10-row heap.
-- database: ecommerce
-- shows: Limit <- Sort with "Sort Method: top-N heapsort  Memory: ...kB" over a Seq Scan of delivered orders.
-- finding: none (healthy plan; a bounded sort is cheap)
-- expect: Sort Method: top-N heapsort  Memory: \d+kB
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT id, order_number, total
FROM orders
WHERE status = 'delivered'
ORDER BY total DESC
LIMIT 10;

-- case: Incremental Sort: the index delivers rows sorted by user_id, so only each user's group is sorted by total.
-- database: ecommerce
-- shows: Limit over Incremental Sort with "Presorted Key: user_id" and "Full-sort Groups: ... Sort Method: top-N heapsort" lines.
-- finding: none (healthy plan)
-- expect: Incremental Sort
-- expect: Presorted Key: orders\.user_id
-- expect: Full-sort Groups: \d+  Sort Method: 
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT id, user_id, created_at, total
FROM orders
ORDER BY user_id, total DESC
LIMIT 20;

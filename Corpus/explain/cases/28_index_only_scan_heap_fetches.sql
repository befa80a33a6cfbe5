-- case: Index-only scan that is not: fixture.order_items_staging was bulk-loaded and never vacuumed, so its visibility map is empty and every index entry needs a heap fetch.
-- database: ecommerce
-- shows: Index Only Scan with "Heap Fetches" equal to the rows returned.
-- finding: heap-fetches (VACUUM the table so the visibility map lets the index-only scan skip the heap)
-- expect: Index Only Scan using order_items_staging_pkey on fixture\.order_items_staging
-- expect: Heap Fetches: \d{4,}
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT order_id, count(*) AS lines
FROM fixture.order_items_staging
WHERE order_id BETWEEN 10000 AND 16000
GROUP BY order_id;

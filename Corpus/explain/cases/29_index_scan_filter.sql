-- case: Index scan whose filter discards most of what the index returns: the 10 newest refunded orders of the heaviest customer, who has few refunds; status is not in the index.
-- database: ecommerce
-- shows: Limit over an Index Scan using orders_user_id_created_at_idx (newest first) with "Filter: (status = 'refunded')" and "Rows Removed by Filter" in the hundreds for 10 rows kept.
-- finding: index-filter (most rows fetched through the index are discarded by a filter; an index on (user_id, status) would fetch only the matching ones)
-- expect: Index Scan using orders_user_id_created_at_idx on public\.orders
-- expect: Filter: \(orders\.status = 'refunded'::text\)
-- expect: Rows Removed by Filter: \d\d\d+
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT id, order_number, total, created_at
FROM orders
WHERE user_id = 1
  AND status = 'refunded'
ORDER BY created_at DESC
LIMIT 10;

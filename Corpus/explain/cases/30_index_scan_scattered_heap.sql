-- case: Index scan over a poorly correlated column: product-page views are spread over the whole events table, so the index scan visits more heap pages than the table has (1,4xx pages) to return ~4,300 rows.
-- database: clickstream
-- shows: Index Scan using events_page_id_idx (chosen because it returns the rows in page_id order, saving a Sort) with "Buffers: shared hit=1653" or so, above the table's page count.
-- finding: index-scan-scattered (random heap access over most of the table; a bitmap heap scan would read each page once)
-- expect: ^Index Scan using events_page_id_idx on public\.events
-- expect: Buffers: shared hit=1[5-9]\d\d
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT event_id, page_id, session_id, occurred_at
FROM events
WHERE page_id BETWEEN 200 AND 230
ORDER BY page_id;

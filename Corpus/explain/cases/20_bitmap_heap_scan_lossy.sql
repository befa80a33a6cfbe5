-- case: Lossy bitmap heap scan: with work_mem = 64kB the bitmap of matching rows degrades to whole pages, and every row on a lossy page is rechecked.
-- database: clickstream
-- shows: Bitmap Heap Scan with "Heap Blocks: exact=... lossy=..." and a large "Rows Removed by Index Recheck".
-- finding: lossy-bitmap (raise work_mem so the bitmap stays exact)
-- expect: Heap Blocks: exact=\d+ lossy=\d+
-- expect: Rows Removed by Index Recheck: \d+
SET max_parallel_workers_per_gather = 0;
SET work_mem = '64kB';
SET jit = off;
SET random_page_cost = 4;

-- query
SELECT count(*) AS events, max(occurred_at) AS last_view
FROM events
WHERE page_id BETWEEN 200 AND 230;

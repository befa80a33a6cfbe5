-- case: Sort spilling to disk: 81k page views sorted with work_mem = 64kB.
-- database: clickstream
-- shows: Sort with "Sort Method: external merge  Disk: ...kB" and temp buffers read/written; track_io_timing adds "I/O Timings: temp ...".
-- finding: sort-spill (raise work_mem for this query, or avoid the sort)
-- expect: Sort Method: external merge  Disk: \d+kB
-- expect: Buffers: shared hit=\d+, temp read=\d+ written=\d+
-- expect: I/O Timings: temp read=[0-9.]+ write=[0-9.]+
SET max_parallel_workers_per_gather = 0;
SET work_mem = '64kB';
SET jit = off;
SET random_page_cost = 1.1;
SET track_io_timing = on;

-- query
SELECT event_id, session_id, received_at
FROM events
WHERE event_type = 'page_view'
ORDER BY received_at DESC, event_id;

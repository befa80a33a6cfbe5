-- case: Hash join with many batches: the 20,000-row sessions hash table does not fit in work_mem = 64kB, so both sides are partitioned to temp files.
-- database: clickstream
-- shows: Hash with "Buckets: ...  Batches: 16  Memory Usage: ...kB" and temp I/O on the Hash Join.
-- finding: hash-batches (the build side spilled into 16 batches: raise work_mem / hash_mem_multiplier)
-- expect: Batches: (?:[2-9]|\d\d+)  Memory Usage: \d+kB
-- expect: temp read=\d+ written=\d+
-- variants: psql, estimates-json
SET max_parallel_workers_per_gather = 0;
SET work_mem = '64kB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT s.device_type, e.event_type, count(*) AS events
FROM events e
JOIN sessions s ON s.session_id = e.session_id
GROUP BY s.device_type, e.event_type;

-- case: Gather Merge: each worker sorts its share, the leader merges the sorted streams.
-- database: clickstream
-- shows: Gather Merge (Workers Planned/Launched: 2) over Sort over Parallel Seq Scan; per-worker Sort Method lines.
-- finding: none (healthy parallel plan)
-- expect: ^Gather Merge .*loops=1\)$
-- expect: Workers Launched: 2
-- expect: ->  Sort .*loops=3\)$
-- expect: Worker 0:  actual time=.*\n +Sort Method: quicksort  Memory: \d+kB
-- expect: ->  Parallel Seq Scan on public\.events
SET max_parallel_workers_per_gather = 2;
SET max_parallel_workers = 8;
SET parallel_setup_cost = 10;
SET parallel_tuple_cost = 0.01;
SET min_parallel_table_scan_size = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT event_id, session_id, occurred_at
FROM events
WHERE event_type = 'search'
ORDER BY occurred_at DESC;

-- case: Parallel hash join: the workers build one shared hash table (Parallel Hash) and probe it together.
-- database: clickstream
-- shows: Finalize GroupAggregate <- Gather Merge <- Sort <- Partial HashAggregate <- Parallel Hash Join (Parallel Seq Scan events, Parallel Hash <- Parallel Seq Scan sessions).
-- finding: none (healthy parallel plan)
-- expect: Parallel Hash Join
-- expect: ->  Parallel Hash .*loops=3\)$
-- expect: Partial HashAggregate
-- expect: Finalize GroupAggregate
-- expect: Workers Launched: 2
-- variants: psql-json
SET max_parallel_workers_per_gather = 2;
SET max_parallel_workers = 8;
SET parallel_setup_cost = 10;
SET parallel_tuple_cost = 0.01;
SET min_parallel_table_scan_size = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT s.device_type, count(*) AS page_views
FROM events e
JOIN sessions s ON s.session_id = e.session_id
WHERE e.event_type = 'page_view'
GROUP BY s.device_type;

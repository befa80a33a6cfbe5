-- case: Parallel sequential scan under Gather, workers planned and launched.
-- database: clickstream
-- shows: Gather with Workers Planned: 2 / Workers Launched: 2 over a Parallel Seq Scan of events (loops=3: leader + 2 workers, rows are per loop), per-worker "Worker N:" lines (VERBOSE).
-- finding: seq-scan-filter (the parallel scan discards ~98% of the rows it reads; an expression index on (properties ->> 'query') would help). Rows and "Rows Removed by Filter" are per loop: multiply by loops=3 (leader + 2 workers) before comparing with the table's 93,972 rows
-- expect: ^Gather .*loops=1\)$
-- expect: Workers Planned: 2
-- expect: Workers Launched: 2
-- expect: ->  Parallel Seq Scan on public\.events .*loops=3\)$
-- expect: Worker 1:  actual time=
-- variants: psql
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
WHERE properties ->> 'query' = 'running shoes';

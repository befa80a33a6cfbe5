-- case: Workers planned but not launched: the plan was made for 2 workers, but max_parallel_workers = 0 leaves no worker slots at run time, so the leader runs the whole parallel plan alone.
-- database: clickstream
-- shows: Gather with Workers Planned: 2 and Workers Launched: 0; the Parallel Seq Scan and Partial HashAggregate run once (loops=1) in the leader.
-- finding: workers-not-launched (the query ran serially although the plan assumed 3 processes)
-- expect: Workers Planned: 2
-- expect: Workers Launched: 0
-- expect: ->  Parallel Seq Scan on public\.events .*loops=1\)$
SET max_parallel_workers_per_gather = 2;
SET max_parallel_workers = 0;
SET parallel_setup_cost = 10;
SET parallel_tuple_cost = 0.01;
SET min_parallel_table_scan_size = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT page_id, count(*) AS views
FROM events
WHERE event_type = 'page_view'
GROUP BY page_id
ORDER BY views DESC
LIMIT 5;

-- case: Partition pruning at executor start-up: the bound is a stable expression (date_trunc on timestamptz depends on TimeZone), so the planner keeps all 4 partitions and the executor removes 2 before running.
-- database: clickstream
-- shows: Append with "Subplans Removed: 2" and only events_december_w3 and _w4 under it.
-- finding: none (healthy plan; run-time pruning worked)
-- expect: Subplans Removed: 2
-- expect: Seq Scan on fixture\.events_december_w3
-- expect: Seq Scan on fixture\.events_december_w4
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;
SET enable_partition_pruning = on;

-- query
SELECT event_type, count(*) AS events
FROM fixture.events_december
WHERE occurred_at >= date_trunc('week', '2024-12-18 12:00:00+00'::timestamptz)
GROUP BY event_type;

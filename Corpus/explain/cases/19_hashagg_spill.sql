-- case: HashAggregate spilling: 67k (hour, page) groups with work_mem = 256kB; the planner expected it (Planned Partitions) and it spilled into many batches.
-- database: clickstream
-- shows: HashAggregate with "Planned Partitions: N  Batches: N  Memory Usage: ...kB  Disk Usage: ...kB".
-- finding: hashagg-spill (raise work_mem for this query)
-- expect: ^HashAggregate 
-- expect: Planned Partitions: \d+  Batches: \d+  Memory Usage: \d+kB  Disk Usage: \d+kB
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256kB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT date_trunc('hour', occurred_at) AS hour, page_id, count(*) AS events
FROM events
GROUP BY 1, 2;

-- case: Partition pruning during execution: the bound comes from an InitPlan ($1), known only once the query runs, so all 4 partitions stay in the plan and the pruned ones are "never executed".
-- database: clickstream
-- shows: InitPlan computing the bound, Append whose first three Seq Scans say "(never executed)", only events_december_w4 runs.
-- finding: none (healthy plan; never-executed partitions must not be reported as slow or misestimated)
-- expect: InitPlan \d \(returns \$\d\)
-- expect: Seq Scan on fixture\.events_december_w1 .*\(never executed\)$
-- expect: Seq Scan on fixture\.events_december_w4 .*loops=1\)$
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;
SET enable_partition_pruning = on;

-- query
SELECT count(*) AS events
FROM fixture.events_december
WHERE occurred_at >= (SELECT max(started_at) - interval '2 days' FROM sessions);

-- case: Partition pruning at plan time: a literal range on the partition key keeps 2 of the 4 weekly partitions of fixture.events_december.
-- database: clickstream
-- shows: Append with only events_december_w2 and events_december_w3 under it; w1 and w4 are absent from the plan (pruned by the planner, so there is no "Subplans Removed" line).
-- finding: none (healthy plan; pruning worked)
-- expect: ->  Append .*loops=1\)$
-- expect: Seq Scan on fixture\.events_december_w2
-- expect: Seq Scan on fixture\.events_december_w3
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;
SET enable_partition_pruning = on;

-- query
SELECT event_type, count(*) AS events
FROM fixture.events_december
WHERE occurred_at >= '2024-12-10 00:00:00+00'
  AND occurred_at <  '2024-12-17 00:00:00+00'
GROUP BY event_type;

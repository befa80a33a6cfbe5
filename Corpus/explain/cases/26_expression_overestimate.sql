-- case: Overestimate from an expression without statistics: "received_at - occurred_at > 1 hour" gets the default 1/3 selectivity, but only ~1.4% of events arrive late (clickstream query 27).
-- database: clickstream
-- shows: Seq Scan on events estimated at thousands of rows returning a few hundred; the overestimate propagates to the Hash Join, Sort and GroupAggregate above.
-- finding: row-misestimate (overestimate by >10x on an expression; the hash table and sort are sized for 20x the rows)
-- expect: Filter: \(\(e\.received_at >= .*\(e\.received_at - e\.occurred_at\) > '01:00:00'::interval\)\)
-- expect: Seq Scan on public\.events e  \(cost=[0-9.]+ rows=\d\d\d\d+ width=\d+\) \(actual time=[0-9.]+ rows=\d\d\d loops=1\)$
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT date_trunc('day', e.received_at) AS day,
       s.device_type,
       count(*) AS late_events,
       round(avg(extract(epoch FROM e.received_at - e.occurred_at) / 3600)::numeric, 1) AS avg_delay_hours
FROM events e
JOIN sessions s ON s.session_id = e.session_id
WHERE e.received_at >= '2024-12-01 00:00:00+00'
  AND e.received_at - e.occurred_at > interval '1 hour'
GROUP BY 1, 2
ORDER BY 1, 2;

-- case: Limit over a large full sort: a window function sits between the Limit and the Sort, so the Sort cannot be bounded and sorts all 94k events to return 10.
-- database: clickstream
-- shows: Limit (rows=10) <- WindowAgg <- Sort <- Seq Scan of all ~94k events. The Sort reports rows=11 (the rows pulled from it) but had to consume and sort every input row ("Sort Method: quicksort  Memory: ~9.6MB").
-- finding: limit-full-sort (a LIMIT 10 paid for sorting the whole table; there is no btree on occurred_at, and the window prevents a top-N sort)
-- expect: ^Limit .*rows=10 loops=1\)$
-- expect: ->  WindowAgg
-- expect: Sort Method: (quicksort|external merge)
SET max_parallel_workers_per_gather = 0;
SET work_mem = '16MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT event_id, event_type, occurred_at,
       row_number() OVER (ORDER BY occurred_at DESC, event_id) AS recency_rank
FROM events
ORDER BY occurred_at DESC, event_id
LIMIT 10;

-- case: BitmapAnd: two single-column indexes combined for a conjunction (views of one product page by one user).
-- database: clickstream
-- shows: Bitmap Heap Scan over BitmapAnd of two Bitmap Index Scans (events_user_id_occurred_at_idx, events_page_id_idx); BitmapAnd itself reports rows=0 (bitmap nodes do not count rows).
-- finding: none (healthy plan; actual rows 0 on BitmapAnd/BitmapOr is normal and not a misestimate)
-- expect: ->  BitmapAnd 
-- expect: Bitmap Index Scan on events_page_id_idx
-- expect: Bitmap Index Scan on events_user_id_occurred_at_idx
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 4;

-- query
SELECT event_id, event_type, occurred_at
FROM events
WHERE page_id = 201
  AND user_id = 3;

-- case: BitmapOr: an OR across three indexed columns served by three Bitmap Index Scans.
-- database: clickstream
-- shows: Bitmap Heap Scan over BitmapOr of Bitmap Index Scans on events_page_id_idx, events_session_id_occurred_at_idx and events_user_id_occurred_at_idx.
-- finding: none (healthy plan)
-- expect: ->  BitmapOr 
-- expect: Recheck Cond: \(\(events\.page_id = 201\) OR \(events\.session_id = 42\) OR \(events\.user_id = 3\)\)
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 4;

-- query
SELECT event_id, event_type, occurred_at
FROM events
WHERE page_id = 201
   OR session_id = 42
   OR user_id = 3;

-- case: Memoize: the inner index lookup of a nested loop is cached per session_id, so repeated keys are served from memory.
-- database: clickstream
-- shows: Nested Loop with a Memoize node ("Cache Key", "Cache Mode: logical", "Hits: ...  Misses: ...  Evictions: 0  Overflows: 0  Memory Usage: ...kB") above an Index Scan on sessions_pkey whose loops equal the misses.
-- finding: none (healthy plan; the cache hit ratio is high and nothing was evicted)
-- expect: ->  Memoize 
-- expect: Cache Key: e\.session_id
-- expect: Hits: \d+  Misses: \d+  Evictions: 0  Overflows: 0  Memory Usage: \d+kB
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SET enable_memoize = on;

-- query
SELECT s.device_type, count(*) AS events
FROM events e
JOIN sessions s ON s.session_id = e.session_id
WHERE e.user_id BETWEEN 1 AND 50
GROUP BY s.device_type;

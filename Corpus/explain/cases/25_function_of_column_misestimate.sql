-- case: Large misestimate from functions of a column: the planner has no statistics for extract(isodow ...) or date_part('hour', ...), so it uses default selectivities and expects 1 row where ~1,400 match.
-- database: ecommerce
-- shows: Seq Scan on orders estimated at rows=1 returning over a thousand rows; the Nested Loop chosen for 1 row then runs its inner index scan once per order.
-- finding: row-misestimate (estimate off by >1000x on a function of a column; an expression index or extended statistics on the expressions would give statistics)
-- expect: Seq Scan on public\.orders o  \(cost=[0-9.]+ rows=1 width=\d+\) \(actual time=[0-9.]+ rows=\d\d\d\d+ loops=1\)$
-- expect: EXTRACT\(isodow FROM o\.created_at\)
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT o.id, o.order_number, o.total, count(oi.line_no) AS lines
FROM orders o
JOIN order_items oi ON oi.order_id = o.id
WHERE extract(isodow FROM o.created_at) = 6
  AND date_part('hour', o.created_at) BETWEEN 9 AND 17
GROUP BY o.id;

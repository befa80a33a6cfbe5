-- case: Nested loop over a badly underestimated outer side: city + state + zip prefix are functionally dependent, so combining their selectivities gives ~56 addresses where there are 922, and every join above repeats its inner index scan per outer row.
-- database: ecommerce
-- shows: Bitmap Heap Scan on addresses estimated at ~56 rows but returning 922 (BitmapAnd of the (state, city) and zip indexes, then a Filter on the LIKE); the nested loops above it have inner Index Scans with loops in the hundreds/thousands and join estimates far below the actual rows.
-- finding: nested-loop-misestimate (the outer side of a chain of Nested Loops is underestimated ~16x and so is the top join, 183 estimated vs 2,917; the extended statistics cover city =, state = and zip =, but not zip LIKE)
-- expect: Bitmap Heap Scan on public\.addresses a  \(cost=[0-9.]+ rows=\d\d? width=\d+\) \(actual time=[0-9.]+ rows=922 loops=1\)$
-- expect: ->  Index Scan using orders_shipping_address_id_idx on public\.orders o .*loops=\d\d\d+\)$
-- expect: Filter: \(\(a\.zip\)::text ~~ '606%'::text\)
-- variants: costs-off
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT p.category_id, count(*) AS lines, sum(oi.quantity * oi.unit_price) AS revenue
FROM addresses a
JOIN orders o       ON o.shipping_address_id = a.id
JOIN order_items oi ON oi.order_id = o.id
JOIN products p     ON p.id = oi.product_id
WHERE a.city = 'Chicago'
  AND a.state = 'IL'
  AND a.zip LIKE '606%'
GROUP BY p.category_id;

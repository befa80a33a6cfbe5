-- case: A MATERIALIZED CTE computed once and scanned twice (month-over-month revenue).
-- database: ecommerce
-- shows: "CTE monthly" subtree (HashAggregate <- Seq Scan orders) evaluated once, then two CTE Scan nodes (cur, prev) read the stored rows; the second scan costs almost nothing.
-- finding: row-misestimate (the planner expects one group per order for GROUP BY date_trunc('month', ...): ~21,700 estimated vs 36 actual, and ~2.4M rows for the self-join; materializing itself is right, the CTE is read twice. The CTE's time is counted under the first CTE Scan that pulls its rows)
-- expect: ^  CTE monthly$
-- expect: CTE Scan on monthly cur
-- expect: CTE Scan on monthly prev
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
WITH monthly AS MATERIALIZED (
    SELECT date_trunc('month', created_at) AS month, sum(total) AS revenue
    FROM orders
    WHERE status = 'delivered'
    GROUP BY 1
)
SELECT cur.month, cur.revenue, prev.revenue AS prev_revenue,
       round(100 * (cur.revenue / prev.revenue - 1), 1) AS growth_pct
FROM monthly cur
LEFT JOIN monthly prev ON prev.month = cur.month - interval '1 month'
ORDER BY cur.month;

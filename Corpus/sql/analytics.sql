-- analytics.sql
-- Star schema warehouse: fact_sales with dimensions dim_date, dim_product,
-- dim_customer (SCD type 2: valid_from / valid_to / is_current) and
-- dim_store, plus fact_inventory_snapshot and fact_returns.
-- Covers cohorts, retention, ROLLUP / CUBE / GROUPING SETS, GROUPING(),
-- window frames (ROWS / RANGE / GROUPS, EXCLUDE), ordered-set aggregates,
-- FILTER, DISTINCT ON and lateral top-N.

-- ===== basic star joins =====
SELECT d.year, d.quarter, sum(f.net_amount) AS revenue
FROM fact_sales f
JOIN dim_date d ON d.date_key = f.date_key
GROUP BY d.year, d.quarter
ORDER BY d.year, d.quarter;
SELECT s.region, s.store_name, sum(f.quantity) AS units, sum(f.net_amount) AS revenue
FROM fact_sales f
JOIN dim_store s ON s.store_key = f.store_key
JOIN dim_date d ON d.date_key = f.date_key
WHERE d.calendar_date BETWEEN '2023-01-01' AND '2023-12-31'
GROUP BY s.region, s.store_name
ORDER BY revenue DESC;
SELECT p.brand, p.category, sum(f.net_amount) - sum(f.cost_amount) AS margin
FROM fact_sales f JOIN dim_product p ON p.product_key = f.product_key
GROUP BY p.brand, p.category
HAVING sum(f.net_amount) > 0
ORDER BY margin DESC;
SELECT c.segment, d.month_name, count(DISTINCT f.customer_key) AS customers
FROM fact_sales f
JOIN dim_customer c ON c.customer_key = f.customer_key
JOIN dim_date d ON d.date_key = f.date_key
WHERE d.year = 2023
GROUP BY c.segment, d.month_name, d.month_of_year
ORDER BY c.segment, d.month_of_year;
-- point-in-time join against the SCD2 customer dimension
SELECT f.sale_id, c.customer_id, c.city, c.segment
FROM fact_sales f
JOIN dim_date d ON d.date_key = f.date_key
JOIN dim_customer c ON c.customer_id = f.customer_id
  AND d.calendar_date >= c.valid_from
  AND d.calendar_date < coalesce(c.valid_to, 'infinity'::date);
SELECT c.customer_id, c.city FROM dim_customer c WHERE c.is_current;
SELECT customer_id, count(*) AS versions FROM dim_customer GROUP BY customer_id HAVING count(*) > 1;

-- ===== SCD2 maintenance =====
UPDATE dim_customer dc
SET valid_to = current_date, is_current = false
FROM staging_customer sc
WHERE dc.customer_id = sc.customer_id
  AND dc.is_current
  AND (dc.city, dc.segment, dc.email) IS DISTINCT FROM (sc.city, sc.segment, sc.email);
INSERT INTO dim_customer (customer_id, email, city, segment, valid_from, valid_to, is_current)
SELECT sc.customer_id, sc.email, sc.city, sc.segment, current_date, NULL, true
FROM staging_customer sc
LEFT JOIN dim_customer dc ON dc.customer_id = sc.customer_id AND dc.is_current
WHERE dc.customer_key IS NULL;
DELETE FROM staging_customer s USING dim_customer d
WHERE d.customer_id = s.customer_id AND d.is_current AND d.email = s.email AND d.city = s.city AND d.segment = s.segment;
INSERT INTO dim_date (date_key, calendar_date, year, quarter, month_of_year, month_name, day_of_week, is_weekend)
SELECT to_char(d, 'YYYYMMDD')::int, d::date, extract(year FROM d)::int, extract(quarter FROM d)::int,
       extract(month FROM d)::int, to_char(d, 'Month'), extract(isodow FROM d)::int, extract(isodow FROM d) IN (6, 7)
FROM generate_series('2020-01-01'::timestamp, '2030-12-31'::timestamp, '1 day'::interval) AS g(d)
ON CONFLICT (date_key) DO NOTHING;

-- ===== ROLLUP / CUBE / GROUPING SETS =====
SELECT d.year, d.quarter, d.month_of_year, sum(f.net_amount)
FROM fact_sales f JOIN dim_date d USING (date_key)
GROUP BY ROLLUP (d.year, d.quarter, d.month_of_year);
SELECT s.region, p.category, sum(f.net_amount), GROUPING(s.region, p.category) AS grp
FROM fact_sales f
JOIN dim_store s USING (store_key)
JOIN dim_product p USING (product_key)
GROUP BY CUBE (s.region, p.category)
ORDER BY grp, s.region, p.category;
SELECT s.region, s.country, p.brand, sum(f.quantity)
FROM fact_sales f JOIN dim_store s USING (store_key) JOIN dim_product p USING (product_key)
GROUP BY GROUPING SETS ((s.region, s.country), (p.brand), ());
SELECT CASE WHEN GROUPING(s.region) = 1 THEN 'ALL REGIONS' ELSE s.region END AS region,
       CASE WHEN GROUPING(s.store_name) = 1 THEN 'ALL STORES' ELSE s.store_name END AS store,
       sum(f.net_amount)
FROM fact_sales f JOIN dim_store s USING (store_key)
GROUP BY ROLLUP (s.region, s.store_name);
SELECT d.year, s.region, p.category, sum(f.net_amount)
FROM fact_sales f JOIN dim_date d USING (date_key) JOIN dim_store s USING (store_key) JOIN dim_product p USING (product_key)
GROUP BY d.year, ROLLUP (s.region), CUBE (p.category);
SELECT d.year, d.quarter, s.region, sum(f.net_amount)
FROM fact_sales f JOIN dim_date d USING (date_key) JOIN dim_store s USING (store_key)
GROUP BY GROUPING SETS (ROLLUP (d.year, d.quarter), CUBE (s.region));
SELECT d.year, s.region, count(*)
FROM fact_sales f JOIN dim_date d USING (date_key) JOIN dim_store s USING (store_key)
GROUP BY DISTINCT ROLLUP (d.year, s.region), ROLLUP (d.year);
SELECT p.category, p.subcategory, sum(f.net_amount) AS revenue,
       GROUPING(p.category) AS g_cat, GROUPING(p.subcategory) AS g_sub
FROM fact_sales f JOIN dim_product p USING (product_key)
GROUP BY GROUPING SETS ((p.category, p.subcategory), (p.category), ())
HAVING sum(f.net_amount) > 1000 OR GROUPING(p.category) = 1
ORDER BY GROUPING(p.category), p.category, GROUPING(p.subcategory), p.subcategory;
SELECT c.segment, c.country, sum(f.net_amount)
FROM fact_sales f JOIN dim_customer c USING (customer_key)
GROUP BY CUBE ((c.segment, c.country));
SELECT d.day_of_week, d.is_weekend, avg(f.net_amount)
FROM fact_sales f JOIN dim_date d USING (date_key)
GROUP BY GROUPING SETS (d.day_of_week, d.is_weekend);

-- ===== window frames =====
SELECT d.calendar_date, sum(f.net_amount) AS revenue,
       sum(sum(f.net_amount)) OVER (ORDER BY d.calendar_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative
FROM fact_sales f JOIN dim_date d USING (date_key)
GROUP BY d.calendar_date;
SELECT calendar_date, revenue,
       avg(revenue) OVER (ORDER BY calendar_date RANGE BETWEEN interval '6 days' PRECEDING AND CURRENT ROW) AS avg_7d
FROM daily_revenue;
SELECT calendar_date, revenue,
       avg(revenue) OVER (ORDER BY calendar_date ROWS BETWEEN 3 PRECEDING AND 3 FOLLOWING) AS centered
FROM daily_revenue;
SELECT calendar_date, revenue,
       sum(revenue) OVER (ORDER BY calendar_date ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS remaining
FROM daily_revenue;
SELECT store_key, calendar_date, revenue,
       max(revenue) OVER (PARTITION BY store_key ORDER BY calendar_date GROUPS BETWEEN 2 PRECEDING AND 2 FOLLOWING) AS local_max
FROM store_daily_revenue;
SELECT store_key, calendar_date, revenue,
       avg(revenue) OVER (PARTITION BY store_key ORDER BY calendar_date ROWS BETWEEN 3 PRECEDING AND 3 FOLLOWING EXCLUDE CURRENT ROW) AS neighbours
FROM store_daily_revenue;
SELECT store_key, revenue,
       count(*) OVER (ORDER BY revenue RANGE BETWEEN 100 PRECEDING AND 100 FOLLOWING EXCLUDE TIES) AS similar
FROM store_daily_revenue;
SELECT store_key, revenue,
       sum(revenue) OVER (ORDER BY revenue GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE GROUP) AS around
FROM store_daily_revenue;
SELECT store_key, revenue,
       sum(revenue) OVER (ORDER BY revenue ROWS UNBOUNDED PRECEDING EXCLUDE NO OTHERS) AS s
FROM store_daily_revenue;
SELECT store_key, calendar_date, revenue,
       last_value(revenue) OVER (PARTITION BY store_key ORDER BY calendar_date ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS final_rev,
       nth_value(revenue, 2) OVER (PARTITION BY store_key ORDER BY calendar_date RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS second_rev
FROM store_daily_revenue;
SELECT store_key, calendar_date, revenue,
       lead(revenue, 7) OVER w AS next_week, lag(revenue, 7) OVER w AS prev_week
FROM store_daily_revenue
WINDOW w AS (PARTITION BY store_key ORDER BY calendar_date);
SELECT store_key, calendar_date, revenue,
       sum(revenue) OVER (w ROWS BETWEEN 27 PRECEDING AND CURRENT ROW) AS r28
FROM store_daily_revenue
WINDOW w AS (PARTITION BY store_key ORDER BY calendar_date);
SELECT store_key, calendar_date,
       revenue / sum(revenue) OVER (PARTITION BY store_key, date_trunc('month', calendar_date)) AS share_of_month
FROM store_daily_revenue;
SELECT product_key, calendar_date, qty,
       sum(qty) FILTER (WHERE promo) OVER (PARTITION BY product_key ORDER BY calendar_date RANGE BETWEEN interval '30 days' PRECEDING AND CURRENT ROW) AS promo_qty_30d
FROM product_daily;
SELECT store_key, calendar_date, revenue,
       revenue > avg(revenue) OVER (PARTITION BY store_key ORDER BY calendar_date ROWS 13 PRECEDING) * 1.5 AS spike
FROM store_daily_revenue;

-- ===== ordered-set and filtered aggregates =====
SELECT p.category,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY f.net_amount) AS median,
       percentile_disc(0.95) WITHIN GROUP (ORDER BY f.net_amount) AS p95
FROM fact_sales f JOIN dim_product p USING (product_key)
GROUP BY p.category;
SELECT s.region, mode() WITHIN GROUP (ORDER BY p.brand) AS top_brand
FROM fact_sales f JOIN dim_store s USING (store_key) JOIN dim_product p USING (product_key)
GROUP BY s.region;
SELECT rank(500) WITHIN GROUP (ORDER BY net_amount DESC) AS rank_of_500,
       percent_rank(500) WITHIN GROUP (ORDER BY net_amount) AS pr_of_500
FROM fact_sales;
SELECT d.year,
       sum(f.net_amount) FILTER (WHERE s.channel = 'online') AS online,
       sum(f.net_amount) FILTER (WHERE s.channel = 'retail') AS retail,
       count(*) FILTER (WHERE f.discount_amount > 0) AS discounted_lines
FROM fact_sales f JOIN dim_date d USING (date_key) JOIN dim_store s USING (store_key)
GROUP BY d.year;
SELECT p.category, array_agg(DISTINCT p.brand ORDER BY p.brand) FILTER (WHERE p.is_private_label) AS own_brands
FROM dim_product p GROUP BY p.category;
SELECT regr_slope(net_amount, quantity), regr_intercept(net_amount, quantity), regr_r2(net_amount, quantity)
FROM fact_sales;
SELECT covar_pop(f.net_amount, f.discount_amount), stddev_pop(f.net_amount) FROM fact_sales f;

-- ===== DISTINCT ON and lateral top-N =====
SELECT DISTINCT ON (f.customer_key) f.customer_key, f.sale_id, f.net_amount, d.calendar_date
FROM fact_sales f JOIN dim_date d USING (date_key)
ORDER BY f.customer_key, d.calendar_date DESC, f.sale_id DESC;
SELECT DISTINCT ON (s.region, p.category) s.region, p.category, p.product_name, f.net_amount
FROM fact_sales f JOIN dim_store s USING (store_key) JOIN dim_product p USING (product_key)
ORDER BY s.region, p.category, f.net_amount DESC;
SELECT s.store_name, top.product_name, top.revenue
FROM dim_store s
CROSS JOIN LATERAL (
  SELECT p.product_name, sum(f.net_amount) AS revenue
  FROM fact_sales f JOIN dim_product p USING (product_key)
  WHERE f.store_key = s.store_key
  GROUP BY p.product_name
  ORDER BY revenue DESC
  LIMIT 5
) AS top
ORDER BY s.store_name, top.revenue DESC;
SELECT c.customer_id, recent.*
FROM dim_customer c
LEFT JOIN LATERAL (
  SELECT f.sale_id, f.net_amount FROM fact_sales f WHERE f.customer_key = c.customer_key
  ORDER BY f.date_key DESC FETCH FIRST 3 ROWS ONLY
) recent ON true
WHERE c.is_current AND c.segment = 'enterprise';
SELECT p.category, x.product_name, x.units
FROM (SELECT DISTINCT category FROM dim_product) p,
LATERAL (
  SELECT dp.product_name, sum(f.quantity) AS units
  FROM fact_sales f JOIN dim_product dp USING (product_key)
  WHERE dp.category = p.category
  GROUP BY dp.product_name
  ORDER BY units DESC
  FETCH FIRST 1 ROWS WITH TIES
) x;

-- ===== cohorts & retention =====
WITH firsts AS (
  SELECT f.customer_key, min(d.calendar_date) AS first_date
  FROM fact_sales f JOIN dim_date d USING (date_key)
  GROUP BY f.customer_key
), cohort_activity AS (
  SELECT fi.customer_key, date_trunc('month', fi.first_date) AS cohort_month,
         (date_part('year', d.calendar_date) - date_part('year', fi.first_date)) * 12
           + date_part('month', d.calendar_date) - date_part('month', fi.first_date) AS months_since
  FROM firsts fi
  JOIN fact_sales f USING (customer_key)
  JOIN dim_date d USING (date_key)
)
SELECT cohort_month, months_since, count(DISTINCT customer_key) AS customers,
       round(100.0 * count(DISTINCT customer_key) / first_value(count(DISTINCT customer_key)) OVER (PARTITION BY cohort_month ORDER BY months_since), 1) AS retention_pct
FROM cohort_activity
GROUP BY cohort_month, months_since
ORDER BY cohort_month, months_since;
WITH weekly AS (
  SELECT DISTINCT f.customer_key, date_trunc('week', d.calendar_date)::date AS week
  FROM fact_sales f JOIN dim_date d USING (date_key)
)
SELECT w1.week, count(DISTINCT w1.customer_key) AS active,
       count(DISTINCT w2.customer_key) AS returned_next_week,
       count(DISTINCT w2.customer_key)::numeric / nullif(count(DISTINCT w1.customer_key), 0) AS rate
FROM weekly w1
LEFT JOIN weekly w2 ON w2.customer_key = w1.customer_key AND w2.week = w1.week + 7
GROUP BY w1.week
ORDER BY w1.week;
-- churned: bought last quarter, not this quarter
SELECT customer_key FROM fact_sales f JOIN dim_date d USING (date_key) WHERE d.year = 2023 AND d.quarter = 3
EXCEPT
SELECT customer_key FROM fact_sales f JOIN dim_date d USING (date_key) WHERE d.year = 2023 AND d.quarter = 4;
-- RFM scoring
WITH rfm AS (
  SELECT f.customer_key,
         current_date - max(d.calendar_date) AS recency,
         count(DISTINCT f.order_id) AS frequency,
         sum(f.net_amount) AS monetary
  FROM fact_sales f JOIN dim_date d USING (date_key)
  GROUP BY f.customer_key
)
SELECT customer_key,
       ntile(5) OVER (ORDER BY recency DESC) AS r,
       ntile(5) OVER (ORDER BY frequency) AS f,
       ntile(5) OVER (ORDER BY monetary) AS m
FROM rfm;
-- sessions of consecutive purchase days (gaps and islands)
SELECT customer_key, min(calendar_date) AS streak_start, max(calendar_date) AS streak_end, count(*) AS days
FROM (
  SELECT DISTINCT f.customer_key, d.calendar_date,
         d.calendar_date - (dense_rank() OVER (PARTITION BY f.customer_key ORDER BY d.calendar_date))::int AS grp
  FROM fact_sales f JOIN dim_date d USING (date_key)
) s
GROUP BY customer_key, grp
HAVING count(*) >= 3;

-- ===== inventory snapshots & returns =====
SELECT i.snapshot_date, i.store_key, sum(i.on_hand) AS on_hand
FROM fact_inventory_snapshot i
WHERE i.snapshot_date = (SELECT max(snapshot_date) FROM fact_inventory_snapshot)
GROUP BY ROLLUP (i.snapshot_date, i.store_key);
SELECT p.product_name,
       sum(r.quantity)::numeric / nullif(sum(f.quantity), 0) AS return_rate
FROM dim_product p
LEFT JOIN fact_sales f USING (product_key)
LEFT JOIN fact_returns r ON r.sale_id = f.sale_id
GROUP BY p.product_name
HAVING sum(f.quantity) > 100
ORDER BY return_rate DESC NULLS LAST;
SELECT r.reason_code, count(*), sum(r.refund_amount) FROM fact_returns r GROUP BY r.reason_code ORDER BY 3 DESC;
SELECT f.store_key, sum(f.net_amount) AS sales, coalesce(sum(r.refund_amount), 0) AS refunds
FROM fact_sales f FULL OUTER JOIN fact_returns r ON r.sale_id = f.sale_id
GROUP BY f.store_key;

-- ===== warehouse DDL & loads =====
CREATE TABLE fact_sales (
  sale_id bigint GENERATED ALWAYS AS IDENTITY,
  order_id bigint NOT NULL,
  date_key integer NOT NULL REFERENCES dim_date (date_key),
  product_key integer NOT NULL REFERENCES dim_product,
  customer_key integer NOT NULL,
  store_key smallint NOT NULL,
  quantity integer NOT NULL CHECK (quantity <> 0),
  net_amount numeric(14,2) NOT NULL,
  cost_amount numeric(14,2),
  discount_amount numeric(14,2) DEFAULT 0,
  PRIMARY KEY (sale_id, date_key)
) PARTITION BY RANGE (date_key);
CREATE TABLE fact_sales_2023 PARTITION OF fact_sales FOR VALUES FROM (20230101) TO (20240101);
CREATE TABLE fact_sales_current PARTITION OF fact_sales FOR VALUES FROM (20240101) TO (MAXVALUE);
CREATE TABLE dim_customer (
  customer_key serial PRIMARY KEY,
  customer_id bigint NOT NULL,
  email text,
  city text,
  country char(2),
  segment text,
  valid_from date NOT NULL,
  valid_to date,
  is_current boolean NOT NULL DEFAULT true,
  EXCLUDE USING gist (customer_id WITH =, daterange(valid_from, valid_to) WITH &&)
);
CREATE UNIQUE INDEX dim_customer_current_uq ON dim_customer (customer_id) WHERE is_current;
CREATE INDEX fact_sales_brin_date ON fact_sales USING brin (date_key) WITH (pages_per_range = 32);
INSERT INTO fact_sales (order_id, date_key, product_key, customer_key, store_key, quantity, net_amount, cost_amount)
SELECT o.order_id, to_char(o.order_ts, 'YYYYMMDD')::int, dp.product_key, dc.customer_key, ds.store_key,
       o.qty, o.amount, o.qty * dp.unit_cost
FROM staging_orders o
JOIN dim_product dp ON dp.sku = o.sku
JOIN dim_customer dc ON dc.customer_id = o.customer_id AND dc.is_current
JOIN dim_store ds ON ds.store_code = o.store_code;
TRUNCATE staging_orders, staging_customer;
ANALYZE fact_sales;
CREATE MATERIALIZED VIEW mv_monthly_region AS
SELECT d.year, d.month_of_year, s.region, sum(f.net_amount) AS revenue, count(DISTINCT f.customer_key) AS customers
FROM fact_sales f JOIN dim_date d USING (date_key) JOIN dim_store s USING (store_key)
GROUP BY 1, 2, 3;
REFRESH MATERIALIZED VIEW mv_monthly_region WITH DATA;
SELECT region, year, month_of_year, revenue,
       revenue / sum(revenue) OVER (PARTITION BY year, month_of_year) AS share
FROM mv_monthly_region
ORDER BY year, month_of_year, share DESC;

-- ===== misc analytics =====
SELECT p.category, d.year,
       sum(f.net_amount) AS revenue,
       sum(f.net_amount) / sum(sum(f.net_amount)) OVER (PARTITION BY d.year) AS share_of_year,
       rank() OVER (PARTITION BY d.year ORDER BY sum(f.net_amount) DESC) AS rnk
FROM fact_sales f JOIN dim_product p USING (product_key) JOIN dim_date d USING (date_key)
GROUP BY p.category, d.year;
-- pareto: products making up 80% of revenue
SELECT product_key, revenue, cum_share
FROM (
  SELECT product_key, sum(net_amount) AS revenue,
         sum(sum(net_amount)) OVER (ORDER BY sum(net_amount) DESC ROWS UNBOUNDED PRECEDING) / sum(sum(net_amount)) OVER () AS cum_share
  FROM fact_sales GROUP BY product_key
) t
WHERE cum_share <= 0.8;
-- market basket pairs
SELECT a.product_key AS p1, b.product_key AS p2, count(*) AS together
FROM fact_sales a
JOIN fact_sales b ON a.order_id = b.order_id AND a.product_key < b.product_key
GROUP BY 1, 2
HAVING count(*) >= 20
ORDER BY together DESC
LIMIT 100;
SELECT d.calendar_date, coalesce(sum(f.net_amount), 0) AS revenue
FROM dim_date d
LEFT JOIN fact_sales f ON f.date_key = d.date_key AND f.store_key = 7
WHERE d.calendar_date BETWEEN current_date - 30 AND current_date
GROUP BY d.calendar_date
ORDER BY d.calendar_date;
SELECT s.store_key, s.opened_on,
       sum(f.net_amount) / greatest(current_date - s.opened_on, 1) AS revenue_per_day_open
FROM dim_store s JOIN fact_sales f USING (store_key)
GROUP BY s.store_key, s.opened_on;
SELECT d.year, d.week_of_year, s.region,
       sum(f.net_amount) AS revenue,
       sum(f.net_amount) - lag(sum(f.net_amount), 52) OVER (PARTITION BY s.region ORDER BY d.year, d.week_of_year) AS yoy_delta
FROM fact_sales f JOIN dim_date d USING (date_key) JOIN dim_store s USING (store_key)
GROUP BY d.year, d.week_of_year, s.region;
SELECT p.product_key, p.list_price, avg(f.net_amount / nullif(f.quantity, 0)) AS avg_realised,
       1 - avg(f.net_amount / nullif(f.quantity, 0)) / p.list_price AS avg_discount
FROM dim_product p JOIN fact_sales f USING (product_key)
GROUP BY p.product_key, p.list_price;
SELECT c.age_band, p.category, count(*)
FROM fact_sales f
JOIN dim_customer c USING (customer_key)
JOIN dim_product p USING (product_key)
WHERE c.age_band IS NOT NULL
GROUP BY CUBE (c.age_band, p.category)
HAVING count(*) > 50;
SELECT f.store_key,
       sum(CASE WHEN d.is_weekend THEN f.net_amount ELSE 0 END) AS weekend,
       sum(CASE WHEN NOT d.is_weekend THEN f.net_amount ELSE 0 END) AS weekday
FROM fact_sales f JOIN dim_date d USING (date_key)
GROUP BY f.store_key;
SELECT customer_key, sale_id, net_amount,
       net_amount - avg(net_amount) OVER (PARTITION BY customer_key) AS deviation,
       (net_amount - avg(net_amount) OVER (PARTITION BY customer_key)) / nullif(stddev(net_amount) OVER (PARTITION BY customer_key), 0) AS z
FROM fact_sales;
SELECT d.fiscal_year, d.fiscal_period, sum(f.net_amount)
FROM fact_sales f JOIN dim_date d ON f.date_key = d.date_key
WHERE d.fiscal_year = (SELECT fiscal_year FROM dim_date WHERE calendar_date = current_date)
GROUP BY ROLLUP (d.fiscal_year, d.fiscal_period);
SELECT count(*) AS fact_rows, count(DISTINCT customer_key) AS customers, count(DISTINCT product_key) AS products,
       min(date_key), max(date_key)
FROM fact_sales;
SELECT relname, n_live_tup, last_autoanalyze FROM pg_stat_user_tables WHERE relname LIKE 'fact\_%' ORDER BY n_live_tup DESC;
SELECT x.region, x.revenue
FROM (VALUES ('north', 1.0), ('south', 2.0)) AS targets(region, target)
JOIN LATERAL (
  SELECT s.region, sum(f.net_amount) AS revenue
  FROM fact_sales f JOIN dim_store s USING (store_key)
  WHERE s.region = targets.region
  GROUP BY s.region
) x ON x.revenue >= targets.target;
SELECT jsonb_object_agg(region, revenue) FROM mv_monthly_region WHERE year = 2023 AND month_of_year = 12;

-- ecommerce_reports.sql
-- Online store, reporting side: revenue and funnel reports over the OLTP
-- tables (users, orders, order_items, products, categories, payments,
-- reviews, coupons, inventory, carts). Joins, GROUP BY / HAVING, window
-- functions, CTEs, date bucketing and a few report-refresh statements.

/* Daily revenue ------------------------------------------------------- */
SELECT date_trunc('day', placed_at) AS day, sum(total_cents) / 100.0 AS revenue
FROM orders
WHERE status IN ('paid', 'shipped', 'delivered')
GROUP BY 1
ORDER BY 1;
SELECT placed_at::date AS day, count(*) AS orders, sum(total_cents) AS revenue_cents,
       avg(total_cents)::numeric(12,2) AS aov_cents
FROM orders
WHERE placed_at >= date '2024-01-01' AND placed_at < date '2024-02-01'
GROUP BY placed_at::date
ORDER BY day;
SELECT to_char(placed_at, 'YYYY-MM') AS month, currency, sum(total_cents) AS revenue
FROM orders WHERE status <> 'cancelled'
GROUP BY 1, 2 ORDER BY 1, 2;
SELECT extract(isodow FROM placed_at) AS dow, extract(hour FROM placed_at) AS hour, count(*)
FROM orders
GROUP BY 1, 2
ORDER BY 1, 2;
-- revenue by category, including categories with no sales
SELECT c.name AS category, coalesce(sum(oi.quantity * oi.unit_price_cents), 0) AS revenue
FROM categories c
LEFT JOIN products p ON p.category_id = c.id
LEFT JOIN order_items oi ON oi.product_id = p.id
LEFT JOIN orders o ON o.id = oi.order_id AND o.status = 'delivered'
GROUP BY c.name
ORDER BY revenue DESC;
SELECT p.id, p.name, sum(oi.quantity) AS units, sum(oi.quantity * oi.unit_price_cents) AS revenue
FROM order_items oi
JOIN products p ON p.id = oi.product_id
JOIN orders o ON o.id = oi.order_id
WHERE o.placed_at >= now() - interval '30 days'
GROUP BY p.id, p.name
ORDER BY revenue DESC
LIMIT 20;
SELECT p.category_id, count(DISTINCT oi.order_id) AS orders, count(DISTINCT o.user_id) AS buyers
FROM order_items oi
JOIN orders o ON o.id = oi.order_id
JOIN products p ON p.id = oi.product_id
GROUP BY p.category_id
HAVING count(DISTINCT o.user_id) > 10;
-- top product per category (window)
SELECT category_id, product_id, revenue
FROM (
  SELECT p.category_id, p.id AS product_id, sum(oi.quantity * oi.unit_price_cents) AS revenue,
         rank() OVER (PARTITION BY p.category_id ORDER BY sum(oi.quantity * oi.unit_price_cents) DESC) AS rnk
  FROM products p JOIN order_items oi ON oi.product_id = p.id
  GROUP BY p.category_id, p.id
) ranked
WHERE rnk = 1;
SELECT day, revenue,
       sum(revenue) OVER (ORDER BY day) AS running_total,
       avg(revenue) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS ma7
FROM (SELECT placed_at::date AS day, sum(total_cents) AS revenue FROM orders GROUP BY 1) d
ORDER BY day;
SELECT month, revenue, lag(revenue) OVER w AS prev, revenue - lag(revenue) OVER w AS delta,
       round(100.0 * (revenue - lag(revenue) OVER w) / nullif(lag(revenue) OVER w, 0), 1) AS pct
FROM (SELECT date_trunc('month', placed_at) AS month, sum(total_cents) AS revenue FROM orders GROUP BY 1) m
WINDOW w AS (ORDER BY month)
ORDER BY month;
-- year over year
SELECT cur.month, cur.revenue, prev.revenue AS last_year
FROM (SELECT date_trunc('month', placed_at) AS month, sum(total_cents) AS revenue FROM orders GROUP BY 1) cur
LEFT JOIN (SELECT date_trunc('month', placed_at) AS month, sum(total_cents) AS revenue FROM orders GROUP BY 1) prev
  ON prev.month = cur.month - interval '1 year'
ORDER BY cur.month;

/* Customers ----------------------------------------------------------- */
SELECT u.id, u.email, count(o.id) AS orders, sum(o.total_cents) AS lifetime_value
FROM users u
JOIN orders o ON o.user_id = u.id
WHERE o.status = 'delivered'
GROUP BY u.id, u.email
ORDER BY lifetime_value DESC
LIMIT 100;
SELECT u.id, u.email
FROM users u
WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)
  AND u.created_at < now() - interval '30 days';
SELECT user_id, min(placed_at) AS first_order, max(placed_at) AS last_order,
       max(placed_at) - min(placed_at) AS tenure
FROM orders GROUP BY user_id;
SELECT ntile(4) OVER (ORDER BY ltv) AS quartile, user_id, ltv
FROM (SELECT user_id, sum(total_cents) AS ltv FROM orders GROUP BY user_id) x;
SELECT quartile, count(*), min(ltv), max(ltv)
FROM (SELECT user_id, sum(total_cents) AS ltv, ntile(4) OVER (ORDER BY sum(total_cents)) AS quartile FROM orders GROUP BY user_id) q
GROUP BY quartile ORDER BY quartile;
-- repeat purchase rate
SELECT count(*) FILTER (WHERE n > 1)::float / nullif(count(*), 0) AS repeat_rate
FROM (SELECT user_id, count(*) AS n FROM orders WHERE status <> 'cancelled' GROUP BY user_id) per_user;
-- days between consecutive orders
SELECT user_id, placed_at,
       placed_at - lag(placed_at) OVER (PARTITION BY user_id ORDER BY placed_at) AS gap
FROM orders;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY total_cents) AS median_order,
       percentile_cont(ARRAY[0.9, 0.99]) WITHIN GROUP (ORDER BY total_cents) AS p90_p99
FROM orders WHERE status = 'delivered';
SELECT a.country_code, count(DISTINCT o.user_id) AS customers, sum(o.total_cents) AS revenue
FROM orders o JOIN addresses a ON a.id = o.shipping_address_id
GROUP BY a.country_code
HAVING sum(o.total_cents) > 0
ORDER BY revenue DESC;
SELECT a.country_code, a.region, sum(o.total_cents)
FROM orders o JOIN addresses a ON a.id = o.shipping_address_id
GROUP BY ROLLUP (a.country_code, a.region)
ORDER BY a.country_code NULLS LAST, a.region NULLS FIRST;
SELECT date_trunc('week', u.created_at) AS signup_week,
       count(*) AS signups,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)) AS converted
FROM users u
GROUP BY 1 ORDER BY 1;

/* Products & inventory ----------------------------------------------- */
SELECT p.id, p.name, i.warehouse_id, i.quantity, i.reserved
FROM products p JOIN inventory i ON i.product_id = p.id
WHERE i.quantity - i.reserved < 5 AND p.is_active
ORDER BY i.quantity - i.reserved, p.name;
SELECT i.warehouse_id, count(*) AS skus, sum(i.quantity) AS units, sum(i.quantity * p.price_cents) AS stock_value
FROM inventory i JOIN products p ON p.id = i.product_id
GROUP BY i.warehouse_id;
-- days of cover: stock / average daily units sold in last 28 days
SELECT p.id, p.name, s.on_hand, d.daily_units, s.on_hand / nullif(d.daily_units, 0) AS days_of_cover
FROM products p
JOIN (SELECT product_id, sum(quantity - reserved) AS on_hand FROM inventory GROUP BY product_id) s ON s.product_id = p.id
LEFT JOIN (
  SELECT oi.product_id, sum(oi.quantity) / 28.0 AS daily_units
  FROM order_items oi JOIN orders o ON o.id = oi.order_id
  WHERE o.placed_at >= now() - interval '28 days'
  GROUP BY oi.product_id
) d ON d.product_id = p.id
ORDER BY days_of_cover NULLS FIRST;
SELECT p.id, p.name, p.price_cents,
       p.price_cents - avg(p.price_cents) OVER (PARTITION BY p.category_id) AS diff_from_cat_avg,
       percent_rank() OVER (PARTITION BY p.category_id ORDER BY p.price_cents) AS price_pct
FROM products p WHERE p.is_active;
SELECT p.id, p.name, r.avg_rating, r.n
FROM products p
JOIN LATERAL (SELECT avg(rating) AS avg_rating, count(*) AS n FROM reviews WHERE product_id = p.id) r ON true
WHERE r.n > 0
ORDER BY r.avg_rating DESC, r.n DESC;
SELECT c.name, p.name, p.price_cents
FROM categories c
CROSS JOIN LATERAL (
  SELECT name, price_cents FROM products WHERE category_id = c.id AND is_active ORDER BY price_cents DESC LIMIT 3
) p;
SELECT tag, count(*) FROM products, unnest(tags) AS tag GROUP BY tag ORDER BY count(*) DESC LIMIT 25;
SELECT attributes ->> 'color' AS color, count(*), avg(price_cents)
FROM products WHERE attributes ? 'color' GROUP BY 1 ORDER BY 2 DESC;
SELECT p.id FROM products p
WHERE p.is_active AND NOT EXISTS (
  SELECT 1 FROM order_items oi JOIN orders o ON o.id = oi.order_id
  WHERE oi.product_id = p.id AND o.placed_at > now() - interval '90 days');
SELECT rating, count(*) * 100.0 / sum(count(*)) OVER () AS pct FROM reviews GROUP BY rating ORDER BY rating;
SELECT r.product_id, r.rating, r.created_at,
       avg(r.rating) OVER (PARTITION BY r.product_id ORDER BY r.created_at ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) AS rolling10
FROM reviews r;

/* Payments & coupons -------------------------------------------------- */
SELECT provider, status, count(*), sum(amount_cents)
FROM payments
WHERE created_at >= date_trunc('month', now())
GROUP BY provider, status
ORDER BY provider, status;
SELECT provider,
       count(*) FILTER (WHERE status = 'failed')::numeric / count(*) AS failure_rate
FROM payments GROUP BY provider;
SELECT o.id, o.total_cents, coalesce(sum(p.amount_cents), 0) AS paid
FROM orders o LEFT JOIN payments p ON p.order_id = o.id AND p.status = 'captured'
WHERE o.status IN ('paid', 'shipped')
GROUP BY o.id, o.total_cents
HAVING coalesce(sum(p.amount_cents), 0) <> o.total_cents;
SELECT avg(captured_at - created_at) AS avg_capture_delay,
       max(captured_at - created_at) AS max_capture_delay
FROM payments WHERE captured_at IS NOT NULL;
SELECT c.code, c.redeemed_count, count(o.id) AS orders, sum(o.total_cents) AS revenue
FROM coupons c LEFT JOIN orders o ON o.coupon_id = c.id
GROUP BY c.id, c.code, c.redeemed_count
ORDER BY revenue DESC NULLS LAST;
SELECT (o.coupon_id IS NOT NULL) AS used_coupon, avg(o.total_cents), count(*)
FROM orders o GROUP BY 1;

/* Funnel & carts ------------------------------------------------------ */
SELECT count(*) AS carts,
       count(*) FILTER (WHERE c.user_id IS NOT NULL) AS logged_in,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cart_items ci WHERE ci.cart_id = c.id)) AS non_empty
FROM carts c WHERE c.created_at >= current_date - 7;
SELECT c.id, c.user_id, sum(ci.quantity * p.price_cents) AS value, max(ci.added_at) AS last_touch
FROM carts c
JOIN cart_items ci ON ci.cart_id = c.id
JOIN products p ON p.id = ci.product_id
WHERE c.user_id IS NOT NULL
  AND c.updated_at < now() - interval '1 day'
  AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = c.user_id AND o.placed_at > c.updated_at)
GROUP BY c.id, c.user_id
ORDER BY value DESC;
WITH cart_users AS (SELECT DISTINCT user_id FROM carts WHERE user_id IS NOT NULL),
     buyers AS (SELECT DISTINCT user_id FROM orders)
SELECT (SELECT count(*) FROM cart_users) AS with_cart,
       (SELECT count(*) FROM cart_users JOIN buyers USING (user_id)) AS bought;

/* Cohorts ------------------------------------------------------------- */
WITH first_orders AS (
  SELECT user_id, date_trunc('month', min(placed_at)) AS cohort FROM orders GROUP BY user_id
), activity AS (
  SELECT o.user_id, f.cohort, date_trunc('month', o.placed_at) AS month
  FROM orders o JOIN first_orders f USING (user_id)
)
SELECT cohort,
       (extract(year FROM age(month, cohort)) * 12 + extract(month FROM age(month, cohort)))::int AS month_n,
       count(DISTINCT user_id) AS active
FROM activity
GROUP BY 1, 2
ORDER BY 1, 2;
WITH m AS (
  SELECT user_id, date_trunc('month', placed_at) AS month FROM orders GROUP BY 1, 2
)
SELECT cur.month, count(*) AS active, count(prev.user_id) AS retained
FROM m cur LEFT JOIN m prev ON prev.user_id = cur.user_id AND prev.month = cur.month - interval '1 month'
GROUP BY cur.month ORDER BY cur.month;

/* Report tables and snapshots ---------------------------------------- */
CREATE TABLE IF NOT EXISTS report_daily_revenue (
  day date PRIMARY KEY,
  orders integer NOT NULL,
  revenue_cents bigint NOT NULL,
  refreshed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO report_daily_revenue (day, orders, revenue_cents)
SELECT placed_at::date, count(*), sum(total_cents)
FROM orders
WHERE placed_at >= current_date - 3 AND status <> 'cancelled'
GROUP BY 1
ON CONFLICT (day) DO UPDATE
SET orders = excluded.orders, revenue_cents = excluded.revenue_cents, refreshed_at = now();
DELETE FROM report_daily_revenue WHERE day < current_date - interval '2 years';
SELECT day, revenue_cents, sum(revenue_cents) OVER (PARTITION BY date_trunc('month', day) ORDER BY day) AS mtd
FROM report_daily_revenue ORDER BY day DESC LIMIT 60;
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_product_sales AS
SELECT oi.product_id, date_trunc('week', o.placed_at) AS week, sum(oi.quantity) AS units
FROM order_items oi JOIN orders o ON o.id = oi.order_id
GROUP BY 1, 2
WITH NO DATA;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_product_sales;
SELECT product_id, week, units,
       units - lag(units, 1, 0::bigint) OVER (PARTITION BY product_id ORDER BY week) AS wow
FROM mv_product_sales WHERE product_id = 1001;
CREATE VIEW v_order_summary AS
SELECT o.id, o.user_id, o.status, o.placed_at, count(oi.*) AS lines, sum(oi.quantity) AS units, o.total_cents
FROM orders o LEFT JOIN order_items oi ON oi.order_id = o.id
GROUP BY o.id;
SELECT status, count(*), sum(units) FROM v_order_summary GROUP BY status;

/* Misc reports -------------------------------------------------------- */
SELECT o.status, count(*) AS n, round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS share
FROM orders o GROUP BY o.status ORDER BY n DESC;
SELECT width_bucket(total_cents, 0, 50000, 10) AS bucket, count(*)
FROM orders GROUP BY bucket ORDER BY bucket;
SELECT CASE
         WHEN total_cents < 2000 THEN 'small'
         WHEN total_cents < 10000 THEN 'medium'
         ELSE 'large'
       END AS size, count(*)
FROM orders GROUP BY 1;
SELECT user_id, array_agg(id ORDER BY placed_at DESC) AS order_ids
FROM orders WHERE placed_at > now() - interval '1 year' GROUP BY user_id HAVING count(*) >= 3;
SELECT string_agg(DISTINCT p.name, ', ' ORDER BY p.name) AS names
FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = 5001;
SELECT date_trunc('hour', placed_at) AS hour, count(*)
FROM orders WHERE placed_at > now() - interval '24 hours'
GROUP BY 1 HAVING count(*) > (SELECT avg(c) FROM (SELECT count(*) AS c FROM orders GROUP BY date_trunc('hour', placed_at)) h);
SELECT d::date AS day, coalesce(r.revenue, 0) AS revenue
FROM generate_series(date '2024-01-01', date '2024-01-31', interval '1 day') AS d
LEFT JOIN (SELECT placed_at::date AS day, sum(total_cents) AS revenue FROM orders GROUP BY 1) r ON r.day = d::date
ORDER BY d;
SELECT p.name, oi.unit_price_cents, p.price_cents, oi.unit_price_cents - p.price_cents AS drift
FROM order_items oi JOIN products p ON p.id = oi.product_id
WHERE oi.unit_price_cents IS DISTINCT FROM p.price_cents
ORDER BY abs(oi.unit_price_cents - p.price_cents) DESC LIMIT 50;
SELECT category_id, max(price_cents) - min(price_cents) AS spread, stddev_samp(price_cents), variance(price_cents)
FROM products GROUP BY category_id;
SELECT mode() WITHIN GROUP (ORDER BY quantity) AS typical_qty FROM order_items;
SELECT corr(price_cents::float8, rating::float8) FROM products p JOIN reviews r ON r.product_id = p.id;
SELECT o.user_id, o.id, o.total_cents,
       first_value(o.id) OVER (PARTITION BY o.user_id ORDER BY o.total_cents DESC) AS biggest_order,
       row_number() OVER (PARTITION BY o.user_id ORDER BY o.placed_at) AS nth
FROM orders o;
SELECT o.id, o.placed_at, cume_dist() OVER (ORDER BY o.total_cents) AS cd, dense_rank() OVER (ORDER BY o.total_cents DESC) AS dr
FROM orders o WHERE o.placed_at::date = current_date - 1;
SELECT bool_and(is_verified) AS all_verified, bool_or(rating = 1) AS any_one_star, every(rating >= 3) FROM reviews WHERE product_id = 1001;
SELECT u.id, u.email, last_o.placed_at
FROM users u
LEFT JOIN LATERAL (SELECT placed_at FROM orders WHERE user_id = u.id ORDER BY placed_at DESC LIMIT 1) last_o ON true
WHERE u.status = 'active';
SELECT DISTINCT ON (user_id) user_id, id AS latest_order, placed_at
FROM orders ORDER BY user_id, placed_at DESC;
SELECT category_id, json_object_agg(sku, price_cents) FROM products WHERE is_active GROUP BY category_id;
SELECT user_id FROM orders WHERE status = 'delivered'
INTERSECT
SELECT user_id FROM reviews;
SELECT user_id FROM orders
EXCEPT
SELECT user_id FROM reviews;

/* Operations & fulfilment -------------------------------------------- */
SELECT o.id, o.placed_at, now() - o.placed_at AS waiting
FROM orders o
WHERE o.status = 'paid' AND o.placed_at < now() - interval '48 hours'
ORDER BY o.placed_at
LIMIT 200;
SELECT date_trunc('day', o.updated_at) AS day,
       avg(o.updated_at - o.placed_at) FILTER (WHERE o.status = 'shipped') AS avg_time_to_ship
FROM orders o GROUP BY 1 ORDER BY 1 DESC LIMIT 30;
SELECT i.warehouse_id, p.category_id, sum(i.reserved) AS reserved_units
FROM inventory i JOIN products p ON p.id = i.product_id
GROUP BY GROUPING SETS ((i.warehouse_id), (p.category_id), (i.warehouse_id, p.category_id));
SELECT p.id, p.sku, p.name
FROM products p
LEFT JOIN inventory i ON i.product_id = p.id
WHERE p.is_active
GROUP BY p.id, p.sku, p.name
HAVING coalesce(sum(i.quantity), 0) = 0;
SELECT o.user_id, count(*) FILTER (WHERE o.status = 'cancelled') AS cancelled,
       count(*) AS total,
       round(count(*) FILTER (WHERE o.status = 'cancelled') * 100.0 / count(*), 1) AS cancel_pct
FROM orders o GROUP BY o.user_id HAVING count(*) >= 5 ORDER BY cancel_pct DESC;
SELECT a.country_code, avg(o.total_cents) AS avg_order, percentile_cont(0.5) WITHIN GROUP (ORDER BY o.total_cents) AS median_order
FROM orders o JOIN addresses a ON a.id = o.shipping_address_id
GROUP BY a.country_code;
SELECT p.currency, sum(oi.quantity * oi.unit_price_cents) AS gross, sum(oi.discount_cents) AS discounts
FROM order_items oi JOIN products p ON p.id = oi.product_id
GROUP BY CUBE (p.currency);

/* Reviews & quality --------------------------------------------------- */
SELECT date_trunc('month', created_at) AS month, avg(rating) AS avg_rating,
       count(*) FILTER (WHERE rating <= 2) AS negative
FROM reviews GROUP BY 1 ORDER BY 1;
SELECT r.product_id, r.body
FROM reviews r
WHERE r.rating = 1 AND r.body ~* '(broken|damaged|never arrived)'
ORDER BY r.created_at DESC;
SELECT p.category_id, avg(r.rating) FILTER (WHERE r.is_verified) AS verified_avg,
       avg(r.rating) FILTER (WHERE NOT r.is_verified) AS unverified_avg
FROM reviews r JOIN products p ON p.id = r.product_id
GROUP BY p.category_id;
SELECT u.id, count(r.id) AS reviews, avg(r.rating) AS avg_given
FROM users u JOIN reviews r ON r.user_id = u.id
GROUP BY u.id
HAVING count(r.id) > 20 AND stddev_pop(r.rating) < 0.5;
SELECT length(body) / 100 * 100 AS length_bucket, avg(rating), count(*) FROM reviews GROUP BY 1 ORDER BY 1;

/* Customer segments --------------------------------------------------- */
SELECT CASE WHEN ltv >= 100000 THEN 'whale' WHEN ltv >= 20000 THEN 'regular' ELSE 'casual' END AS segment,
       count(*) AS customers, sum(ltv) AS revenue
FROM (SELECT user_id, sum(total_cents) AS ltv FROM orders WHERE status = 'delivered' GROUP BY user_id) t
GROUP BY 1;
SELECT u.id, u.email, o.first_order, o.orders
FROM users u
JOIN (SELECT user_id, min(placed_at) AS first_order, count(*) AS orders FROM orders GROUP BY user_id) o ON o.user_id = u.id
WHERE o.first_order >= date_trunc('month', now()) - interval '1 month'
  AND o.first_order < date_trunc('month', now());
SELECT extract(year FROM u.created_at) AS signup_year, count(DISTINCT u.id) AS users, count(DISTINCT o.user_id) AS buyers
FROM users u LEFT JOIN orders o ON o.user_id = u.id
GROUP BY 1 ORDER BY 1;
SELECT user_id, avg(gap) AS avg_days_between_orders
FROM (
  SELECT user_id, extract(epoch FROM placed_at - lag(placed_at) OVER (PARTITION BY user_id ORDER BY placed_at)) / 86400 AS gap
  FROM orders
) g
WHERE gap IS NOT NULL
GROUP BY user_id;
SELECT u.id FROM users u
WHERE u.id IN (SELECT user_id FROM orders GROUP BY user_id HAVING max(placed_at) < now() - interval '180 days')
  AND u.status = 'active';

/* Basket analysis ----------------------------------------------------- */
SELECT order_id, count(*) AS lines, sum(quantity) AS units
FROM order_items GROUP BY order_id
HAVING count(*) > 10
ORDER BY units DESC;
SELECT lines, count(*) AS orders
FROM (SELECT order_id, count(*) AS lines FROM order_items GROUP BY order_id) x
GROUP BY lines ORDER BY lines;
SELECT c1.name AS category_a, c2.name AS category_b, count(DISTINCT oi1.order_id) AS orders
FROM order_items oi1
JOIN products p1 ON p1.id = oi1.product_id
JOIN categories c1 ON c1.id = p1.category_id
JOIN order_items oi2 ON oi2.order_id = oi1.order_id
JOIN products p2 ON p2.id = oi2.product_id
JOIN categories c2 ON c2.id = p2.category_id AND c2.id > c1.id
GROUP BY c1.name, c2.name
ORDER BY orders DESC
LIMIT 25;

/* Catalogue health ---------------------------------------------------- */
SELECT count(*) FILTER (WHERE description IS NULL OR description = '') AS missing_description,
       count(*) FILTER (WHERE cardinality(tags) = 0) AS untagged,
       count(*) FILTER (WHERE NOT attributes ? 'color') AS no_color
FROM products WHERE is_active;
SELECT slug, count(*) FROM products GROUP BY slug HAVING count(*) > 1;
SELECT c.id, c.name FROM categories c
WHERE NOT EXISTS (SELECT 1 FROM categories child WHERE child.parent_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM products p WHERE p.category_id = c.id);
WITH RECURSIVE cat_path AS (
  SELECT id, name::text AS path FROM categories WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, cp.path || ' > ' || c.name FROM categories c JOIN cat_path cp ON c.parent_id = cp.id
)
SELECT cp.path, count(p.id) AS products
FROM cat_path cp LEFT JOIN products p ON p.category_id = cp.id
GROUP BY cp.path ORDER BY cp.path;
SELECT p.id, p.price_cents, h.old_price, h.changed_at
FROM products p
JOIN LATERAL (
  SELECT old_price, changed_at FROM price_history WHERE product_id = p.id ORDER BY changed_at DESC LIMIT 1
) h ON true
WHERE p.price_cents > h.old_price * 1.2;

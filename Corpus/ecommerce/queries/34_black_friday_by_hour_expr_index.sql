-- Black Friday war room: orders and revenue per hour on 2024-11-29 (UTC), filtered through the expression
-- the orders_created_day_idx index is built on.
SELECT extract(hour FROM created_at AT TIME ZONE 'UTC') AS hour_utc,
       count(*)   AS orders,
       sum(total) AS revenue
FROM orders
WHERE (created_at AT TIME ZONE 'UTC')::date = date '2024-11-29'
GROUP BY 1
ORDER BY 1;

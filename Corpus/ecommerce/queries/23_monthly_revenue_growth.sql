-- Board report: 2024 revenue by month with month-over-month growth (CTE + lag()).
WITH monthly AS (
    SELECT date_trunc('month', created_at) AS month,
           count(*)   AS orders,
           sum(total) AS revenue
    FROM orders
    WHERE created_at >= '2024-01-01 00:00:00+00'
      AND created_at <  '2025-01-01 00:00:00+00'
      AND status IN ('paid', 'shipped', 'delivered')
    GROUP BY 1
)
SELECT month, orders, revenue,
       round(100 * (revenue / lag(revenue) OVER (ORDER BY month) - 1), 1) AS growth_pct
FROM monthly
ORDER BY month;

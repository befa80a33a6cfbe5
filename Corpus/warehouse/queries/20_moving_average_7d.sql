-- Trend line: daily revenue in Q4 2024 with a 7-day moving average (window frame ROWS 6 PRECEDING).
WITH daily AS (
    SELECT d.full_date, coalesce(sum(f.net_amount), 0) AS revenue
    FROM dim_date d
    LEFT JOIN fact_sales f ON f.date_key = d.date_key
    WHERE d.full_date BETWEEN '2024-10-01' AND '2024-12-31'
    GROUP BY d.full_date
)
SELECT full_date, revenue,
       round(avg(revenue) OVER (ORDER BY full_date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW), 2) AS ma_7d
FROM daily
ORDER BY full_date;

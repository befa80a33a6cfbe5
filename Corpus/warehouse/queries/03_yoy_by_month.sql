-- Year-over-year: 2024 revenue per month against the same month of 2023 (conditional aggregation).
SELECT d.month, d.month_name,
       sum(f.net_amount) FILTER (WHERE d.year = 2023) AS revenue_2023,
       sum(f.net_amount) FILTER (WHERE d.year = 2024) AS revenue_2024,
       round(100 * (sum(f.net_amount) FILTER (WHERE d.year = 2024)
                    / sum(f.net_amount) FILTER (WHERE d.year = 2023) - 1), 1) AS yoy_pct
FROM fact_sales f
JOIN dim_date d ON d.date_key = f.date_key
WHERE d.year IN (2023, 2024)
GROUP BY d.month, d.month_name
ORDER BY d.month;

-- Monthly revenue, cost and gross margin over the last two years.
SELECT d.year_month,
       sum(f.net_amount)                                  AS revenue,
       sum(f.cost_amount)                                 AS cost,
       round(100 * (1 - sum(f.cost_amount) / sum(f.net_amount)), 1) AS margin_pct
FROM fact_sales f
JOIN dim_date d ON d.date_key = f.date_key
WHERE d.full_date BETWEEN '2023-01-01' AND '2024-12-31'
GROUP BY d.year_month
ORDER BY d.year_month;

-- Store leaderboard: 2024 revenue per square foot for physical stores that were open all year.
SELECT s.store_code, s.store_name, s.store_type, s.square_feet,
       sum(f.net_amount) AS revenue,
       round(sum(f.net_amount) / s.square_feet, 2) AS revenue_per_sqft,
       dense_rank() OVER (ORDER BY sum(f.net_amount) / s.square_feet DESC) AS rank
FROM fact_sales f
JOIN dim_store s ON s.store_key = f.store_key
WHERE s.square_feet IS NOT NULL
  AND s.opened_date <= '2024-01-01'
  AND (s.closed_date IS NULL OR s.closed_date > '2024-12-31')
  AND f.date_key BETWEEN 20240101 AND 20241231
GROUP BY s.store_code, s.store_name, s.store_type, s.square_feet
ORDER BY rank;

-- Share of revenue earned on weekends per store type, 2024.
SELECT s.store_type,
       sum(f.net_amount) FILTER (WHERE d.is_weekend) AS weekend_revenue,
       sum(f.net_amount)                              AS total_revenue,
       round(100 * sum(f.net_amount) FILTER (WHERE d.is_weekend) / sum(f.net_amount), 1) AS weekend_pct
FROM fact_sales f
JOIN dim_store s ON s.store_key = f.store_key
JOIN dim_date d  ON d.date_key = f.date_key
WHERE d.year = 2024
GROUP BY s.store_type
ORDER BY weekend_pct DESC;

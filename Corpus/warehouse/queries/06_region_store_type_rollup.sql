-- 2024 revenue by region and store type with subtotals (ROLLUP). The web shop has no region (NULL group).
SELECT s.region, s.store_type, count(*) AS lines, sum(f.net_amount) AS revenue
FROM fact_sales f
JOIN dim_store s ON s.store_key = f.store_key
JOIN dim_date d  ON d.date_key = f.date_key
WHERE d.year = 2024
GROUP BY ROLLUP (s.region, s.store_type)
ORDER BY s.region NULLS FIRST, s.store_type NULLS FIRST;

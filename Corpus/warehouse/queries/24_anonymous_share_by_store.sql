-- Loyalty-card penetration: share of store sales made by the unknown customer (customer_key 0, the biggest
-- single value in fact_sales.customer_key), per store in 2024.
SELECT s.store_code,
       count(*) FILTER (WHERE f.customer_key = 0) AS anonymous_lines,
       count(*)                                   AS lines,
       round(100.0 * count(*) FILTER (WHERE f.customer_key = 0) / count(*), 1) AS anonymous_pct
FROM fact_sales f
JOIN dim_store s ON s.store_key = f.store_key
WHERE f.date_key BETWEEN 20240101 AND 20241231
GROUP BY s.store_code
ORDER BY anonymous_pct DESC;

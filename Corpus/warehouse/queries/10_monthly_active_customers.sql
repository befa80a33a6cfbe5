-- Monthly active (identified) customers in 2024: COUNT(DISTINCT natural key) across SCD versions.
SELECT d.year_month, count(DISTINCT c.customer_id) AS active_customers
FROM fact_sales f
JOIN dim_customer c ON c.customer_key = f.customer_key
JOIN dim_date d     ON d.date_key = f.date_key
WHERE d.year = 2024
  AND f.customer_key <> 0
GROUP BY d.year_month
ORDER BY d.year_month;

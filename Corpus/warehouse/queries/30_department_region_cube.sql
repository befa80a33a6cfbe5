-- Department x customer region revenue for 2024 with all subtotals (CUBE), identified customers only.
SELECT p.department, c.region, sum(f.net_amount) AS revenue,
       GROUPING(p.department, c.region) AS grouping_level
FROM fact_sales f
JOIN dim_product p  ON p.product_key = f.product_key
JOIN dim_customer c ON c.customer_key = f.customer_key
WHERE f.date_key BETWEEN 20240101 AND 20241231
  AND f.customer_key <> 0
GROUP BY CUBE (p.department, c.region)
ORDER BY grouping_level, p.department, c.region;

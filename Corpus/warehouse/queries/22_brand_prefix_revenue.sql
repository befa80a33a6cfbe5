-- Brand manager: 2024 revenue of every product whose name starts with the brand (LIKE 'prefix%').
SELECT p.product_name, p.department, sum(f.net_amount) AS revenue
FROM dim_product p
JOIN fact_sales f ON f.product_key = p.product_key
WHERE p.product_name LIKE 'Voltra%'
  AND f.date_key >= 20240101
GROUP BY p.product_name, p.department
ORDER BY revenue DESC
LIMIT 20;

-- Top 10 products by 2024 revenue. Product popularity is zipf-skewed (product 1 is far ahead).
SELECT p.product_code, p.product_name, p.brand,
       sum(f.quantity)   AS units,
       sum(f.net_amount) AS revenue
FROM fact_sales f
JOIN dim_product p ON p.product_key = f.product_key
WHERE f.date_key BETWEEN 20240101 AND 20241231
GROUP BY p.product_code, p.product_name, p.brand
ORDER BY revenue DESC
LIMIT 10;

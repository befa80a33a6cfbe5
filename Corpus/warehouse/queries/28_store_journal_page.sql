-- Store journal UI: page 5 (50 lines per page) of the Chicago flagship's 2024 sales lines, newest first (OFFSET).
SELECT f.sales_key, f.date_key, f.order_number, f.line_number, p.product_name, f.quantity, f.net_amount
FROM fact_sales f
JOIN dim_product p ON p.product_key = f.product_key
WHERE f.store_key = 15
  AND f.date_key >= 20240101
ORDER BY f.date_key DESC, f.sales_key DESC
LIMIT 50 OFFSET 200;

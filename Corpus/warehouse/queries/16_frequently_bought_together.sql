-- Basket analysis: products most often in the same transaction as the best seller (self-join on order_number).
SELECT p.product_code, p.product_name, count(*) AS baskets
FROM fact_sales a
JOIN fact_sales b  ON b.order_number = a.order_number AND b.product_key <> a.product_key
JOIN dim_product p ON p.product_key = b.product_key
WHERE a.product_key = 1
GROUP BY p.product_code, p.product_name
ORDER BY baskets DESC, p.product_code
LIMIT 15;

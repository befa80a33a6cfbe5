-- Channel comparison: the five best sellers online and the five best sellers in stores, December 2024 (UNION ALL).
(SELECT 'online' AS channel, p.product_name, sum(f.quantity) AS units
 FROM fact_sales f
 JOIN dim_product p ON p.product_key = f.product_key
 WHERE f.store_key = 1
   AND f.date_key BETWEEN 20241201 AND 20241231
 GROUP BY p.product_name
 ORDER BY units DESC, p.product_name
 LIMIT 5)
UNION ALL
(SELECT 'store', p.product_name, sum(f.quantity) AS units
 FROM fact_sales f
 JOIN dim_product p ON p.product_key = f.product_key
 WHERE f.store_key <> 1
   AND f.date_key BETWEEN 20241201 AND 20241231
 GROUP BY p.product_name
 ORDER BY units DESC, p.product_name
 LIMIT 5);

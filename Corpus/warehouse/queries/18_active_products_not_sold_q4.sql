-- Assortment review: active products launched before Q4 2024 that did not sell at all during Q4 2024 (anti-join).
SELECT p.product_code, p.product_name, p.department, p.launched_date
FROM dim_product p
WHERE p.is_active
  AND p.launched_date < '2024-10-01'
  AND NOT EXISTS (SELECT 1
                  FROM fact_sales f
                  WHERE f.product_key = p.product_key
                    AND f.date_key BETWEEN 20241001 AND 20241231)
ORDER BY p.launched_date, p.product_code;

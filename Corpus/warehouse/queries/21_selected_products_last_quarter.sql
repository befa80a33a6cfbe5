-- Buyer's check: weekly units of a handful of products in Q4 2024 (IN list on the natural key).
SELECT p.product_code, d.iso_week, sum(f.quantity) AS units
FROM fact_sales f
JOIN dim_product p ON p.product_key = f.product_key
JOIN dim_date d    ON d.date_key = f.date_key
WHERE p.product_code IN ('HOM-000001', 'HOM-000042', 'SPO-000137', 'CLO-000500', 'BEA-000839')
  AND d.full_date >= '2024-10-01'
GROUP BY p.product_code, d.iso_week
ORDER BY p.product_code, d.iso_week;

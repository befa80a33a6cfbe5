-- Audit: Q4 2024 lines that were either heavily discounted or bulk purchases (OR of two columns).
SELECT f.sales_key, f.date_key, f.store_key, f.order_number, f.quantity, f.unit_price, f.discount_amount
FROM fact_sales f
WHERE f.date_key BETWEEN 20241001 AND 20241231
  AND (f.discount_amount > 100 OR f.quantity >= 5)
ORDER BY f.discount_amount DESC, f.quantity DESC, f.sales_key;

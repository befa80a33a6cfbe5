-- Tax filing: Q4 2024 sales tax collected per state and month, states with more than $500 of tax only.
SELECT a.state, date_trunc('month', o.created_at) AS month,
       count(*) AS orders, sum(o.subtotal - o.discount) AS taxable, sum(o.tax) AS tax
FROM orders o
JOIN addresses a ON a.id = o.shipping_address_id
WHERE o.created_at >= '2024-10-01 00:00:00+00'
  AND o.created_at <  '2025-01-01 00:00:00+00'
  AND o.status NOT IN ('cancelled', 'refunded')
GROUP BY a.state, date_trunc('month', o.created_at)
HAVING sum(o.tax) > 500
ORDER BY a.state, month;

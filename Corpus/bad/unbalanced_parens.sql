SELECT id
FROM orders
WHERE (status = 'paid' AND (total_cents > 1000 OR coupon_id IS NULL)
ORDER BY id;

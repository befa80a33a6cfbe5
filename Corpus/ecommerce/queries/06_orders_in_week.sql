-- Finance export: every order placed in one week (range scan on created_at).
SELECT id, order_number, user_id, status, subtotal, discount, tax, total, created_at
FROM orders
WHERE created_at >= '2024-11-25 00:00:00+00'
  AND created_at <  '2024-12-02 00:00:00+00'
ORDER BY created_at;

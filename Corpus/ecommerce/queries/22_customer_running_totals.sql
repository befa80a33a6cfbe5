-- Account review: the top three customers' orders with running spend, order rank and gap since the previous order.
SELECT user_id, id, created_at, total,
       sum(total) OVER (PARTITION BY user_id ORDER BY created_at, id) AS running_spend,
       row_number() OVER (PARTITION BY user_id ORDER BY created_at, id) AS nth_order,
       created_at - lag(created_at) OVER (PARTITION BY user_id ORDER BY created_at, id) AS since_previous
FROM orders
WHERE user_id IN (1, 2, 3)
  AND status <> 'cancelled'
ORDER BY user_id, created_at, id;

-- Account managers: the three most recent orders of each of the ten biggest spenders (LATERAL top-N per group).
WITH vip AS (
    SELECT user_id, sum(total) AS spend
    FROM orders
    WHERE status = 'delivered'
    GROUP BY user_id
    ORDER BY spend DESC
    LIMIT 10
)
SELECT v.user_id, v.spend, r.order_number, r.created_at, r.total
FROM vip v
CROSS JOIN LATERAL (
    SELECT o.order_number, o.created_at, o.total
    FROM orders o
    WHERE o.user_id = v.user_id
    ORDER BY o.created_at DESC
    LIMIT 3
) r
ORDER BY v.spend DESC, r.created_at DESC;

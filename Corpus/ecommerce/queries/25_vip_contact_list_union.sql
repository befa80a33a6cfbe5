-- CRM list: customers who used the VIP20 coupon in 2024, plus customers who left a 1-star review in Q4 (UNION).
SELECT u.id, u.email, 'vip_coupon' AS reason
FROM users u
JOIN orders o  ON o.user_id = u.id
JOIN coupons c ON c.id = o.coupon_id
WHERE c.code = 'VIP20'
  AND o.created_at >= '2024-01-01 00:00:00+00'
UNION
SELECT u.id, u.email, 'unhappy_review'
FROM users u
JOIN reviews r ON r.user_id = u.id
WHERE r.rating = 1
  AND r.created_at >= '2024-10-01 00:00:00+00'
ORDER BY id, reason;

-- Abandoned-cart e-mail: users who added to cart in December and have not purchased since (anti-join).
SELECT DISTINCT u.user_id, u.email
FROM events a
JOIN users u ON u.user_id = a.user_id
WHERE a.event_type = 'add_to_cart'
  AND a.occurred_at >= '2024-12-01 00:00:00+00'
  AND NOT u.is_internal
  AND NOT EXISTS (SELECT 1
                  FROM events p
                  WHERE p.user_id = a.user_id
                    AND p.event_type = 'purchase'
                    AND p.occurred_at >= a.occurred_at)
ORDER BY u.user_id;

-- Product recall notice: customers with an address in Washington state who bought the best-selling product
-- (EXISTS semi-join + IN subquery).
SELECT u.id, u.email, u.full_name
FROM users u
WHERE EXISTS (SELECT 1
              FROM orders o
              JOIN order_items oi ON oi.order_id = o.id
              WHERE o.user_id = u.id
                AND oi.product_id = 1)
  AND u.id IN (SELECT a.user_id FROM addresses a WHERE a.state = 'WA')
ORDER BY u.id;

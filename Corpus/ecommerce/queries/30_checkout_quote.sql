-- Checkout: price a cart (VALUES), check stock across warehouses and apply a coupon valid today (read-only CTEs).
WITH cart(product_id, quantity) AS (
    VALUES (3::bigint, 1), (42, 2), (137, 1), (1, 3)
), stock AS (
    SELECT i.product_id, sum(i.quantity - i.reserved) AS available
    FROM inventory i
    WHERE i.product_id IN (SELECT product_id FROM cart)
    GROUP BY i.product_id
), coupon AS (
    SELECT discount_pct
    FROM coupons
    WHERE code = 'WELCOME10'
      AND date '2024-12-20' BETWEEN valid_from AND valid_to
)
SELECT p.id, p.name, c.quantity, p.price,
       c.quantity * p.price                       AS line_total,
       coalesce(s.available, 0) >= c.quantity     AS in_stock,
       round(c.quantity * p.price * coalesce((SELECT discount_pct FROM coupon), 0) / 100, 2) AS coupon_discount
FROM cart c
JOIN products p ON p.id = c.product_id
LEFT JOIN stock s ON s.product_id = c.product_id
WHERE p.status = 'active'
ORDER BY p.id;

-- ecommerce_oltp.sql
-- Online store, transactional side: the short, index-friendly statements an
-- application issues per request. Covers lookups by id / email, keyset and
-- offset pagination, cart handling, checkout, order creation with RETURNING,
-- upserts (ON CONFLICT DO NOTHING / DO UPDATE ... excluded.* ... WHERE),
-- stock reservation with UPDATE ... FROM, and deletes with USING.
-- Tables: users, addresses, categories, products, inventory, orders,
-- order_items, payments, carts, cart_items, reviews, coupons.

-- ---------------------------------------------------------------- users
SELECT id, email, full_name, status FROM users WHERE id = 42;
SELECT * FROM users WHERE email = 'alice@example.com';
SELECT id, password_hash FROM users WHERE lower(email) = lower('Alice@Example.com') AND deleted_at IS NULL;
SELECT id FROM users WHERE email = $1 LIMIT 1;
SELECT EXISTS (SELECT 1 FROM users WHERE email = 'bob@example.com');
SELECT count(*) FROM users WHERE status = 'active';
SELECT id, email FROM users WHERE created_at >= now() - interval '7 days' ORDER BY created_at DESC LIMIT 50;
SELECT id, email, created_at FROM users ORDER BY id LIMIT 20 OFFSET 40;
-- keyset pagination on (created_at, id)
SELECT id, email, created_at FROM users
WHERE (created_at, id) < ('2024-03-01 12:00:00+00', 9001)
ORDER BY created_at DESC, id DESC
LIMIT 25;
INSERT INTO users (email, password_hash, full_name) VALUES ('carol@example.com', 'x$2b$12$abc', 'Carol Diaz') RETURNING id, created_at;
INSERT INTO users (email, password_hash, full_name, status)
VALUES ($1, $2, $3, 'pending')
ON CONFLICT (email) DO NOTHING
RETURNING id;
UPDATE users SET last_login_at = now() WHERE id = 42;
UPDATE users SET full_name = 'Carol D.', updated_at = now() WHERE id = 77 RETURNING updated_at;
UPDATE users SET status = 'disabled', deleted_at = now() WHERE id = $1 AND deleted_at IS NULL;
UPDATE users SET email = lower(trim(email)) WHERE email <> lower(trim(email));
DELETE FROM users WHERE status = 'pending' AND created_at < now() - interval '30 days';
SELECT u.id, u.email, a.city, a.country_code
FROM users AS u
LEFT JOIN addresses AS a ON a.user_id = u.id AND a.is_default
WHERE u.id = 42;

-- ---------------------------------------------------------------- addresses
SELECT * FROM addresses WHERE user_id = 42 ORDER BY is_default DESC, id;
INSERT INTO addresses (user_id, kind, line1, line2, city, region, postal_code, country_code, is_default)
VALUES (42, 'shipping', '1 Main St', NULL, 'Springfield', 'IL', '62701', 'US', true)
RETURNING *;
UPDATE addresses SET is_default = (id = 314) WHERE user_id = 42;
DELETE FROM addresses WHERE id = 314 AND user_id = 42 RETURNING id;
SELECT country_code, count(*) FROM addresses GROUP BY country_code;

-- ---------------------------------------------------------------- catalogue
SELECT id, name, slug FROM categories WHERE parent_id IS NULL ORDER BY position;
SELECT id, name, slug FROM categories WHERE parent_id = 3 ORDER BY position, name;
SELECT c.id, c.name, count(p.id) AS product_count
FROM categories c
LEFT JOIN products p ON p.category_id = c.id AND p.is_active
GROUP BY c.id, c.name
ORDER BY c.name;
SELECT * FROM products WHERE id = 1001;
SELECT id, name, price_cents FROM products WHERE sku = 'SKU-000123';
SELECT id, name, price_cents FROM products WHERE slug = 'red-wool-scarf' AND is_active;
SELECT id, name, price_cents FROM products
WHERE category_id = 12 AND is_active
ORDER BY price_cents ASC, id ASC
LIMIT 24 OFFSET 48;
SELECT id, name, price_cents FROM products
WHERE category_id = ANY ('{12,13,14}'::bigint[])
  AND price_cents BETWEEN 1000 AND 5000
ORDER BY name;
SELECT id, name FROM products WHERE name ILIKE '%' || 'scarf' || '%' AND is_active ORDER BY name LIMIT 10;
SELECT id, name FROM products WHERE tags @> ARRAY['wool']::text[];
SELECT id, name, attributes ->> 'color' AS color FROM products WHERE attributes @> '{"size": "M"}';
SELECT id, name FROM products WHERE id IN (1001, 1002, 1003, 1004);
SELECT p.id, p.name, p.price_cents, i.quantity - i.reserved AS available
FROM products p
JOIN inventory i ON i.product_id = p.id
WHERE p.id = 1001 AND i.warehouse_id = 1;
SELECT p.id, p.name, coalesce(sum(i.quantity - i.reserved), 0) AS available
FROM products p
LEFT JOIN inventory i ON i.product_id = p.id
WHERE p.id = ANY ($1)
GROUP BY p.id, p.name;
INSERT INTO products (category_id, sku, name, slug, description, price_cents, currency, attributes, tags)
VALUES (12, 'SKU-009999', 'Blue Mug', 'blue-mug', 'A mug, in blue.', 1299, 'USD', '{"color": "blue"}', '{kitchen,mug}')
RETURNING id;
UPDATE products SET price_cents = price_cents * 90 / 100, updated_at = now() WHERE category_id = 12 AND is_active;
UPDATE products SET is_active = false WHERE id = 1001 RETURNING id, is_active;
UPDATE products SET attributes = attributes || '{"discontinued": true}'::jsonb WHERE sku LIKE 'OLD-%';
UPDATE products SET tags = array_append(tags, 'sale') WHERE id = 1001 AND NOT ('sale' = ANY (tags));
UPDATE products SET tags = array_remove(tags, 'sale') WHERE 'sale' = ANY (tags);

-- ---------------------------------------------------------------- inventory
SELECT quantity, reserved FROM inventory WHERE product_id = 1001 AND warehouse_id = 1 FOR UPDATE;
UPDATE inventory SET reserved = reserved + 2, updated_at = now()
WHERE product_id = 1001 AND warehouse_id = 1 AND quantity - reserved >= 2
RETURNING quantity - reserved AS remaining;
-- release reservations for a cancelled order
UPDATE inventory AS inv
SET reserved = inv.reserved - oi.quantity
FROM order_items AS oi
WHERE oi.order_id = 5001
  AND inv.product_id = oi.product_id
  AND inv.warehouse_id = 1;
-- decrement stock for every line of a shipped order
UPDATE inventory inv
SET quantity = inv.quantity - oi.quantity,
    reserved = inv.reserved - oi.quantity,
    updated_at = now()
FROM order_items oi
JOIN orders o ON o.id = oi.order_id
WHERE o.id = $1 AND o.status = 'paid' AND inv.product_id = oi.product_id
RETURNING inv.product_id, inv.quantity;
INSERT INTO inventory (product_id, warehouse_id, quantity, reserved)
VALUES (1001, 1, 50, 0)
ON CONFLICT (product_id, warehouse_id)
DO UPDATE SET quantity = inventory.quantity + excluded.quantity, updated_at = now();
INSERT INTO inventory (product_id, warehouse_id, quantity)
VALUES (1002, 2, 10)
ON CONFLICT ON CONSTRAINT inventory_pkey
DO UPDATE SET quantity = excluded.quantity
WHERE inventory.quantity IS DISTINCT FROM excluded.quantity;
SELECT product_id, warehouse_id FROM inventory WHERE quantity - reserved <= 0 ORDER BY updated_at;
DELETE FROM inventory WHERE quantity = 0 AND reserved = 0 AND updated_at < now() - interval '1 year';

-- ---------------------------------------------------------------- carts
SELECT id FROM carts WHERE session_token = 'f3a9c1' ORDER BY updated_at DESC LIMIT 1;
INSERT INTO carts (user_id, session_token) VALUES (NULL, 'f3a9c1') RETURNING id;
INSERT INTO cart_items (cart_id, product_id, quantity) VALUES (900, 1001, 1)
ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = cart_items.quantity + excluded.quantity, added_at = excluded.added_at;
UPDATE cart_items SET quantity = 3 WHERE cart_id = 900 AND product_id = 1001;
DELETE FROM cart_items WHERE cart_id = 900 AND product_id = 1001;
SELECT ci.product_id, p.name, ci.quantity, p.price_cents, ci.quantity * p.price_cents AS line_total
FROM cart_items ci
JOIN products p ON p.id = ci.product_id
WHERE ci.cart_id = 900
ORDER BY ci.added_at;
SELECT sum(ci.quantity * p.price_cents) AS subtotal_cents, count(*) AS lines
FROM cart_items ci JOIN products p ON p.id = ci.product_id
WHERE ci.cart_id = 900;
-- merge an anonymous cart into the user's cart on login
UPDATE carts SET user_id = 42, updated_at = now() WHERE session_token = 'f3a9c1' AND user_id IS NULL;
DELETE FROM cart_items ci
USING carts c
WHERE ci.cart_id = c.id AND c.updated_at < now() - interval '14 days' AND c.user_id IS NULL;
DELETE FROM carts c WHERE NOT EXISTS (SELECT 1 FROM cart_items ci WHERE ci.cart_id = c.id) AND c.created_at < now() - interval '1 day';
-- items in the cart that went out of stock
SELECT ci.product_id
FROM cart_items ci
WHERE ci.cart_id = 900
  AND NOT EXISTS (
    SELECT 1 FROM inventory i
    WHERE i.product_id = ci.product_id AND i.quantity - i.reserved >= ci.quantity
  );

-- ---------------------------------------------------------------- coupons
SELECT id, percent_off, amount_off_cents FROM coupons
WHERE code = upper('spring24') AND now() BETWEEN valid_from AND valid_until
  AND (max_redemptions IS NULL OR redeemed_count < max_redemptions);
UPDATE coupons SET redeemed_count = redeemed_count + 1
WHERE id = 7 AND (max_redemptions IS NULL OR redeemed_count < max_redemptions)
RETURNING redeemed_count;
INSERT INTO coupons (code, percent_off, valid_from, valid_until, max_redemptions)
VALUES ('SPRING24', 15, '2024-03-01', '2024-04-01', 1000)
ON CONFLICT (code) DO UPDATE SET percent_off = excluded.percent_off, valid_until = excluded.valid_until;
DELETE FROM coupons WHERE valid_until < current_date - 90 RETURNING code;

-- ---------------------------------------------------------------- checkout / orders
BEGIN;
INSERT INTO orders (user_id, status, currency, shipping_address_id, billing_address_id, coupon_id)
VALUES (42, 'pending', 'USD', 314, 314, NULL)
RETURNING id, placed_at;
INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents)
SELECT 5001, ci.product_id, ci.quantity, p.price_cents
FROM cart_items ci
JOIN products p ON p.id = ci.product_id
WHERE ci.cart_id = 900;
UPDATE orders o
SET total_cents = s.total
FROM (SELECT order_id, sum(quantity * unit_price_cents - discount_cents) AS total
      FROM order_items WHERE order_id = 5001 GROUP BY order_id) AS s
WHERE o.id = s.order_id;
DELETE FROM cart_items WHERE cart_id = 900;
COMMIT;
-- the same checkout as one statement with data-modifying CTEs
WITH new_order AS (
  INSERT INTO orders (user_id, status, currency)
  VALUES ($1, 'pending', 'USD')
  RETURNING id
), lines AS (
  INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents)
  SELECT new_order.id, ci.product_id, ci.quantity, p.price_cents
  FROM new_order, cart_items ci JOIN products p ON p.id = ci.product_id
  WHERE ci.cart_id = $2
  RETURNING order_id, quantity * unit_price_cents AS line_total
)
UPDATE orders SET total_cents = (SELECT sum(line_total) FROM lines)
WHERE id = (SELECT id FROM new_order)
RETURNING id, total_cents;
SELECT * FROM orders WHERE id = 5001;
SELECT id, status, total_cents, placed_at FROM orders WHERE user_id = 42 ORDER BY placed_at DESC LIMIT 10;
SELECT id, status, total_cents FROM orders WHERE user_id = 42 AND placed_at < '2024-02-01' ORDER BY placed_at DESC LIMIT 10;
SELECT o.id, o.status, o.placed_at, oi.product_id, p.name, oi.quantity, oi.unit_price_cents
FROM orders o
JOIN order_items oi ON oi.order_id = o.id
JOIN products p ON p.id = oi.product_id
WHERE o.id = 5001
ORDER BY p.name;
SELECT o.*, json_agg(json_build_object('product_id', oi.product_id, 'qty', oi.quantity) ORDER BY oi.product_id) AS items
FROM orders o
JOIN order_items oi ON oi.order_id = o.id
WHERE o.id = 5001
GROUP BY o.id;
UPDATE orders SET status = 'paid', updated_at = now() WHERE id = 5001 AND status = 'pending' RETURNING id, status;
UPDATE orders SET status = 'cancelled', updated_at = now()
WHERE status = 'pending' AND placed_at < now() - interval '2 hours'
RETURNING id, user_id;
UPDATE orders SET status = CASE WHEN status = 'paid' THEN 'shipped' WHEN status = 'shipped' THEN 'delivered' ELSE status END
WHERE id = ANY ($1::bigint[]);
SELECT id FROM orders WHERE status = 'paid' ORDER BY placed_at LIMIT 100 FOR UPDATE SKIP LOCKED;
SELECT id, status FROM orders WHERE id = 5001 FOR NO KEY UPDATE;
DELETE FROM order_items oi USING orders o WHERE oi.order_id = o.id AND o.status = 'cancelled' AND o.updated_at < now() - interval '90 days';
DELETE FROM orders WHERE status = 'cancelled' AND updated_at < now() - interval '90 days' RETURNING id;
SELECT count(*) FROM orders WHERE user_id = 42 AND status IN ('paid', 'shipped', 'delivered');
SELECT EXISTS (SELECT 1 FROM order_items oi JOIN orders o ON o.id = oi.order_id WHERE o.user_id = 42 AND oi.product_id = 1001 AND o.status = 'delivered') AS purchased;

-- ---------------------------------------------------------------- payments
INSERT INTO payments (order_id, provider, provider_ref, amount_cents, status)
VALUES (5001, 'stripe', 'pi_3Nabc', 2598, 'authorized')
RETURNING id;
INSERT INTO payments (order_id, provider, provider_ref, amount_cents, status)
VALUES ($1, $2, $3, $4, 'authorized')
ON CONFLICT (provider, provider_ref) DO UPDATE
SET status = excluded.status, amount_cents = excluded.amount_cents
WHERE payments.status <> 'captured'
RETURNING id, (xmax = 0) AS inserted;
UPDATE payments SET status = 'captured', captured_at = now() WHERE provider = 'stripe' AND provider_ref = 'pi_3Nabc' AND status = 'authorized';
SELECT p.id, p.status, p.amount_cents, o.total_cents
FROM payments p JOIN orders o ON o.id = p.order_id
WHERE p.order_id = 5001
ORDER BY p.created_at DESC;
SELECT order_id, sum(amount_cents) FILTER (WHERE status = 'captured') AS captured,
       sum(amount_cents) FILTER (WHERE status = 'refunded') AS refunded
FROM payments WHERE order_id = 5001 GROUP BY order_id;
-- mark orders paid once captured payments cover the total
UPDATE orders o SET status = 'paid'
WHERE o.status = 'pending'
  AND o.total_cents <= (SELECT coalesce(sum(p.amount_cents), 0) FROM payments p WHERE p.order_id = o.id AND p.status = 'captured');
DELETE FROM payments WHERE status = 'failed' AND created_at < now() - interval '180 days';

-- ---------------------------------------------------------------- reviews
SELECT r.id, r.rating, r.title, r.body, u.full_name, r.created_at
FROM reviews r JOIN users u ON u.id = r.user_id
WHERE r.product_id = 1001
ORDER BY r.created_at DESC
LIMIT 10 OFFSET 0;
SELECT round(avg(rating), 2) AS avg_rating, count(*) AS n FROM reviews WHERE product_id = 1001;
SELECT rating, count(*) FROM reviews WHERE product_id = 1001 GROUP BY rating ORDER BY rating DESC;
INSERT INTO reviews (product_id, user_id, rating, title, body, is_verified)
VALUES (1001, 42, 5, 'Warm!', 'Exactly as described; would buy again.', true)
ON CONFLICT (product_id, user_id) DO UPDATE
SET rating = excluded.rating, title = excluded.title, body = excluded.body, created_at = now();
UPDATE reviews SET is_verified = true
WHERE product_id = 1001 AND user_id IN (SELECT o.user_id FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE oi.product_id = 1001);
DELETE FROM reviews WHERE id = 88 AND user_id = 42;
DELETE FROM reviews r USING users u WHERE r.user_id = u.id AND u.deleted_at IS NOT NULL RETURNING r.id;
SELECT p.id, p.name, avg(r.rating) AS avg_rating
FROM products p JOIN reviews r ON r.product_id = p.id
WHERE p.category_id = 12
GROUP BY p.id, p.name
HAVING count(r.id) >= 5
ORDER BY avg_rating DESC NULLS LAST
LIMIT 10;

-- ---------------------------------------------------------------- misc
-- "customers also bought"
SELECT oi2.product_id, count(*) AS together
FROM order_items oi1
JOIN order_items oi2 ON oi2.order_id = oi1.order_id AND oi2.product_id <> oi1.product_id
WHERE oi1.product_id = 1001
GROUP BY oi2.product_id
ORDER BY together DESC
LIMIT 5;
SELECT id, name FROM products WHERE id NOT IN (SELECT product_id FROM order_items) AND created_at < now() - interval '6 months';
WITH RECURSIVE tree AS (
  SELECT id, parent_id, name, 1 AS depth FROM categories WHERE id = 12
  UNION ALL
  SELECT c.id, c.parent_id, c.name, t.depth + 1 FROM categories c JOIN tree t ON c.id = t.parent_id
)
SELECT name FROM tree ORDER BY depth DESC;
SELECT id, email FROM users WHERE id = ANY (SELECT user_id FROM orders WHERE placed_at::date = current_date);
UPDATE users u SET status = 'vip' FROM (
  SELECT user_id FROM orders WHERE status = 'delivered' GROUP BY user_id HAVING sum(total_cents) > 100000
) big WHERE u.id = big.user_id AND u.status = 'active';
SELECT setval('orders_id_seq', (SELECT max(id) FROM orders));
SELECT currval(pg_get_serial_sequence('orders', 'id'));
SELECT pg_advisory_xact_lock(hashtext('checkout:' || 42::text));
SELECT pg_try_advisory_xact_lock(5001);

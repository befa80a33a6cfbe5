-- case: High planning time: a 14-relation join searched exhaustively (join_collapse_limit and geqo_threshold raised) to fetch one order's document.
-- database: ecommerce
-- shows: a deep tree of Nested Loops over index lookups that executes in well under a millisecond, with "Planning Time" around 100 ms or more.
-- finding: planning-time (planning takes orders of magnitude longer than execution; lower join_collapse_limit, simplify the query or prepare it)
-- expect: ^Planning Time: [0-9]{2,}\.[0-9]{3} ms$
-- expect: Nested Loop Left Join
-- variants: estimates
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;
SET join_collapse_limit = 16;
SET from_collapse_limit = 16;
SET geqo_threshold = 20;

-- query
SELECT o.order_number, u.email, sa.city AS ship_city, ba.city AS bill_city, p.sku, b.name AS brand,
       c.name AS category, pc.name AS department, w.code AS warehouse, i.quantity AS stock,
       pay.status AS payment, r.rating, cp.code AS coupon
FROM orders o
JOIN users u             ON u.id = o.user_id
JOIN addresses sa        ON sa.id = o.shipping_address_id
LEFT JOIN addresses ba   ON ba.id = o.billing_address_id
JOIN order_items oi      ON oi.order_id = o.id
JOIN products p          ON p.id = oi.product_id
JOIN brands b            ON b.id = p.brand_id
JOIN categories c        ON c.id = p.category_id
LEFT JOIN categories pc  ON pc.id = c.parent_id
LEFT JOIN inventory i    ON i.product_id = p.id AND i.warehouse_id = 1
LEFT JOIN warehouses w   ON w.id = i.warehouse_id
LEFT JOIN payments pay   ON pay.order_id = o.id AND pay.status = 'captured'
LEFT JOIN reviews r      ON r.product_id = p.id AND r.user_id = u.id
LEFT JOIN coupons cp     ON cp.id = o.coupon_id
WHERE o.order_number = 'ORD-00005000';

-- case: Healthy small join: the lines of one order with product, brand and category (ecommerce query 05).
-- database: ecommerce
-- shows: nested loops over primary-key index scans; every estimate within a small factor of the actual rows.
-- finding: none (healthy plan)
-- expect: Nested Loop
-- expect: Index Scan using order_items_pkey on public\.order_items oi
-- expect: Index Scan using products_pkey on public\.products p
-- variants: costs-off
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT oi.line_no, p.sku, p.name, b.name AS brand, c.name AS category,
       oi.quantity, oi.unit_price, oi.discount,
       oi.quantity * oi.unit_price - oi.discount AS line_total
FROM order_items oi
JOIN products p   ON p.id = oi.product_id
JOIN brands b     ON b.id = p.brand_id
JOIN categories c ON c.id = p.category_id
WHERE oi.order_id = 11500
ORDER BY oi.line_no;

-- Order confirmation page: the lines of one order with product, brand and category (FK lookups).
SELECT oi.line_no, p.sku, p.name, b.name AS brand, c.name AS category,
       oi.quantity, oi.unit_price, oi.discount,
       oi.quantity * oi.unit_price - oi.discount AS line_total
FROM order_items oi
JOIN products p   ON p.id = oi.product_id
JOIN brands b     ON b.id = p.brand_id
JOIN categories c ON c.id = p.category_id
WHERE oi.order_id = 11500
ORDER BY oi.line_no;

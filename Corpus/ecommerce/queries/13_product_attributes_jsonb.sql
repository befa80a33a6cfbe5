-- Faceted search: red wireless electronics under $200 (jsonb containment, GIN jsonb_path_ops).
SELECT id, sku, name, price, attributes
FROM products
WHERE attributes @> '{"color": "red", "wireless": true}'
  AND price < 200
  AND status = 'active'
ORDER BY price;

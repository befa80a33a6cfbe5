-- Search-as-you-type: active products whose name starts with what was typed (LIKE 'prefix%' on lower(name)).
SELECT id, sku, name, price
FROM products
WHERE lower(name) LIKE 'voltra pro%'
  AND status = 'active'
ORDER BY price DESC
LIMIT 20;

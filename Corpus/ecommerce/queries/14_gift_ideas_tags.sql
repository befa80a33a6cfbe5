-- Gift guide: products tagged gift or sale in the Toys & Games and Beauty departments (array overlap + join).
SELECT p.id, p.name, p.price, p.tags, c.name AS category
FROM products p
JOIN categories c ON c.id = p.category_id
WHERE p.tags && ARRAY['gift', 'sale']
  AND c.parent_id IN (5, 6)
  AND p.status = 'active'
ORDER BY p.price
LIMIT 40;

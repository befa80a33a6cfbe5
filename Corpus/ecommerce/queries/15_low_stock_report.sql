-- Purchasing: items at or below their reorder level in the main warehouse, most urgent first.
SELECT w.code, p.sku, p.name, i.quantity, i.reserved, i.reorder_level, i.updated_at
FROM inventory i
JOIN warehouses w ON w.id = i.warehouse_id
JOIN products p   ON p.id = i.product_id
WHERE w.code = 'EWR1'
  AND i.quantity <= i.reorder_level
  AND p.status = 'active'
ORDER BY i.quantity, p.sku;

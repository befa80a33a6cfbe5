-- Cart refresh: current price and status for the SKUs in a shopping cart (IN list on a unique key;
-- the last SKU no longer exists).
SELECT id, sku, name, price, status
FROM products
WHERE sku IN ('BEA-000001', 'HOM-000003', 'BEA-000042', 'ELE-000137', 'CLO-000250', 'BOO-000999', 'CLO-001500', 'TOY-009999');

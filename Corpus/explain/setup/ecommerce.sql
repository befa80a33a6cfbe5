-- Fixture-only tables for the ecommerce EXPLAIN cases (not part of the workload).
-- fixture.order_items_staging: a copy of order_items bulk-loaded and ANALYZEd but never
-- VACUUMed, so its visibility map is empty and an index-only scan must visit the heap
-- for every row (autovacuum is off in the fixture cluster).
CREATE SCHEMA fixture;
CREATE TABLE fixture.order_items_staging AS SELECT * FROM order_items ORDER BY order_id, line_no;
ALTER TABLE fixture.order_items_staging ADD PRIMARY KEY (order_id, line_no);
ANALYZE fixture.order_items_staging;

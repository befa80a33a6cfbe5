-- case: INSERT with a FOR EACH ROW trigger and foreign-key checks, inside a transaction that is rolled back.
-- database: ecommerce
-- writes: public.order_items, public.orders
-- shows: Insert on order_items with "WAL: records=... bytes=..."; after the plan, "Trigger RI_ConstraintTrigger_c_NNNNN for constraint order_items_order_id_fkey", the same for order_items_product_id_fkey and the row trigger "Trigger order_items_bump_subtotal" with time= and calls= (one call per inserted row); the trigger time is not part of any plan node.
-- finding: trigger-time (most of the execution time is spent in the row trigger and FK checks, outside the plan tree)
-- expect: ^Insert on public\.order_items
-- expect: WAL: records=\d+ (fpi=\d+ )?bytes=\d+
-- expect: ^Trigger RI_ConstraintTrigger_c_\d+ for constraint order_items_order_id_fkey: time=[0-9.]+ calls=\d+$
-- expect: ^Trigger RI_ConstraintTrigger_c_\d+ for constraint order_items_product_id_fkey: time=[0-9.]+ calls=\d+$
-- expect: ^Trigger order_items_bump_subtotal: time=[0-9.]+ calls=\d+$
-- variants: psql
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;
-- Setup (inside the case's transaction, rolled back afterwards): keep orders.subtotal in step with its lines.
CREATE FUNCTION pg_temp.order_items_bump_subtotal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE orders SET subtotal = subtotal + NEW.quantity * NEW.unit_price WHERE id = NEW.order_id;
    RETURN NEW;
END
$$;
CREATE TRIGGER order_items_bump_subtotal
    AFTER INSERT ON order_items
    FOR EACH ROW EXECUTE FUNCTION pg_temp.order_items_bump_subtotal();

-- query
INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price)
SELECT o.id, 99, 1, 1, 20.99
FROM orders o
WHERE o.created_at >= '2024-12-20 00:00:00+00'
  AND o.created_at <  '2024-12-27 00:00:00+00';

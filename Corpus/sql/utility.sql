-- utility.sql
-- Non-DML statements a query analyzer meets in logs and migration scripts:
-- EXPLAIN with every option over SELECT / INSERT / UPDATE / DELETE and
-- more, VACUUM / ANALYZE, SET / SET LOCAL / SET SESSION / RESET / SHOW,
-- transaction control and isolation levels, TRUNCATE, COPY, PREPARE /
-- EXECUTE / DEALLOCATE, LISTEN / NOTIFY, REFRESH MATERIALIZED VIEW,
-- functions and procedures (bodies in dollar quotes that contain ';'),
-- DO blocks, LOCK, CLUSTER, CHECKPOINT, DISCARD and friends.
-- Tables are those of the ecommerce and billing schemas.

/* ===================== EXPLAIN ===================== */
EXPLAIN SELECT * FROM orders WHERE user_id = 42;
EXPLAIN ANALYZE SELECT count(*) FROM order_items;
EXPLAIN ANALYZE VERBOSE SELECT id FROM users WHERE email = 'a@b.c';
EXPLAIN VERBOSE SELECT * FROM products WHERE category_id = 12 ORDER BY price_cents;
EXPLAIN (ANALYZE, BUFFERS) SELECT o.id, sum(oi.quantity) FROM orders o JOIN order_items oi ON oi.order_id = o.id GROUP BY o.id;
EXPLAIN (ANALYZE true, BUFFERS true, FORMAT JSON) SELECT * FROM payments WHERE status = 'failed';
EXPLAIN (FORMAT YAML) SELECT * FROM carts WHERE session_token = 'abc';
EXPLAIN (FORMAT XML, COSTS OFF) SELECT * FROM coupons WHERE code = 'X';
EXPLAIN (FORMAT TEXT, VERBOSE, COSTS false) SELECT * FROM reviews WHERE product_id = 1;
EXPLAIN (COSTS OFF, SETTINGS ON) SELECT * FROM inventory WHERE quantity < 5;
EXPLAIN (ANALYZE, WAL, BUFFERS, TIMING OFF, SUMMARY ON) INSERT INTO audit_log (action) VALUES ('explain-test');
EXPLAIN (ANALYZE, TIMING false, SUMMARY false) UPDATE products SET price_cents = price_cents + 1 WHERE id = 1;
EXPLAIN (ANALYZE, COSTS OFF) DELETE FROM cart_items WHERE cart_id = 900;
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, WAL, FORMAT JSON) WITH recent AS (SELECT * FROM orders WHERE placed_at > now() - interval '1 day') SELECT user_id, count(*) FROM recent GROUP BY user_id;
EXPLAIN INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) SELECT 1, id, 1, price_cents FROM products LIMIT 10;
EXPLAIN UPDATE orders o SET status = 'paid' FROM payments p WHERE p.order_id = o.id AND p.status = 'captured';
EXPLAIN DELETE FROM sessions USING users WHERE sessions.user_id = users.id AND users.deleted_at IS NOT NULL;
EXPLAIN (COSTS OFF) VALUES (1), (2);
EXPLAIN CREATE TABLE orders_copy AS SELECT * FROM orders WHERE false;
EXPLAIN (ANALYZE) CREATE MATERIALIZED VIEW mv_explained AS SELECT user_id, count(*) FROM orders GROUP BY user_id;
EXPLAIN EXECUTE get_order(5001);
EXPLAIN (ANALYZE, BUFFERS) DECLARE c CURSOR FOR SELECT * FROM users;
EXPLAIN (SUMMARY) SELECT 1 FROM addresses WHERE country_code = 'NO';
EXPLAIN (ANALYZE off, FORMAT json) SELECT * FROM categories c WHERE EXISTS (SELECT 1 FROM products p WHERE p.category_id = c.id);

/* ===================== VACUUM / ANALYZE ===================== */
VACUUM;
VACUUM orders;
VACUUM FULL coupons;
VACUUM FREEZE VERBOSE ANALYZE order_items;
VACUUM (ANALYZE) payments;
VACUUM (VERBOSE, ANALYZE) users (email, created_at);
VACUUM (FULL, VERBOSE) carts, cart_items;
VACUUM (FREEZE, DISABLE_PAGE_SKIPPING) inventory;
VACUUM (PARALLEL 4, INDEX_CLEANUP OFF) events;
VACUUM (INDEX_CLEANUP AUTO, TRUNCATE false, PROCESS_TOAST false) page_views;
VACUUM (SKIP_LOCKED, ANALYZE) sessions, devices;
VACUUM ANALYZE reviews (rating, product_id);
ANALYZE;
ANALYZE orders;
ANALYZE VERBOSE products (category_id, price_cents);
ANALYZE (SKIP_LOCKED, VERBOSE) order_items, payments;
ANALYZE billing.invoices (status);
CLUSTER orders USING orders_placed_at_idx;
CLUSTER VERBOSE payments;
CLUSTER;
CHECKPOINT;

/* ===================== SET / RESET / SHOW ===================== */
SET statement_timeout = '30s';
SET LOCAL statement_timeout TO 0;
SET lock_timeout = 5000;
SET LOCAL work_mem = '256MB';
SET SESSION search_path TO app, public;
SET search_path = "$user", public;
SET idle_in_transaction_session_timeout TO DEFAULT;
SET random_page_cost = DEFAULT;
SET enable_seqscan = off;
SET LOCAL enable_nestloop TO false;
SET jit = on;
SET application_name = 'augur-worker';
SET TIME ZONE 'UTC';
SET TIME ZONE LOCAL;
SET TIME ZONE INTERVAL '+02:00' HOUR TO MINUTE; -- same parse tree shape as SET TIME ZONE 'UTC' apart from the constant
SET SCHEMA 'reporting';
SET NAMES 'UTF8';
SET ROLE app_readonly;
SET SESSION AUTHORIZATION DEFAULT;
SET LOCAL app.tenant_id = '0b1c2d3e-0000-4000-8000-000000000001';
SET default_transaction_isolation = 'repeatable read';
SET plan_cache_mode = force_generic_plan;
SET log_min_duration_statement = 250;
SET client_min_messages TO warning;
SET maintenance_work_mem = '1GB';
SET max_parallel_workers_per_gather = 4;
RESET statement_timeout;
RESET ROLE;
RESET SESSION AUTHORIZATION;
RESET ALL;
SHOW search_path;
SHOW ALL;
SHOW TIME ZONE;
SHOW TRANSACTION ISOLATION LEVEL;
SHOW server_version;
SHOW work_mem;
SELECT set_config('app.user_id', '42', true);
SELECT current_setting('app.tenant_id', true);
ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements', 'auto_explain';
ALTER SYSTEM RESET checkpoint_timeout;
ALTER DATABASE augur SET timezone TO 'UTC';
ALTER DATABASE augur RESET ALL;

/* ===================== transactions ===================== */
BEGIN;
BEGIN WORK;
BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE;
BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;
BEGIN READ ONLY DEFERRABLE ISOLATION LEVEL SERIALIZABLE;
START TRANSACTION;
START TRANSACTION ISOLATION LEVEL READ COMMITTED READ WRITE;
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;
SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED;
SET TRANSACTION READ ONLY;
SET TRANSACTION SNAPSHOT '00000003-0000001B-1';
SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE;
SAVEPOINT before_bulk_update;
RELEASE SAVEPOINT before_bulk_update;
RELEASE sp_two;
ROLLBACK TO SAVEPOINT before_bulk_update;
ROLLBACK TO sp_one;
COMMIT;
COMMIT AND CHAIN;
END;
ROLLBACK;
ROLLBACK AND NO CHAIN;
ABORT;
PREPARE TRANSACTION 'txn-2024-0001';
COMMIT PREPARED 'txn-2024-0001';
ROLLBACK PREPARED 'txn-2024-0002';
LOCK TABLE inventory IN SHARE ROW EXCLUSIVE MODE;
LOCK TABLE ONLY orders, payments IN ACCESS EXCLUSIVE MODE NOWAIT;
LOCK coupons;
LOCK TABLE carts IN ROW EXCLUSIVE MODE;

/* ===================== TRUNCATE ===================== */
TRUNCATE cart_items;
TRUNCATE TABLE carts, cart_items RESTART IDENTITY;
TRUNCATE ONLY staging_orders CONTINUE IDENTITY RESTRICT;
TRUNCATE TABLE orders, order_items, payments RESTART IDENTITY CASCADE;

/* ===================== COPY ===================== */
COPY users TO STDOUT;
COPY users (id, email) TO STDOUT WITH (FORMAT csv, HEADER true);
COPY (SELECT id, total_cents FROM orders WHERE placed_at > now() - interval '1 day') TO STDOUT WITH (FORMAT csv, HEADER, DELIMITER ';', QUOTE '"', FORCE_QUOTE (total_cents));
COPY products TO '/tmp/products.tsv' WITH (FORMAT text, NULL '\N');
COPY order_items TO STDOUT (FORMAT binary);
COPY staging_orders FROM STDIN WITH (FORMAT csv, HEADER match);
COPY staging_orders (order_id, sku, qty) FROM '/data/orders.csv' WITH (FORMAT csv, DELIMITER ',', NULL '', FORCE_NOT_NULL (sku), ENCODING 'UTF8');
COPY staging_customer FROM PROGRAM 'gunzip -c /data/customers.csv.gz' WITH (FORMAT csv) WHERE customer_id IS NOT NULL;
COPY reviews TO STDOUT WITH CSV HEADER;
COPY coupons FROM STDIN WITH DELIMITER '|' NULL AS '';
COPY BINARY inventory TO STDOUT;

/* ===================== prepared statements ===================== */
PREPARE get_order (bigint) AS SELECT * FROM orders WHERE id = $1;
PREPARE add_item (bigint, bigint, int) AS INSERT INTO cart_items (cart_id, product_id, quantity) VALUES ($1, $2, $3) RETURNING added_at;
PREPARE bump_stock AS UPDATE inventory SET quantity = quantity + $2 WHERE product_id = $1;
PREPARE purge_carts (interval) AS DELETE FROM carts WHERE updated_at < now() - $1;
EXECUTE get_order(5001);
EXECUTE add_item(900, 1001, 2);
EXECUTE bump_stock(1001, 10);
DEALLOCATE get_order;
DEALLOCATE PREPARE add_item;
DEALLOCATE ALL;

/* ===================== LISTEN / NOTIFY ===================== */
LISTEN order_events;
LISTEN "Mixed Case Channel";
NOTIFY order_events;
NOTIFY order_events, '{"order_id": 5001, "status": "paid"}';
SELECT pg_notify('order_events', json_build_object('id', 5001)::text);
UNLISTEN order_events;
UNLISTEN *;

/* ===================== materialized views ===================== */
REFRESH MATERIALIZED VIEW mv_product_sales;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_tenant_usage;
REFRESH MATERIALIZED VIEW reporting.mv_monthly_region WITH NO DATA;

/* ===================== functions, procedures, DO ===================== */
CREATE FUNCTION order_total(p_order_id bigint) RETURNS bigint
LANGUAGE sql STABLE
AS $$
  SELECT coalesce(sum(quantity * unit_price_cents - discount_cents), 0)
  FROM order_items
  WHERE order_id = p_order_id;
$$;
CREATE OR REPLACE FUNCTION active_products(p_category int, p_limit int DEFAULT 20)
RETURNS TABLE (id bigint, name text, price_cents int)
LANGUAGE sql STABLE PARALLEL SAFE
AS $body$
  SELECT id, name, price_cents FROM products
  WHERE category_id = p_category AND is_active   -- a comment; with a semicolon
  ORDER BY name
  LIMIT p_limit;
$body$;
CREATE FUNCTION add_cents(a bigint, b bigint) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT RETURN a + b;
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$fn$;
CREATE FUNCTION billing.next_invoice_number(p_tenant uuid) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = billing, pg_temp
AS $$
DECLARE
  v_next integer;
BEGIN
  UPDATE invoice_counters SET last_number = last_number + 1
  WHERE tenant_id = p_tenant
  RETURNING last_number INTO v_next;
  IF NOT FOUND THEN
    INSERT INTO invoice_counters (tenant_id, last_number) VALUES (p_tenant, 1);
    v_next := 1;
  END IF;
  RETURN v_next;
END;
$$;
CREATE FUNCTION sum_all(VARIADIC nums numeric[]) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT sum(n) FROM unnest(nums) AS n';
CREATE FUNCTION split_name(full_name text, OUT first text, OUT last text) LANGUAGE sql AS $$ SELECT split_part(full_name, ' ', 1), split_part(full_name, ' ', 2) $$;
CREATE FUNCTION cost_heavy(x int) RETURNS SETOF int LANGUAGE sql COST 1000 ROWS 50 LEAKPROOF AS $$ SELECT generate_series(1, x) $$;
CREATE PROCEDURE archive_orders(cutoff date)
LANGUAGE plpgsql
AS $proc$
BEGIN
  INSERT INTO orders_archive SELECT * FROM orders WHERE placed_at < cutoff;
  DELETE FROM orders WHERE placed_at < cutoff;
  COMMIT;
END
$proc$;
CALL archive_orders('2020-01-01');
CALL billing.recalculate_balances(p_tenant => '0b1c2d3e-0000-4000-8000-000000000001');
ALTER FUNCTION order_total(bigint) SET work_mem = '64MB';
ALTER FUNCTION add_cents(bigint, bigint) RENAME TO add_minor_units;
ALTER PROCEDURE archive_orders(date) OWNER TO app_owner;
DROP PROCEDURE IF EXISTS archive_orders(date);
DO $$
BEGIN
  RAISE NOTICE 'orders: %', (SELECT count(*) FROM orders);
END
$$;
DO LANGUAGE plpgsql $do$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('ANALYZE %I', r.tablename);  -- one statement per table; fine
  END LOOP;
END;
$do$;
DO 'BEGIN PERFORM pg_sleep(0); END';

/* ===================== misc utility ===================== */
DISCARD ALL;
DISCARD PLANS;
DISCARD TEMP;
DISCARD SEQUENCES;
LOAD 'auto_explain';
CREATE DATABASE augur_test WITH TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' CONNECTION LIMIT 10;
DROP DATABASE IF EXISTS augur_test WITH (FORCE);
REASSIGN OWNED BY old_owner TO app_owner;
SECURITY LABEL FOR selinux ON TABLE users IS 'system_u:object_r:sepgsql_table_t:s0';
IMPORT FOREIGN SCHEMA remote_public FROM SERVER legacy_crm INTO crm_import;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'pending';
SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE state = 'idle in transaction' AND xact_start < now() - interval '10 minutes';
SELECT pg_terminate_backend(12345);
SELECT pg_reload_conf();
SELECT pg_stat_statements_reset();
SELECT query, calls, total_exec_time, mean_exec_time, rows FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 20;
SELECT relname, seq_scan, idx_scan, n_dead_tup FROM pg_stat_user_tables WHERE n_dead_tup > 10000 ORDER BY n_dead_tup DESC;
SELECT indexrelid::regclass, idx_scan FROM pg_stat_user_indexes WHERE idx_scan = 0;
SELECT pid, wait_event_type, wait_event, state, query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid();
SELECT l.locktype, l.relation::regclass, l.mode, l.granted, a.query FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE NOT l.granted;

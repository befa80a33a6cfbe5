-- ddl.sql
-- Schema definition statements for a multi-tenant SaaS billing and
-- scheduling product: schemas, extensions, types, domains, sequences,
-- tables (types with modifiers, identity / generated columns, every kind of
-- column and table constraint, partitioning, LIKE, INHERITS, UNLOGGED,
-- TEMP), indexes (methods, expressions, opclasses, INCLUDE, partial,
-- storage parameters, CONCURRENTLY, ON ONLY), ALTER TABLE in its many
-- forms, extended statistics, views and materialized views, comments,
-- privileges, policies, publications, and DROP.

-- ---------------------------------------------------------------- schemas & extensions
CREATE SCHEMA billing;
CREATE SCHEMA IF NOT EXISTS scheduling AUTHORIZATION app_owner;
CREATE SCHEMA AUTHORIZATION reporting_user;
CREATE SCHEMA audit
  CREATE TABLE entries (id bigserial PRIMARY KEY, body jsonb)
  CREATE VIEW recent AS SELECT * FROM entries ORDER BY id DESC LIMIT 100;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;
CREATE EXTENSION "uuid-ossp" SCHEMA extensions VERSION '1.1' CASCADE;
CREATE EXTENSION IF NOT EXISTS citext;
ALTER EXTENSION pg_trgm UPDATE TO '1.6';

-- ---------------------------------------------------------------- types, domains, sequences
CREATE TYPE billing.invoice_status AS ENUM ('draft', 'open', 'paid', 'void', 'uncollectible');
CREATE TYPE plan_interval AS ENUM ();
ALTER TYPE billing.invoice_status ADD VALUE IF NOT EXISTS 'refunded' AFTER 'paid';
ALTER TYPE plan_interval ADD VALUE 'month';
ALTER TYPE plan_interval ADD VALUE 'week' BEFORE 'month';
ALTER TYPE billing.invoice_status RENAME VALUE 'uncollectible' TO 'written_off';
CREATE TYPE money_amount AS (amount numeric(18,4), currency char(3));
CREATE TYPE scheduling.timerange AS RANGE (subtype = time, subtype_diff = time_subtype_diff);
CREATE DOMAIN email_address AS citext CHECK (VALUE ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$');
CREATE DOMAIN positive_cents AS bigint NOT NULL DEFAULT 0 CONSTRAINT positive_cents_check CHECK (VALUE >= 0);
CREATE DOMAIN currency_code AS char(3) COLLATE "C" CHECK (VALUE ~ '^[A-Z]{3}$');
ALTER DOMAIN email_address ADD CONSTRAINT email_len CHECK (length(VALUE) <= 254) NOT VALID;
ALTER DOMAIN email_address VALIDATE CONSTRAINT email_len;
CREATE SEQUENCE billing.invoice_number_seq START WITH 1000 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 20;
CREATE SEQUENCE IF NOT EXISTS ticket_seq AS integer INCREMENT 5 MINVALUE 1 MAXVALUE 1000000 CYCLE OWNED BY NONE;
CREATE TEMPORARY SEQUENCE scratch_seq;
ALTER SEQUENCE billing.invoice_number_seq RESTART WITH 5000;
ALTER SEQUENCE ticket_seq OWNED BY tickets.id;

-- ---------------------------------------------------------------- core tables
CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug varchar(63) NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]+$'),
  name text NOT NULL,
  plan text NOT NULL DEFAULT 'free',
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  deleted_at timestamptz
);
CREATE TABLE billing.customers (
  id bigint GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY 1) PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  external_ref varchar(100),
  email email_address,
  name varchar(200) NOT NULL,
  tax_ids text[] NOT NULL DEFAULT '{}',
  balance_cents bigint NOT NULL DEFAULT 0,
  address money_amount,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT customers_external_ref_uq UNIQUE NULLS NOT DISTINCT (tenant_id, external_ref)
);
CREATE TABLE billing.invoices (
  id bigserial,
  tenant_id uuid NOT NULL,
  customer_id bigint NOT NULL,
  number integer NOT NULL DEFAULT nextval('billing.invoice_number_seq'),
  status billing.invoice_status NOT NULL DEFAULT 'draft',
  currency currency_code NOT NULL,
  subtotal_cents bigint NOT NULL CHECK (subtotal_cents >= 0),
  tax_cents bigint NOT NULL DEFAULT 0,
  total_cents bigint GENERATED ALWAYS AS (subtotal_cents + tax_cents) STORED,
  issued_on date,
  due_on date,
  paid_at timestamptz,
  metadata jsonb,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number),
  FOREIGN KEY (customer_id) REFERENCES billing.customers (id) ON DELETE RESTRICT ON UPDATE CASCADE,
  CHECK (due_on IS NULL OR due_on >= issued_on),
  CONSTRAINT paid_has_date CHECK (status <> 'paid' OR paid_at IS NOT NULL)
);
CREATE TABLE billing.invoice_lines (
  tenant_id uuid NOT NULL,
  invoice_id bigint NOT NULL,
  line_no smallint NOT NULL,
  description text NOT NULL,
  quantity numeric(12,2) NOT NULL DEFAULT 1,
  unit_price_cents integer NOT NULL,
  discount_pct real CHECK (discount_pct BETWEEN 0 AND 100),
  PRIMARY KEY (tenant_id, invoice_id, line_no),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES billing.invoices (tenant_id, id) MATCH FULL ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE billing.subscriptions (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  tenant_id uuid NOT NULL,
  customer_id bigint REFERENCES billing.customers ON DELETE SET NULL,
  plan_code varchar(40) NOT NULL,
  billing_interval plan_interval NOT NULL,
  seats integer NOT NULL DEFAULT 1 CHECK (seats > 0),
  period tstzrange NOT NULL,
  cancel_at_period_end boolean NOT NULL DEFAULT false,
  CONSTRAINT subscriptions_pkey PRIMARY KEY (id),
  CONSTRAINT no_overlapping_periods EXCLUDE USING gist (customer_id WITH =, plan_code WITH =, period WITH &&)
);
CREATE TABLE billing.credit_notes (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL,
  invoice_id bigint,
  customer_id bigint,
  amount_cents positive_cents,
  reason text COLLATE "C",
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES billing.invoices (tenant_id, id) ON DELETE SET NULL (invoice_id),
  FOREIGN KEY (customer_id) REFERENCES billing.customers (id) ON DELETE SET DEFAULT NOT DEFERRABLE
);
CREATE TABLE scheduling.rooms (
  id serial PRIMARY KEY,
  tenant_id uuid NOT NULL,
  name text NOT NULL,
  capacity smallint CHECK (capacity > 0) NOT NULL,
  features text[] DEFAULT ARRAY[]::text[],
  location point,
  UNIQUE (tenant_id, name) DEFERRABLE INITIALLY IMMEDIATE
);
CREATE TABLE scheduling.bookings (
  id bigint GENERATED ALWAYS AS IDENTITY,
  room_id integer NOT NULL REFERENCES scheduling.rooms (id),
  booked_by uuid NOT NULL,
  during tstzrange NOT NULL,
  title varchar(255),
  cancelled boolean NOT NULL DEFAULT false,
  duration interval GENERATED ALWAYS AS (upper(during) - lower(during)) STORED,
  EXCLUDE USING gist (room_id WITH =, during WITH &&) WHERE (NOT cancelled)
);
CREATE TABLE IF NOT EXISTS api_keys (
  key_hash bytea PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants ON DELETE CASCADE,
  scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
  last_used_at timestamp without time zone,
  expires_at timestamp(0) with time zone,
  ip_allowlist cidr[],
  label varchar
);
CREATE TABLE feature_flags (
  tenant_id uuid,
  flag text,
  enabled bool NOT NULL,
  rollout_pct double precision DEFAULT 100.0,
  variants json,
  weight decimal(5,4),
  small_code character(2),
  long_label character varying(500),
  bits bit(8),
  varbits bit varying(64),
  seconds_offset time(0) without time zone,
  starts_at time with time zone,
  wait interval day to second(0),
  counter int8,
  tiny int2,
  ratio float4,
  precise float(53),
  blob bytea,
  mac macaddr8,
  doc xml,
  vec tsvector,
  money_col money,
  PRIMARY KEY (tenant_id, flag)
);
CREATE TABLE webhook_deliveries (
  id uuid NOT NULL,
  endpoint_id bigint NOT NULL,
  attempt smallint NOT NULL DEFAULT 1,
  payload jsonb COMPRESSION lz4,
  response_code int,
  delivered_at timestamptz,
  CONSTRAINT webhook_deliveries_pk PRIMARY KEY (id, attempt) INCLUDE (delivered_at)
);

-- ---------------------------------------------------------------- partitioning
CREATE TABLE usage_records (
  tenant_id uuid NOT NULL,
  metric text NOT NULL,
  recorded_at timestamptz NOT NULL,
  quantity bigint NOT NULL
) PARTITION BY RANGE (recorded_at);
CREATE TABLE usage_records_history PARTITION OF usage_records FOR VALUES FROM (MINVALUE) TO ('2024-01-01');
CREATE TABLE usage_records_current PARTITION OF usage_records FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY HASH (tenant_id);
CREATE TABLE usage_records_current_p0 PARTITION OF usage_records_current FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE IF NOT EXISTS usage_records_future PARTITION OF usage_records (quantity DEFAULT 0) FOR VALUES FROM ('2025-01-01') TO (MAXVALUE) WITH (fillfactor = 90);
CREATE TABLE usage_records_fallback PARTITION OF usage_records DEFAULT;
CREATE TABLE audit_events (
  region text NOT NULL,
  happened_at timestamptz NOT NULL,
  detail jsonb
) PARTITION BY LIST (region);
CREATE TABLE audit_events_eu PARTITION OF audit_events FOR VALUES IN ('eu-west', 'eu-central');
CREATE TABLE audit_events_us PARTITION OF audit_events (CONSTRAINT us_detail_present CHECK (detail IS NOT NULL)) FOR VALUES IN ('us-east', 'us-west') PARTITION BY RANGE (happened_at);
CREATE TABLE audit_events_nulls PARTITION OF audit_events FOR VALUES IN (NULL);
CREATE TABLE metrics_by_hash (id bigint, v numeric) PARTITION BY HASH (id);
CREATE TABLE daily_rollups (tenant_id uuid, day date, metric text, total bigint) PARTITION BY RANGE (day, metric);
CREATE TABLE sessions_by_expr (token text, created_at timestamptz) PARTITION BY LIST (lower(left(token, 1)));

-- ---------------------------------------------------------------- other CREATE TABLE forms
CREATE UNLOGGED TABLE cache_entries (key text PRIMARY KEY, value bytea, expires_at timestamptz) WITH (autovacuum_enabled = false);
CREATE TEMP TABLE import_rows (line_no int, raw text) ON COMMIT DROP;
CREATE TEMPORARY TABLE IF NOT EXISTS batch_ids (id bigint) ON COMMIT DELETE ROWS;
CREATE GLOBAL TEMPORARY TABLE report_scratch (k text, v numeric) ON COMMIT PRESERVE ROWS;
CREATE TABLE billing.invoices_archive (LIKE billing.invoices INCLUDING ALL);
CREATE TABLE customers_shadow (LIKE billing.customers INCLUDING DEFAULTS INCLUDING CONSTRAINTS EXCLUDING INDEXES, shadowed_at timestamptz DEFAULT now());
CREATE TABLE rooms_with_projector (projector_model text) INHERITS (scheduling.rooms);
CREATE TABLE legacy_customers () INHERITS (billing.customers, tenants);
CREATE TABLE big_invoices AS SELECT * FROM billing.invoices WHERE total_cents > 1000000;
CREATE TABLE IF NOT EXISTS empty_copy AS TABLE tenants WITH NO DATA;
CREATE UNLOGGED TABLE tenant_counts (tenant_id, n) AS SELECT tenant_id, count(*) FROM billing.customers GROUP BY tenant_id;
CREATE TABLE heap_explicit (id int) USING heap TABLESPACE pg_default;
CREATE TABLE toast_tuned (id int, body text) WITH (toast_tuple_target = 4096, autovacuum_vacuum_scale_factor = 0.01);
CREATE TABLE typed_customers OF money_amount (PRIMARY KEY (amount));
CREATE TABLE "Weird Name" ("Mixed Case" int, "with space" text, "select" boolean);
CREATE TABLE tenants_settings_history (tenant_id uuid, changed_at timestamptz, before jsonb, after jsonb) WITHOUT OIDS;

-- ---------------------------------------------------------------- indexes
CREATE INDEX customers_tenant_idx ON billing.customers (tenant_id);
CREATE UNIQUE INDEX customers_email_uq ON billing.customers (tenant_id, lower(email::text));
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_status_due_idx ON billing.invoices (status, due_on) WHERE status = 'open';
CREATE INDEX invoices_issued_brin ON billing.invoices USING brin (issued_on) WITH (pages_per_range = 64, autosummarize = on);
CREATE INDEX invoices_metadata_gin ON billing.invoices USING gin (metadata jsonb_path_ops);
CREATE INDEX invoices_metadata_ops ON billing.invoices USING gin (metadata);
CREATE INDEX customers_name_trgm ON billing.customers USING gin (name gin_trgm_ops);
CREATE INDEX customers_name_gist_trgm ON billing.customers USING gist (name gist_trgm_ops);
CREATE INDEX customers_tax_ids_gin ON billing.customers USING gin (tax_ids) WITH (fastupdate = off);
CREATE INDEX tenants_slug_pattern ON tenants (slug text_pattern_ops);
CREATE INDEX tenants_name_varchar_pattern ON tenants (name varchar_pattern_ops);
CREATE INDEX api_keys_label_hash ON api_keys USING hash (label);
CREATE INDEX bookings_during_gist ON scheduling.bookings USING gist (during);
CREATE INDEX rooms_location_spgist ON scheduling.rooms USING spgist (location);
CREATE INDEX invoices_created_desc ON billing.invoices (tenant_id, issued_on DESC NULLS LAST, id DESC);
CREATE INDEX invoices_paid_cover ON billing.invoices (customer_id) INCLUDE (total_cents, paid_at) WHERE paid_at IS NOT NULL;
CREATE INDEX invoices_issued_day ON billing.invoices ((issued_on::timestamp::date));
CREATE INDEX usage_day_idx ON usage_records ((recorded_at::date), metric);
CREATE INDEX usage_tenant_idx ON ONLY usage_records (tenant_id, recorded_at);
CREATE INDEX usage_hist_tenant_idx ON usage_records_history (tenant_id, recorded_at);
ALTER INDEX usage_tenant_idx ATTACH PARTITION usage_hist_tenant_idx;
CREATE UNIQUE INDEX CONCURRENTLY tenants_slug_lower_uq ON tenants (lower(slug)) WITH (fillfactor = 70);
CREATE INDEX customers_collated ON billing.customers (name COLLATE "C" ASC NULLS FIRST);
CREATE UNIQUE INDEX flags_nulls_nd ON feature_flags (tenant_id, flag) NULLS NOT DISTINCT;
CREATE INDEX ON cache_entries (expires_at);
CREATE INDEX bookings_active_room ON scheduling.bookings USING btree (room_id, lower(during)) TABLESPACE fast_ssd WHERE NOT cancelled;
CREATE INDEX invoices_meta_customer ON billing.invoices ((metadata ->> 'customer_ref'));
CREATE INDEX deliveries_undelivered ON webhook_deliveries (endpoint_id, id) WHERE delivered_at IS NULL AND attempt < 10;
REINDEX INDEX CONCURRENTLY invoices_status_due_idx;
REINDEX TABLE billing.customers;
REINDEX (VERBOSE) SCHEMA billing;

-- ---------------------------------------------------------------- ALTER TABLE
ALTER TABLE tenants ADD COLUMN billing_email text;
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS region text NOT NULL DEFAULT 'eu-west';
ALTER TABLE billing.customers ADD COLUMN vip boolean DEFAULT false, ADD COLUMN notes text;
ALTER TABLE tenants DROP COLUMN billing_email;
ALTER TABLE tenants DROP COLUMN IF EXISTS legacy_id CASCADE;
ALTER TABLE billing.invoices ALTER COLUMN number TYPE bigint;
ALTER TABLE billing.invoice_lines ALTER COLUMN quantity SET DATA TYPE numeric(14,4) USING quantity::numeric(14,4);
ALTER TABLE api_keys ALTER COLUMN last_used_at TYPE timestamptz USING last_used_at AT TIME ZONE 'UTC';
ALTER TABLE tenants ALTER COLUMN plan SET DEFAULT 'trial';
ALTER TABLE tenants ALTER COLUMN settings DROP DEFAULT;
ALTER TABLE tenants ALTER COLUMN name SET NOT NULL;
ALTER TABLE tenants ALTER COLUMN deleted_at DROP NOT NULL;
ALTER TABLE billing.invoices ALTER COLUMN status SET STATISTICS 1000;
ALTER TABLE billing.invoices ALTER COLUMN metadata SET STORAGE EXTERNAL;
ALTER TABLE webhook_deliveries ALTER COLUMN payload SET COMPRESSION pglz;
ALTER TABLE billing.customers ALTER COLUMN external_ref SET (n_distinct = -0.5);
ALTER TABLE feature_flags ALTER COLUMN counter ADD GENERATED BY DEFAULT AS IDENTITY;
ALTER TABLE billing.credit_notes ALTER COLUMN id RESTART WITH 10000;
ALTER TABLE billing.credit_notes ALTER COLUMN id SET GENERATED ALWAYS;
ALTER TABLE billing.invoices ALTER COLUMN total_cents DROP EXPRESSION;
ALTER TABLE billing.invoices ADD CONSTRAINT invoices_currency_fk FOREIGN KEY (currency) REFERENCES currencies (code) NOT VALID;
ALTER TABLE billing.invoices VALIDATE CONSTRAINT invoices_currency_fk;
ALTER TABLE billing.invoices ADD CONSTRAINT positive_tax CHECK (tax_cents >= 0) NOT VALID;
ALTER TABLE billing.invoices DROP CONSTRAINT positive_tax;
ALTER TABLE billing.invoices DROP CONSTRAINT IF EXISTS old_check RESTRICT;
ALTER TABLE tenants ADD CONSTRAINT tenants_name_uq UNIQUE USING INDEX tenants_slug_lower_uq;
ALTER TABLE billing.invoice_lines ALTER CONSTRAINT invoice_lines_tenant_id_invoice_id_fkey NOT DEFERRABLE;
ALTER TABLE billing.invoices RENAME COLUMN number TO invoice_number;
ALTER TABLE billing.invoices RENAME CONSTRAINT paid_has_date TO invoices_paid_has_date;
ALTER TABLE IF EXISTS billing.invoices_archive RENAME TO invoices_old;
ALTER TABLE cache_entries SET LOGGED;
ALTER TABLE report_scratch SET UNLOGGED;
ALTER TABLE billing.invoices SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_threshold = 5000);
ALTER TABLE billing.invoices RESET (autovacuum_vacuum_scale_factor);
ALTER TABLE cache_entries SET (fillfactor = 80);
ALTER TABLE usage_records ATTACH PARTITION usage_records_archive FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
ALTER TABLE audit_events ATTACH PARTITION audit_events_apac FOR VALUES IN ('ap-south', 'ap-east');
ALTER TABLE metrics_by_hash ATTACH PARTITION metrics_by_hash_part FOR VALUES WITH (MODULUS 2, REMAINDER 1);
ALTER TABLE audit_events ATTACH PARTITION audit_events_rest DEFAULT;
ALTER TABLE usage_records DETACH PARTITION usage_records_history;
ALTER TABLE usage_records DETACH PARTITION usage_records_future CONCURRENTLY;
ALTER TABLE usage_records DETACH PARTITION usage_records_future FINALIZE;
ALTER TABLE billing.customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing.customers FORCE ROW LEVEL SECURITY;
ALTER TABLE billing.invoices CLUSTER ON invoices_created_desc;
ALTER TABLE billing.invoices SET WITHOUT CLUSTER;
ALTER TABLE tenants OWNER TO app_owner;
ALTER TABLE api_keys SET SCHEMA security;
ALTER TABLE tenants REPLICA IDENTITY FULL;
ALTER TABLE billing.customers REPLICA IDENTITY USING INDEX customers_email_uq;
ALTER TABLE legacy_customers NO INHERIT tenants;
ALTER TABLE rooms_with_projector INHERIT scheduling.rooms;
ALTER TABLE billing.invoices DISABLE TRIGGER ALL;
ALTER TABLE billing.invoices ENABLE TRIGGER invoices_audit;
ALTER TABLE billing.invoices ENABLE REPLICA TRIGGER invoices_sync;
ALTER TABLE scheduling.bookings SET TABLESPACE fast_ssd;
ALTER TABLE toast_tuned SET ACCESS METHOD heap;
ALTER TABLE ONLY usage_records ADD CONSTRAINT usage_quantity_nonneg CHECK (quantity >= 0);
ALTER TABLE billing.customers ALTER COLUMN name SET NOT NULL, ALTER COLUMN email SET STATISTICS 500, ADD CONSTRAINT name_not_blank CHECK (name <> '');
ALTER TABLE feature_flags ADD PRIMARY KEY USING INDEX flags_nulls_nd;
ALTER INDEX invoices_paid_cover RENAME TO invoices_paid_covering_idx;
ALTER INDEX IF EXISTS customers_tenant_idx SET TABLESPACE fast_ssd;
ALTER INDEX invoices_issued_day ALTER COLUMN 1 SET STATISTICS 200;
ALTER INDEX tenants_slug_lower_uq SET (fillfactor = 90);
ALTER VIEW billing.v_open_invoices RENAME TO v_unpaid_invoices;
ALTER MATERIALIZED VIEW mv_tenant_usage SET SCHEMA reporting;

-- ---------------------------------------------------------------- extended statistics
CREATE STATISTICS invoices_status_currency (dependencies) ON status, currency FROM billing.invoices;
CREATE STATISTICS IF NOT EXISTS customers_ndistinct (ndistinct) ON tenant_id, external_ref FROM billing.customers;
CREATE STATISTICS bookings_mcv (mcv) ON room_id, cancelled FROM scheduling.bookings;
CREATE STATISTICS invoices_all_kinds (ndistinct, dependencies, mcv) ON tenant_id, status, currency FROM billing.invoices;
CREATE STATISTICS invoices_expr_stats ON (date_trunc('month', issued_on)), status FROM billing.invoices;
CREATE STATISTICS usage_expr_only ON (lower(metric)) FROM usage_records;
ALTER STATISTICS invoices_status_currency SET STATISTICS 500;
DROP STATISTICS IF EXISTS customers_ndistinct;

-- ---------------------------------------------------------------- views
CREATE VIEW billing.v_open_invoices AS
SELECT i.tenant_id, i.id, c.name AS customer, i.total_cents, i.due_on
FROM billing.invoices i JOIN billing.customers c ON c.id = i.customer_id
WHERE i.status = 'open';
CREATE OR REPLACE VIEW v_active_tenants (id, slug, name) AS SELECT id, slug, name FROM tenants WHERE deleted_at IS NULL;
CREATE VIEW v_tenant_self WITH (security_barrier = true) AS SELECT * FROM tenants WHERE id = current_setting('app.tenant_id')::uuid;
CREATE VIEW v_big_customers AS SELECT * FROM billing.customers WHERE balance_cents > 100000 WITH CASCADED CHECK OPTION;
CREATE VIEW v_recent_bookings AS SELECT * FROM scheduling.bookings WHERE lower(during) > now() - interval '30 days' WITH LOCAL CHECK OPTION;
CREATE TEMP VIEW v_scratch AS SELECT 1 AS x;
CREATE RECURSIVE VIEW v_countdown (n) AS VALUES (10) UNION ALL SELECT n - 1 FROM v_countdown WHERE n > 0;
CREATE OR REPLACE VIEW v_invoker WITH (security_invoker = on) AS SELECT id, name FROM billing.customers;
CREATE MATERIALIZED VIEW mv_tenant_usage AS
SELECT tenant_id, metric, date_trunc('day', recorded_at) AS day, sum(quantity) AS qty
FROM usage_records GROUP BY 1, 2, 3
WITH DATA;
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_invoice_aging (tenant_id, bucket, n) USING heap WITH (fillfactor = 100) TABLESPACE pg_default AS
SELECT tenant_id, width_bucket(current_date - due_on, 0, 120, 4), count(*) FROM billing.invoices WHERE status = 'open' GROUP BY 1, 2
WITH NO DATA;
CREATE UNIQUE INDEX mv_tenant_usage_uq ON mv_tenant_usage (tenant_id, metric, day);

-- ---------------------------------------------------------------- comments
COMMENT ON SCHEMA billing IS 'Invoices, customers and subscriptions';
COMMENT ON TABLE billing.invoices IS 'One row per invoice; totals are in minor units';
COMMENT ON COLUMN billing.invoices.total_cents IS 'subtotal + tax, generated';
COMMENT ON INDEX invoices_status_due_idx IS NULL;
COMMENT ON VIEW v_active_tenants IS 'Tenants that are not soft-deleted';
COMMENT ON CONSTRAINT paid_has_date ON billing.invoices IS 'paid invoices must have paid_at';
COMMENT ON TYPE billing.invoice_status IS 'Lifecycle of an invoice';
COMMENT ON FUNCTION billing.next_invoice_number(uuid) IS 'Allocates gap-free numbers per tenant';
COMMENT ON EXTENSION pg_trgm IS 'trigram matching';
COMMENT ON MATERIALIZED VIEW mv_tenant_usage IS 'Daily usage per metric';

-- ---------------------------------------------------------------- roles, privileges, policies
CREATE ROLE app_readonly NOLOGIN;
CREATE ROLE app_service LOGIN PASSWORD 'not-a-real-secret' CONNECTION LIMIT 50 VALID UNTIL '2030-01-01';
CREATE USER report_bot WITH INHERIT IN ROLE app_readonly;
ALTER ROLE app_service SET statement_timeout = '5s';
ALTER ROLE app_service IN DATABASE augur SET search_path = billing, public;
GRANT USAGE ON SCHEMA billing TO app_readonly;
GRANT SELECT ON ALL TABLES IN SCHEMA billing TO app_readonly;
GRANT SELECT, INSERT, UPDATE, DELETE ON billing.invoices, billing.invoice_lines TO app_service;
GRANT UPDATE (status, paid_at) ON billing.invoices TO billing_worker;
GRANT USAGE, SELECT ON SEQUENCE billing.invoice_number_seq TO app_service;
GRANT EXECUTE ON FUNCTION billing.next_invoice_number(uuid) TO app_service;
GRANT app_readonly TO report_bot WITH ADMIN OPTION;
GRANT ALL PRIVILEGES ON DATABASE augur TO app_owner;
REVOKE INSERT, UPDATE ON billing.invoices FROM app_readonly;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
REVOKE GRANT OPTION FOR SELECT ON tenants FROM app_service CASCADE;
ALTER DEFAULT PRIVILEGES IN SCHEMA billing GRANT SELECT ON TABLES TO app_readonly;
ALTER DEFAULT PRIVILEGES FOR ROLE app_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
CREATE POLICY tenant_isolation ON billing.customers USING (tenant_id = current_setting('app.tenant_id')::uuid);
CREATE POLICY tenant_insert ON billing.invoices AS RESTRICTIVE FOR INSERT TO app_service WITH CHECK (tenant_id = current_setting('app.tenant_id')::uuid);
CREATE POLICY owner_update ON scheduling.bookings FOR UPDATE USING (booked_by = current_setting('app.user_id')::uuid) WITH CHECK (NOT cancelled);
ALTER POLICY tenant_isolation ON billing.customers TO app_service, app_readonly;
DROP POLICY IF EXISTS owner_update ON scheduling.bookings;

-- ---------------------------------------------------------------- replication, misc objects
CREATE PUBLICATION billing_pub FOR TABLE billing.invoices, billing.invoice_lines;
CREATE PUBLICATION tenants_filtered FOR TABLE tenants (id, slug, name) WHERE (deleted_at IS NULL);
CREATE PUBLICATION billing_schema_pub FOR TABLES IN SCHEMA billing WITH (publish = 'insert, update');
CREATE PUBLICATION everything FOR ALL TABLES;
ALTER PUBLICATION billing_pub ADD TABLE billing.credit_notes;
CREATE SUBSCRIPTION billing_sub CONNECTION 'host=replica dbname=augur' PUBLICATION billing_pub WITH (copy_data = false, enabled = false);
CREATE COLLATION billing.name_nocase (provider = icu, locale = 'en-u-ks-level2', deterministic = false);
CREATE TABLESPACE fast_ssd OWNER app_owner LOCATION '/mnt/ssd/pg';
CREATE SERVER legacy_crm FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'crm.internal', dbname 'crm');
CREATE FOREIGN TABLE crm_accounts (id int NOT NULL, name text) SERVER legacy_crm OPTIONS (schema_name 'public', table_name 'accounts');
CREATE USER MAPPING FOR app_service SERVER legacy_crm OPTIONS (user 'crm_ro', password 'placeholder');
IMPORT FOREIGN SCHEMA public LIMIT TO (contacts, deals) FROM SERVER legacy_crm INTO crm;
CREATE TRIGGER invoices_audit AFTER INSERT OR UPDATE OR DELETE ON billing.invoices FOR EACH ROW EXECUTE FUNCTION audit.log_change();
CREATE TRIGGER invoices_touch BEFORE UPDATE OF status, paid_at ON billing.invoices FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION touch_updated_at();
CREATE OR REPLACE TRIGGER usage_stmt_audit AFTER INSERT ON usage_records REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE PROCEDURE audit.log_batch();
CREATE CONSTRAINT TRIGGER lines_balance AFTER INSERT OR UPDATE ON billing.invoice_lines DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION billing.check_balance();
CREATE EVENT TRIGGER forbid_drops ON sql_drop EXECUTE FUNCTION audit.forbid_drop();
CREATE RULE protect_tenants AS ON DELETE TO tenants DO INSTEAD UPDATE tenants SET deleted_at = now() WHERE id = OLD.id;
CREATE CAST (money_amount AS text) WITH FUNCTION money_amount_to_text(money_amount) AS ASSIGNMENT;
CREATE AGGREGATE product(numeric) (SFUNC = numeric_mul, STYPE = numeric, INITCOND = '1');
CREATE OPERATOR === (LEFTARG = money_amount, RIGHTARG = money_amount, FUNCTION = money_amount_eq, COMMUTATOR = ===);
CREATE CONVERSION my_latin1_to_utf8 FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;

-- ---------------------------------------------------------------- DROP
DROP TABLE IF EXISTS import_rows;
DROP TABLE legacy_customers, customers_shadow CASCADE;
DROP TABLE IF EXISTS "Weird Name" RESTRICT;
DROP INDEX CONCURRENTLY IF EXISTS invoices_metadata_ops;
DROP INDEX customers_name_gist_trgm, tenants_name_varchar_pattern;
DROP VIEW IF EXISTS v_scratch;
DROP VIEW v_big_customers, v_recent_bookings CASCADE;
DROP MATERIALIZED VIEW IF EXISTS mv_invoice_aging;
DROP SEQUENCE IF EXISTS scratch_seq;
DROP SCHEMA IF EXISTS audit CASCADE;
DROP SCHEMA scheduling RESTRICT;
DROP TYPE IF EXISTS plan_interval CASCADE;
DROP DOMAIN currency_code;
DROP EXTENSION IF EXISTS "uuid-ossp";
DROP FUNCTION IF EXISTS billing.next_invoice_number(uuid);
DROP TRIGGER IF EXISTS invoices_touch ON billing.invoices;
DROP RULE protect_tenants ON tenants;
DROP ROLE IF EXISTS report_bot;
DROP PUBLICATION IF EXISTS everything;
DROP OWNED BY report_bot CASCADE;
DROP FOREIGN TABLE IF EXISTS crm_accounts;
DROP SERVER legacy_crm CASCADE;
DROP COLLATION IF EXISTS billing.name_nocase;
DROP TABLESPACE IF EXISTS fast_ssd;

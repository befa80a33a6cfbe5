-- Secondary indexes for TPC-H on PostgreSQL 15, created after the data and the keys
-- (schema.sql) are loaded.
--
-- One index per foreign-key column that no primary key already leads with
-- (l_orderkey leads lineitem_pkey, ps_partkey leads partsupp_pkey), plus the two date
-- columns most TPC-H predicates range over. TPC-H (clause 1.5.7) allows indexes on
-- primary keys, foreign keys and date columns only; every index here is one of those.

CREATE INDEX nation_n_regionkey_idx   ON nation   (n_regionkey);
CREATE INDEX supplier_s_nationkey_idx ON supplier (s_nationkey);
CREATE INDEX partsupp_ps_suppkey_idx  ON partsupp (ps_suppkey);
CREATE INDEX customer_c_nationkey_idx ON customer (c_nationkey);
CREATE INDEX orders_o_custkey_idx     ON orders   (o_custkey);
CREATE INDEX orders_o_orderdate_idx   ON orders   (o_orderdate);
-- Serves lookups by l_partkey alone (Q17) and by (l_partkey, l_suppkey) (Q9, Q20).
CREATE INDEX lineitem_l_partkey_l_suppkey_idx ON lineitem (l_partkey, l_suppkey);
CREATE INDEX lineitem_l_suppkey_idx   ON lineitem (l_suppkey);
CREATE INDEX lineitem_l_shipdate_idx  ON lineitem (l_shipdate);

-- TPC-H schema for PostgreSQL 15 (TPC-H specification 3.0.1, clause 1.4).
--
-- Types follow clause 1.3 (datatypes): identifiers are integer (they must hold 2^31 - 1 distinct
-- values), decimals are numeric(15,2), fixed text is char(N), variable text is varchar(N),
-- dates are date. Every column is NOT NULL (dbgen generates no NULLs).
--
-- Run as a whole, this file creates the 8 tables with their primary and foreign keys.
-- Corpus/tpch/make_tpch.py splits it at the "-- @constraints" line: load.sql creates the
-- tables, COPYs the data, and only then adds the keys (much faster than checking them
-- row by row during COPY).

CREATE TABLE region (
    r_regionkey  integer       NOT NULL,
    r_name       char(25)      NOT NULL,
    r_comment    varchar(152)  NOT NULL
);

CREATE TABLE nation (
    n_nationkey  integer       NOT NULL,
    n_name       char(25)      NOT NULL,
    n_regionkey  integer       NOT NULL,
    n_comment    varchar(152)  NOT NULL
);

CREATE TABLE part (
    p_partkey     integer        NOT NULL,
    p_name        varchar(55)    NOT NULL,
    p_mfgr        char(25)       NOT NULL,
    p_brand       char(10)       NOT NULL,
    p_type        varchar(25)    NOT NULL,
    p_size        integer        NOT NULL,
    p_container   char(10)       NOT NULL,
    p_retailprice numeric(15,2)  NOT NULL,
    p_comment     varchar(23)    NOT NULL
);

CREATE TABLE supplier (
    s_suppkey    integer        NOT NULL,
    s_name       char(25)       NOT NULL,
    s_address    varchar(40)    NOT NULL,
    s_nationkey  integer        NOT NULL,
    s_phone      char(15)       NOT NULL,
    s_acctbal    numeric(15,2)  NOT NULL,
    s_comment    varchar(101)   NOT NULL
);

CREATE TABLE partsupp (
    ps_partkey     integer        NOT NULL,
    ps_suppkey     integer        NOT NULL,
    ps_availqty    integer        NOT NULL,
    ps_supplycost  numeric(15,2)  NOT NULL,
    ps_comment     varchar(199)   NOT NULL
);

CREATE TABLE customer (
    c_custkey     integer        NOT NULL,
    c_name        varchar(25)    NOT NULL,
    c_address     varchar(40)    NOT NULL,
    c_nationkey   integer        NOT NULL,
    c_phone       char(15)       NOT NULL,
    c_acctbal     numeric(15,2)  NOT NULL,
    c_mktsegment  char(10)       NOT NULL,
    c_comment     varchar(117)   NOT NULL
);

CREATE TABLE orders (
    o_orderkey       integer        NOT NULL,
    o_custkey        integer        NOT NULL,
    o_orderstatus    char(1)        NOT NULL,
    o_totalprice     numeric(15,2)  NOT NULL,
    o_orderdate      date           NOT NULL,
    o_orderpriority  char(15)       NOT NULL,
    o_clerk          char(15)       NOT NULL,
    o_shippriority   integer        NOT NULL,
    o_comment        varchar(79)    NOT NULL
);

CREATE TABLE lineitem (
    l_orderkey       integer        NOT NULL,
    l_partkey        integer        NOT NULL,
    l_suppkey        integer        NOT NULL,
    l_linenumber     integer        NOT NULL,
    l_quantity       numeric(15,2)  NOT NULL,
    l_extendedprice  numeric(15,2)  NOT NULL,
    l_discount       numeric(15,2)  NOT NULL,
    l_tax            numeric(15,2)  NOT NULL,
    l_returnflag     char(1)        NOT NULL,
    l_linestatus     char(1)        NOT NULL,
    l_shipdate       date           NOT NULL,
    l_commitdate     date           NOT NULL,
    l_receiptdate    date           NOT NULL,
    l_shipinstruct   char(25)       NOT NULL,
    l_shipmode       char(10)       NOT NULL,
    l_comment        varchar(44)    NOT NULL
);

-- @constraints
-- Primary keys and foreign keys as clause 1.4 (constraints) lists them.

ALTER TABLE region   ADD CONSTRAINT region_pkey   PRIMARY KEY (r_regionkey);
ALTER TABLE nation   ADD CONSTRAINT nation_pkey   PRIMARY KEY (n_nationkey);
ALTER TABLE part     ADD CONSTRAINT part_pkey     PRIMARY KEY (p_partkey);
ALTER TABLE supplier ADD CONSTRAINT supplier_pkey PRIMARY KEY (s_suppkey);
ALTER TABLE partsupp ADD CONSTRAINT partsupp_pkey PRIMARY KEY (ps_partkey, ps_suppkey);
ALTER TABLE customer ADD CONSTRAINT customer_pkey PRIMARY KEY (c_custkey);
ALTER TABLE orders   ADD CONSTRAINT orders_pkey   PRIMARY KEY (o_orderkey);
ALTER TABLE lineitem ADD CONSTRAINT lineitem_pkey PRIMARY KEY (l_orderkey, l_linenumber);

ALTER TABLE nation   ADD CONSTRAINT nation_n_regionkey_fkey
    FOREIGN KEY (n_regionkey) REFERENCES region (r_regionkey);
ALTER TABLE supplier ADD CONSTRAINT supplier_s_nationkey_fkey
    FOREIGN KEY (s_nationkey) REFERENCES nation (n_nationkey);
ALTER TABLE partsupp ADD CONSTRAINT partsupp_ps_partkey_fkey
    FOREIGN KEY (ps_partkey) REFERENCES part (p_partkey);
ALTER TABLE partsupp ADD CONSTRAINT partsupp_ps_suppkey_fkey
    FOREIGN KEY (ps_suppkey) REFERENCES supplier (s_suppkey);
ALTER TABLE customer ADD CONSTRAINT customer_c_nationkey_fkey
    FOREIGN KEY (c_nationkey) REFERENCES nation (n_nationkey);
ALTER TABLE orders   ADD CONSTRAINT orders_o_custkey_fkey
    FOREIGN KEY (o_custkey) REFERENCES customer (c_custkey);
ALTER TABLE lineitem ADD CONSTRAINT lineitem_l_orderkey_fkey
    FOREIGN KEY (l_orderkey) REFERENCES orders (o_orderkey);
ALTER TABLE lineitem ADD CONSTRAINT lineitem_l_partkey_fkey
    FOREIGN KEY (l_partkey) REFERENCES part (p_partkey);
ALTER TABLE lineitem ADD CONSTRAINT lineitem_l_suppkey_fkey
    FOREIGN KEY (l_suppkey) REFERENCES supplier (s_suppkey);
-- The spec's compound foreign key: (l_partkey, l_suppkey) is a partsupp row. PostgreSQL's
-- planner uses multi-column foreign keys in join size estimates (lineitem ⋈ partsupp, Q9).
ALTER TABLE lineitem ADD CONSTRAINT lineitem_l_partkey_l_suppkey_fkey
    FOREIGN KEY (l_partkey, l_suppkey) REFERENCES partsupp (ps_partkey, ps_suppkey);

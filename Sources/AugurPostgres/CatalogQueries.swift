/// The catalog queries `CatalogGatherer` runs. Each returns one JSON document for the whole
/// database (or one row per setting), so the number of round trips does not grow with the
/// number of tables. `$1` is always the array of schemas to gather.
enum CatalogQueries {
  static let server = """
    SELECT current_setting('server_version') AS version,
           current_setting('server_version_num') AS version_num,
           current_database() AS database,
           EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pageinspect') AS has_pageinspect
    """

  static let settings = "SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[]) ORDER BY name"

  static let relations = """
    SELECT coalesce(json_agg(r ORDER BY r.schema, r.name), '[]')
    FROM (
      SELECT c.oid::bigint AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
             c.relpersistence::text AS persistence, c.reltuples::float8 AS reltuples, c.relpages AS relpages,
             c.relallvisible AS relallvisible,
             CASE WHEN c.relkind IN ('r', 'm', 't') THEN pg_relation_size(c.oid) / current_setting('block_size')::bigint
                  ELSE 0 END AS current_pages,
             CASE WHEN c.relkind IN ('r', 'm', 'p', 't') THEN pg_total_relation_size(c.oid) ELSE 0 END AS total_bytes,
             CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
             CASE WHEN c.relkind = 'p' THEN
               (SELECT coalesce(json_agg(CASE WHEN k.attnum > 0 THEN a.attname END ORDER BY k.ord), '[]')
                FROM pg_partitioned_table pt
                CROSS JOIN LATERAL unnest(pt.partattrs::int2[]) WITH ORDINALITY AS k(attnum, ord)
                LEFT JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = k.attnum
                WHERE pt.partrelid = c.oid) END AS partition_columns,
             CASE WHEN c.relispartition THEN
               (SELECT pn.nspname || '.' || pc.relname FROM pg_inherits i
                  JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
                WHERE i.inhrelid = c.oid) END AS partition_parent,
             CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
             (SELECT coalesce(json_agg(pn.nspname || '.' || pc.relname ORDER BY i.inhseqno), '[]')
                FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent
                JOIN pg_namespace pn ON pn.oid = pc.relnamespace
              WHERE i.inhrelid = c.oid AND NOT c.relispartition) AS inherits,
             CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS view_definition,
             has_table_privilege(c.oid, 'SELECT') AS can_select,
             s.seq_scan, s.idx_scan, s.n_tup_ins, s.n_tup_upd, s.n_tup_del, s.n_tup_hot_upd, s.n_live_tup,
             s.n_dead_tup, s.n_mod_since_analyze, s.last_vacuum::text, s.last_autovacuum::text,
             s.last_analyze::text, s.last_autoanalyze::text
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_stat_all_tables s ON s.relid = c.oid
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname = ANY($1::text[])
    ) r
    """

  static let columns = """
    SELECT coalesce(json_agg(x ORDER BY x.relation, x.number), '[]')
    FROM (
      SELECT a.attrelid::bigint AS relation, a.attnum AS number, a.attname AS name,
             format_type(a.atttypid, a.atttypmod) AS type, a.atttypid::bigint AS type_oid, a.atttypmod AS typmod,
             a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default_expression,
             CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation,
             nullif(a.attidentity, '')::text AS identity, nullif(a.attgenerated, '')::text AS generated,
             a.attstattarget AS statistics_target
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      LEFT JOIN pg_collation co ON co.oid = a.attcollation
      WHERE a.attnum > 0 AND NOT a.attisdropped
        AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname = ANY($1::text[])
    ) x
    """

  /// `pg_stats` shows only tables the current user may read; the rest are reported as warnings.
  static let statistics = """
    SELECT coalesce(json_agg(x), '[]')
    FROM (
      SELECT s.schemaname AS schema, s.tablename AS table, s.attname AS column, s.inherited,
             s.null_frac::float8 AS null_frac, s.avg_width, s.n_distinct::float8 AS n_distinct,
             s.most_common_vals::text::text[] AS most_common_vals, s.most_common_freqs::float8[] AS most_common_freqs,
             s.histogram_bounds::text::text[] AS histogram_bounds, s.correlation::float8 AS correlation,
             s.most_common_elems::text::text[] AS most_common_elems,
             s.most_common_elem_freqs::float8[] AS most_common_elem_freqs,
             s.elem_count_histogram::float8[] AS elem_count_histogram
      FROM pg_stats s
      WHERE s.schemaname = ANY($1::text[])
    ) x
    """

  static let constraints = """
    SELECT coalesce(json_agg(x ORDER BY x.relation, x.name), '[]')
    FROM (
      SELECT con.conrelid::bigint AS relation, con.conname AS name, con.contype::text AS type,
             (SELECT coalesce(json_agg(a.attname ORDER BY k.ord), '[]')
                FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
             CASE WHEN con.confrelid <> 0 THEN
               (SELECT fn.nspname || '.' || fc.relname FROM pg_class fc JOIN pg_namespace fn ON fn.oid = fc.relnamespace
                WHERE fc.oid = con.confrelid) END AS referenced_table,
             (SELECT coalesce(json_agg(a.attname ORDER BY k.ord), '[]')
                FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS referenced_columns,
             pg_get_constraintdef(con.oid, true) AS definition, con.convalidated AS validated,
             con.condeferrable AS deferrable
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND n.nspname = ANY($1::text[])
    ) x
    """

  static let indexes = """
    SELECT coalesce(json_agg(x ORDER BY x.relation, x.name), '[]')
    FROM (
      SELECT i.indrelid::bigint AS relation, i.indexrelid::bigint AS oid, ic.relname AS name, am.amname AS method,
             i.indisunique AS is_unique, i.indisprimary AS is_primary, i.indisvalid AND i.indisready AS is_valid,
             i.indnkeyatts AS key_count,
             (SELECT json_agg(json_build_object(
                        'column', CASE WHEN k.attnum > 0 THEN a.attname END,
                        'expression', CASE WHEN k.attnum = 0 THEN pg_get_indexdef(i.indexrelid, k.ord::int, true) END,
                        'opclass', CASE WHEN k.ord <= i.indnkeyatts AND NOT opc.opcdefault THEN opc.opcname END,
                        'collation', CASE WHEN k.ord <= i.indnkeyatts AND coll.oid IS NOT NULL
                                          AND coll.oid <> coalesce(a.attcollation, 0) AND coll.collname <> 'default'
                                          THEN coll.collname END,
                        'descending', k.ord <= i.indnkeyatts AND (i.indoption[k.ord - 1] & 1) = 1,
                        'nulls_first', k.ord <= i.indnkeyatts AND (i.indoption[k.ord - 1] & 2) = 2)
                      ORDER BY k.ord)
                FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                LEFT JOIN pg_opclass opc ON opc.oid = i.indclass[k.ord - 1]
                LEFT JOIN pg_collation coll ON coll.oid = i.indcollation[k.ord - 1]) AS keys,
             pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
             pg_get_indexdef(i.indexrelid) AS definition,
             ic.reltuples::float8 AS reltuples, ic.relpages, ic.relallvisible,
             pg_relation_size(i.indexrelid) / current_setting('block_size')::bigint AS current_pages,
             pg_relation_size(i.indexrelid) AS total_bytes,
             s.idx_scan, s.idx_tup_read, s.idx_tup_fetch
      FROM pg_index i
      JOIN pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_am am ON am.oid = ic.relam
      JOIN pg_class c ON c.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_stat_all_indexes s ON s.indexrelid = i.indexrelid
      WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'm')
    ) x
    """

  /// B-tree heights from pageinspect's metapage reader (superuser only).
  static let treeHeights = """
    SELECT coalesce(json_agg(json_build_object('oid', i.indexrelid::bigint,
                                               'height', (bt_metap(i.indexrelid::regclass::text)).level)), '[]')
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ic.relam
    JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE am.amname = 'btree' AND n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'm') AND i.indisvalid
    """

  /// Extended statistics objects and their data as `pg_stats_ext` shows it (tables the user may
  /// read; objects without data yet have null data fields).
  static let extendedStatistics = """
    SELECT coalesce(json_agg(x ORDER BY x.schema, x.name), '[]')
    FROM (
      SELECT sn.nspname AS schema, st.stxname AS name, n.nspname || '.' || c.relname AS table,
             (SELECT coalesce(json_agg(a.attname ORDER BY k.ord), '[]')
                FROM unnest(st.stxkeys::int2[]) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = st.stxrelid AND a.attnum = k.attnum) AS columns,
             coalesce(to_json(pg_get_statisticsobjdef_expressions(st.oid)), '[]') AS expressions,
             (SELECT coalesce(json_agg(k::text), '[]') FROM unnest(st.stxkind) AS k) AS kinds,
             e.n_distinct::text AS ndistinct, e.dependencies::text AS dependencies,
             to_json(e.most_common_vals) AS mcv_values, e.most_common_freqs::float8[] AS mcv_frequencies,
             e.most_common_base_freqs::float8[] AS mcv_base_frequencies
      FROM pg_statistic_ext st
      JOIN pg_namespace sn ON sn.oid = st.stxnamespace
      JOIN pg_class c ON c.oid = st.stxrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_stats_ext e ON e.statistics_schemaname = sn.nspname AND e.statistics_name = st.stxname
                               AND NOT e.inherited
      WHERE n.nspname = ANY($1::text[])
    ) x
    """

  /// Functions whose cost or row estimate matters: those in the gathered schemas, and built-in
  /// ones that differ from the default cost of 1 or return sets.
  static let functions = """
    SELECT coalesce(json_agg(x ORDER BY x.schema, x.name, x.argument_types::text), '[]')
    FROM (
      SELECT n.nspname AS schema, p.proname AS name,
             (SELECT coalesce(json_agg(format_type(t, NULL) ORDER BY o), '[]')
                FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a(t, o)) AS argument_types,
             format_type(p.prorettype, NULL) AS return_type, p.procost::float8 AS cost, p.prorows::float8 AS rows,
             p.proretset AS returns_set, p.provolatile::text AS volatility
      FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE p.prokind IN ('f', 'w')
        AND (n.nspname = ANY($1::text[]) OR (n.nspname = 'pg_catalog' AND (p.procost <> 1 OR p.proretset)))
    ) x
    """
}

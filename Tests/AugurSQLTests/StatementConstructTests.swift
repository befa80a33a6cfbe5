import AugurSQL
import Testing

/// INSERT/UPDATE/DELETE, DDL and utility statements decoded into their typed nodes.
@Suite struct StatementConstructTests {
  // MARK: DML

  @Test func insertValuesWithColumnsOnConflictAndReturning() throws {
    guard
      case .insert(let insert) = try parseOne(
        """
        INSERT INTO shop.inventory AS i (product_id, qty) VALUES (1, 5), (2, DEFAULT)
        ON CONFLICT (product_id) WHERE active DO UPDATE SET qty = i.qty + excluded.qty WHERE i.locked = false
        RETURNING product_id, qty
        """)
    else { throw TestFailure() }
    #expect(insert.relation.qualifiedName == "shop.inventory")
    #expect(insert.relation.alias?.name == "i")
    #expect(insert.columns.map(\.name) == ["product_id", "qty"])
    guard case .values(let rows)? = insert.source?.body else { throw TestFailure() }
    #expect(rows.count == 2)
    let conflict = try #require(insert.onConflict)
    #expect(conflict.action == .update)
    #expect(conflict.inferElements.map(\.column) == ["product_id"])
    #expect(conflict.inferWhere?.columnName == "active")
    #expect(conflict.targetList.map(\.name) == ["qty"])
    #expect(conflict.whereClause != nil)
    #expect(insert.returning.count == 2)
  }

  @Test func insertSelectDefaultValuesAndOnConflictDoNothing() throws {
    guard case .insert(let fromSelect) = try parseOne("INSERT INTO archive SELECT * FROM orders WHERE old") else {
      throw TestFailure()
    }
    guard case .simple(let simple)? = fromSelect.source?.body else { throw TestFailure() }
    #expect(simple.from.count == 1)

    guard case .insert(let defaults) = try parseOne("INSERT INTO counters DEFAULT VALUES") else { throw TestFailure() }
    #expect(defaults.source == nil)

    guard
      case .insert(let nothing) = try parseOne(
        "INSERT INTO t (id) VALUES (1) ON CONFLICT ON CONSTRAINT t_pkey DO NOTHING")
    else { throw TestFailure() }
    #expect(nothing.onConflict?.action == .nothing)
    #expect(nothing.onConflict?.constraintName == "t_pkey")

    guard case .insert(let overriding) = try parseOne("INSERT INTO t OVERRIDING SYSTEM VALUE VALUES (1)") else {
      throw TestFailure()
    }
    #expect(overriding.overriding == "OVERRIDING_SYSTEM_VALUE")
  }

  @Test func updateWithFromMultiAssignAndReturning() throws {
    guard
      case .update(let update) = try parseOne(
        """
        UPDATE inventory inv SET qty = inv.qty - oi.qty, (reserved, updated_at) = (0, now())
        FROM order_items oi WHERE oi.product_id = inv.product_id RETURNING inv.*
        """)
    else { throw TestFailure() }
    #expect(update.relation.name == "inventory" && update.relation.alias?.name == "inv")
    #expect(update.targetList.map(\.name) == ["qty", "reserved", "updated_at"])
    guard case .multiAssign(let assign)? = update.targetList[2].value else { throw TestFailure() }
    #expect(assign.column == 2 && assign.columnCount == 2)
    #expect(update.from.count == 1)
    #expect(update.whereClause != nil)
    #expect(update.returning.count == 1)
  }

  @Test func deleteWithUsingAndReturning() throws {
    guard
      case .delete(let delete) = try parseOne(
        "DELETE FROM sessions s USING users u WHERE s.user_id = u.id AND u.banned RETURNING s.id")
    else { throw TestFailure() }
    #expect(delete.relation.name == "sessions")
    #expect(delete.using.count == 1)
    #expect(delete.returning.count == 1)
    #expect(try parseOne("DELETE FROM t").mayModifyData)
  }

  // MARK: CREATE TABLE

  @Test func createTableColumnsTypesAndColumnConstraints() throws {
    guard
      case .createTable(let table) = try parseOne(
        """
        CREATE TABLE IF NOT EXISTS shop.orders (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          customer_id int NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
          total numeric(12, 2) DEFAULT 0 CHECK (total >= 0),
          email varchar(255) COLLATE "C" UNIQUE,
          tags text[],
          created_at timestamp(3) with time zone NOT NULL DEFAULT now(),
          doubled int GENERATED ALWAYS AS (customer_id * 2) STORED
        )
        """)
    else { throw TestFailure() }
    #expect(table.ifNotExists)
    #expect(table.relation.qualifiedName == "shop.orders")
    #expect(table.columns.map(\.name) == ["id", "customer_id", "total", "email", "tags", "created_at", "doubled"])
    #expect(
      table.columns.map { $0.typeName?.name } == ["int8", "int4", "numeric", "varchar", "text", "timestamptz", "int4"])
    #expect(table.columns[0].constraints.map(\.kind) == [.identity, .primaryKey])
    #expect(table.columns[0].constraints[0].generatedWhen == "a")
    #expect(table.columns[1].isNotNull)
    let foreignKey = try #require(table.columns[1].constraints.first { $0.kind == .foreignKey })
    #expect(foreignKey.referencedTable?.name == "customers")
    #expect(foreignKey.referencedColumns == ["id"])
    #expect(foreignKey.onDelete == "c")
    #expect(table.columns[2].defaultExpr?.constantValue == .integer(0))
    #expect(table.columns[2].typeName?.typmods.map(\.constantValue) == [.integer(12), .integer(2)])
    #expect(table.columns[3].collation == ["C"])
    #expect(table.columns[4].typeName?.isArray == true)
    #expect(table.columns[5].typeName?.typmods.map(\.constantValue) == [.integer(3)])
    #expect(table.columns[6].constraints.first?.kind == .generated)
  }

  @Test func createTableTableConstraints() throws {
    guard
      case .createTable(let table) = try parseOne(
        """
        CREATE TABLE booking (
          room int, during tsrange, a int, b int, c int,
          CONSTRAINT booking_pk PRIMARY KEY (room, a) INCLUDE (b),
          UNIQUE NULLS NOT DISTINCT (b, c),
          FOREIGN KEY (room) REFERENCES rooms (id) MATCH FULL ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
          CHECK (a < b) NOT VALID,
          EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (c > 0)
        )
        """)
    else { throw TestFailure() }
    #expect(table.constraints.map(\.kind) == [.primaryKey, .unique, .foreignKey, .check, .exclusion])
    let primary = table.constraints[0]
    #expect(primary.name == "booking_pk" && primary.keys == ["room", "a"] && primary.including == ["b"])
    #expect(table.constraints[1].nullsNotDistinct)
    let foreign = table.constraints[2]
    #expect(foreign.foreignKeyColumns == ["room"] && foreign.matchType == "f" && foreign.onUpdate == "n")
    #expect(foreign.deferrable && foreign.initiallyDeferred)
    #expect(table.constraints[3].skipValidation)
    let exclusion = table.constraints[4]
    #expect(exclusion.accessMethod == "gist")
    #expect(exclusion.exclusions.map(\.element.column) == ["room", "during"])
    #expect(exclusion.exclusions.map(\.operatorName) == [["="], ["&&"]])
    #expect(exclusion.whereClause != nil)
  }

  @Test func createTablePartitionByAndPartitionOf() throws {
    guard
      case .createTable(let parent) = try parseOne(
        "CREATE TABLE events (id bigint, at timestamptz, kind text) PARTITION BY RANGE (at, lower(kind) text_pattern_ops)"
      )
    else { throw TestFailure() }
    let spec = try #require(parent.partitionSpec)
    #expect(spec.strategy == .range)
    #expect(spec.keys[0].column == "at")
    #expect(spec.keys[1].expr != nil && spec.keys[1].opclass == ["text_pattern_ops"])

    guard
      case .createTable(let range) = try parseOne(
        "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO (MAXVALUE)")
    else { throw TestFailure() }
    #expect(range.isPartition && range.inherits.map(\.name) == ["events"])
    guard case .range(let from, let to)? = range.partitionBound?.kind else { throw TestFailure() }
    #expect(from.map(\.constantValue) == [.string("2024-01-01")])
    #expect(to.map(\.columnName) == ["maxvalue"])

    guard case .createTable(let list) = try parseOne("CREATE TABLE p_eu PARTITION OF p FOR VALUES IN ('de', 'fr')")
    else { throw TestFailure() }
    guard case .list(let values)? = list.partitionBound?.kind else { throw TestFailure() }
    #expect(values.count == 2)

    guard
      case .createTable(let hash) = try parseOne(
        "CREATE TABLE h1 PARTITION OF h FOR VALUES WITH (MODULUS 4, REMAINDER 3)")
    else { throw TestFailure() }
    #expect(hash.partitionBound?.kind == .hash(modulus: 4, remainder: 3))

    guard case .createTable(let fallback) = try parseOne("CREATE TABLE p_rest PARTITION OF p DEFAULT") else {
      throw TestFailure()
    }
    #expect(fallback.partitionBound?.kind == .default)
  }

  @Test func createTableLikeInheritsOptionsAndPersistence() throws {
    guard
      case .createTable(let table) = try parseOne(
        "CREATE UNLOGGED TABLE copy (LIKE orders INCLUDING ALL, extra int) INHERITS (base) WITH (fillfactor = 70)")
    else { throw TestFailure() }
    #expect(table.relation.persistence == "u")
    #expect(table.likeClauses.map(\.relation.name) == ["orders"])
    #expect(table.columns.map(\.name) == ["extra"])
    #expect(table.inherits.map(\.name) == ["base"])
    #expect(table.options.first?.name == "fillfactor")
    #expect(table.options.first?.value == .integer(70))

    guard case .createTable(let temp) = try parseOne("CREATE TEMP TABLE scratch (x int)") else { throw TestFailure() }
    #expect(temp.relation.persistence == "t")
  }

  @Test func createTemporaryTableOnCommitCompressionAndTypedTable() throws {
    guard
      case .createTable(let temp) = try parseOne(
        "CREATE TEMP TABLE staging (payload text COMPRESSION lz4) ON COMMIT DROP")
    else { throw TestFailure() }
    #expect(temp.onCommit == "ONCOMMIT_DROP")
    #expect(temp.columns.first?.compression == "lz4")

    guard case .createTable(let typed) = try parseOne("CREATE TABLE people OF person_type") else { throw TestFailure() }
    #expect(typed.ofType?.name == "person_type")
    #expect(typed.onCommit == "ONCOMMIT_NOOP")
  }

  // MARK: CREATE INDEX

  @Test func createIndexWithEveryOption() throws {
    guard
      case .createIndex(let index) = try parseOne(
        """
        CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON ONLY public.users USING btree
          (lower(email) text_pattern_ops DESC NULLS LAST, (created_at::date), tenant_id COLLATE "C")
          INCLUDE (name) WITH (fillfactor = 90) WHERE deleted_at IS NULL
        """)
    else { throw TestFailure() }
    #expect(index.name == "users_email_idx")
    #expect(index.unique && index.concurrent && index.ifNotExists)
    #expect(index.relation.qualifiedName == "public.users" && !index.relation.inherit)
    #expect(index.accessMethod == "btree")
    #expect(index.keys.count == 3)
    guard case .function(let lower)? = index.keys[0].expr else { throw TestFailure() }
    #expect(lower.functionName == "lower")
    #expect(index.keys[0].opclass == ["text_pattern_ops"])
    #expect(index.keys[0].ordering == .descending && index.keys[0].nulls == .last)
    guard case .typeCast? = index.keys[1].expr else { throw TestFailure() }
    #expect(index.keys[2].column == "tenant_id" && index.keys[2].collation == ["C"])
    #expect(index.including.map(\.column) == ["name"])
    #expect(index.options.first?.name == "fillfactor")
    #expect(index.isPartial)
  }

  @Test func createIndexAccessMethods() throws {
    for method in ["hash", "gin", "gist", "brin", "spgist"] {
      guard case .createIndex(let index) = try parseOne("CREATE INDEX ON t USING \(method) (c)") else {
        throw TestFailure()
      }
      #expect(index.accessMethod == method)
      #expect(index.name == nil)
    }
    guard case .createIndex(let plain) = try parseOne("CREATE INDEX i ON t (a, b)") else { throw TestFailure() }
    #expect(plain.accessMethod == "btree" && !plain.unique && !plain.isPartial)
  }

  // MARK: ALTER / DROP / STATISTICS / VIEW

  @Test func alterTableCommands() throws {
    guard
      case .alterTable(let alter) = try parseOne(
        """
        ALTER TABLE IF EXISTS orders
          ADD COLUMN note text,
          DROP COLUMN IF EXISTS legacy CASCADE,
          ALTER COLUMN total TYPE numeric(14, 2) USING total::numeric(14, 2),
          ALTER COLUMN status SET DEFAULT 'new',
          ALTER COLUMN status DROP DEFAULT,
          ALTER COLUMN status SET NOT NULL,
          ALTER COLUMN note DROP NOT NULL,
          ALTER COLUMN customer_id SET STATISTICS 1000,
          ADD CONSTRAINT total_positive CHECK (total > 0) NOT VALID,
          VALIDATE CONSTRAINT total_positive,
          DROP CONSTRAINT old_check,
          SET (autovacuum_vacuum_scale_factor = 0.01)
        """)
    else { throw TestFailure() }
    #expect(alter.missingOk)
    #expect(
      alter.commands.map(\.subtype) == [
        "AT_AddColumn", "AT_DropColumn", "AT_AlterColumnType", "AT_ColumnDefault", "AT_ColumnDefault",
        "AT_SetNotNull", "AT_DropNotNull", "AT_SetStatistics", "AT_AddConstraint", "AT_ValidateConstraint",
        "AT_DropConstraint", "AT_SetRelOptions",
      ])
    guard case .column(let added)? = alter.commands[0].definition else { throw TestFailure() }
    #expect(added.name == "note" && added.typeName?.name == "text")
    #expect(alter.commands[1].cascade && alter.commands[1].missingOk && alter.commands[1].name == "legacy")
    guard case .column(let retyped)? = alter.commands[2].definition else { throw TestFailure() }
    #expect(retyped.typeName?.name == "numeric")
    guard case .typeCast? = retyped.rawDefault else { throw TestFailure() }
    guard case .expr(let defaultValue)? = alter.commands[3].definition else { throw TestFailure() }
    #expect(defaultValue.constantValue == .string("new"))
    #expect(alter.commands[4].definition == nil)
    #expect(alter.commands[7].definition == .integer(1000))
    guard case .constraint(let check)? = alter.commands[8].definition else { throw TestFailure() }
    #expect(check.kind == .check && check.skipValidation && check.name == "total_positive")
    guard case .options(let options)? = alter.commands[11].definition else { throw TestFailure() }
    #expect(options.first?.name == "autovacuum_vacuum_scale_factor")
    #expect(options.first?.value == .float("0.01"))
  }

  @Test func attachAndDetachPartition() throws {
    guard
      case .alterTable(let attach) = try parseOne(
        "ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')")
    else { throw TestFailure() }
    guard case .partition(let command)? = attach.commands.first?.definition else { throw TestFailure() }
    #expect(command.name.name == "events_2025")
    guard case .range? = command.bound?.kind else { throw TestFailure() }

    guard case .alterTable(let detach) = try parseOne("ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY")
    else { throw TestFailure() }
    guard case .partition(let detached)? = detach.commands.first?.definition else { throw TestFailure() }
    #expect(detached.concurrent && detached.bound == nil)
    #expect(detach.commands.first?.subtype == "AT_DetachPartition")
  }

  @Test func dropStatements() throws {
    guard case .drop(let index) = try parseOne("DROP INDEX CONCURRENTLY IF EXISTS shop.idx_a, idx_b CASCADE") else {
      throw TestFailure()
    }
    #expect(index.objectType == "OBJECT_INDEX")
    #expect(index.objects == [["shop", "idx_a"], ["idx_b"]])
    #expect(index.concurrent && index.missingOk && index.cascade)

    guard case .drop(let type) = try parseOne("DROP TYPE IF EXISTS shop.order_status, mood CASCADE") else {
      throw TestFailure()
    }
    #expect(type.objectType == "OBJECT_TYPE")
    #expect(type.objects == [["shop", "order_status"], ["mood"]])

    guard case .drop(let table) = try parseOne("DROP TABLE orders") else { throw TestFailure() }
    #expect(table.objectType == "OBJECT_TABLE" && table.objects == [["orders"]] && !table.cascade)
  }

  @Test func createStatistics() throws {
    guard
      case .createStatistics(let stats) = try parseOne(
        "CREATE STATISTICS IF NOT EXISTS shop.st_city_zip (ndistinct, dependencies, mcv) ON city, zip, (lower(state)) FROM addresses"
      )
    else { throw TestFailure() }
    #expect(stats.name == ["shop", "st_city_zip"])
    #expect(stats.kinds == ["ndistinct", "dependencies", "mcv"])
    #expect(stats.elements.count == 3)
    #expect(stats.elements[0] == .column("city"))
    guard case .expr = stats.elements[2] else { throw TestFailure() }
    guard case .relation(let relation)? = stats.relations.first else { throw TestFailure() }
    #expect(relation.name == "addresses")
    #expect(stats.ifNotExists)
  }

  @Test func createView() throws {
    guard
      case .createView(let view) = try parseOne(
        "CREATE OR REPLACE VIEW active_users (id, email) AS SELECT id, email FROM users WHERE active WITH CHECK OPTION")
    else { throw TestFailure() }
    #expect(view.replace)
    #expect(view.view.name == "active_users")
    #expect(view.columnNames == ["id", "email"])
    #expect(view.checkOption == "CASCADED_CHECK_OPTION")
    guard case .select = view.query else { throw TestFailure() }
  }

  // MARK: Utility

  @Test func explainWithOptions() throws {
    guard case .explain(let explain) = try parseOne("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON, COSTS OFF) SELECT 1")
    else { throw TestFailure() }
    #expect(explain.options.map(\.name) == ["analyze", "buffers", "format", "costs"])
    #expect(explain.option("format") == "json")
    #expect(explain.option("costs") == "off")
    #expect(explain.option("buffers") == "true")
    #expect(explain.isAnalyze)
    guard case .select = explain.query else { throw TestFailure() }

    guard case .explain(let plain) = try parseOne("EXPLAIN SELECT 1") else { throw TestFailure() }
    #expect(!plain.isAnalyze)
    guard case .explain(let off) = try parseOne("EXPLAIN (ANALYZE false) DELETE FROM t") else { throw TestFailure() }
    #expect(!off.isAnalyze)
    #expect(!(try parseOne("EXPLAIN (ANALYZE false) DELETE FROM t")).mayModifyData)
    #expect(try parseOne("EXPLAIN ANALYZE DELETE FROM t").mayModifyData)
  }

  @Test func vacuumAndAnalyze() throws {
    guard case .vacuum(let vacuum) = try parseOne("VACUUM (ANALYZE, VERBOSE) orders (status, total), users") else {
      throw TestFailure()
    }
    #expect(vacuum.isVacuum)
    #expect(vacuum.options.map(\.name) == ["analyze", "verbose"])
    #expect(vacuum.relations.map { $0.relation?.name } == ["orders", "users"])
    #expect(vacuum.relations[0].columns == ["status", "total"])

    guard case .vacuum(let analyze) = try parseOne("ANALYZE orders") else { throw TestFailure() }
    #expect(!analyze.isVacuum)
  }

  @Test func setResetShowAndTransactions() throws {
    guard case .set(let local) = try parseOne("SET LOCAL work_mem = '64MB'") else { throw TestFailure() }
    #expect(local.isLocal && local.name == "work_mem" && local.kind == "VAR_SET_VALUE")
    #expect(local.args.map(\.constantValue) == [.string("64MB")])

    guard case .set(let path) = try parseOne("SET search_path TO shop, public") else { throw TestFailure() }
    #expect(path.args.count == 2)

    guard case .set(let reset) = try parseOne("RESET ALL") else { throw TestFailure() }
    #expect(reset.kind == "VAR_RESET_ALL")

    guard case .show(let name) = try parseOne("SHOW random_page_cost") else { throw TestFailure() }
    #expect(name == "random_page_cost")

    guard case .transaction(let begin) = try parseOne("BEGIN ISOLATION LEVEL SERIALIZABLE") else {
      throw TestFailure()
    }
    #expect(begin.kind == "TRANS_STMT_BEGIN")
    #expect(begin.options.first?.value?.text == "serializable")
    guard case .transaction(let savepoint) = try parseOne("SAVEPOINT before_update") else { throw TestFailure() }
    #expect(savepoint.savepointName == "before_update")
    #expect(!(try parseOne("ROLLBACK")).mayModifyData)
    guard case .transaction(let chained) = try parseOne("COMMIT AND CHAIN") else { throw TestFailure() }
    #expect(chained.chain)
    guard case .transaction(let prepared) = try parseOne("PREPARE TRANSACTION 'tx-42'") else { throw TestFailure() }
    #expect(prepared.gid == "tx-42")
  }

  @Test func otherStatementsAreKeptWhole() throws {
    let statement = try parseOne("CREATE SEQUENCE order_seq START 1000")
    guard case .other(let raw) = statement else { throw TestFailure() }
    #expect(raw.tag == "CreateSeqStmt")
    #expect(raw.fields["sequence"]?["relname"] == .string("order_seq"))
    #expect(statement.nodeTag == "CreateSeqStmt")
  }
}

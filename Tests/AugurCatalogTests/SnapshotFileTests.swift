import AugurCatalog
import Foundation
import Testing

/// Loading and writing snapshot files: versions, malformed and hand-edited files, atomic writes.
@Suite struct SnapshotFileTests {
  static func sample() -> StatsSnapshot {
    let statistics = ColumnStatistics(
      nullFraction: 0.1, averageWidth: 8, distinctValues: 3, mostCommonValues: ["paid", "new"],
      mostCommonFrequencies: [0.6, 0.3], histogramBounds: ["a", "m", "z"], correlation: 0.5)
    let orders = Relation(
      schema: "public", name: "orders", kind: .table,
      columns: [
        Column(number: 1, name: "id", type: "bigint", notNull: true),
        Column(number: 2, name: "status", type: "text", statistics: statistics),
      ],
      indexes: [
        Index(
          name: "orders_pkey", method: "btree", isUnique: true, isPrimary: true, keys: [IndexKey(column: "id")],
          definition: "CREATE UNIQUE INDEX orders_pkey ON public.orders USING btree (id)",
          leadingColumnRange: ValueRange(minimum: "1", maximum: "99"))
      ],
      viewDefinition: nil, size: RelationSize(reltuples: 100, relpages: 1, relallvisible: 1, currentPages: 1))
    return StatsSnapshot(
      source: SnapshotSource(kind: .server, createdAt: "2026-01-01T00:00:00Z", schemas: ["public"]),
      settings: PlannerSettings.defaults, relations: [orders])
  }

  static func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("augur-\(UUID().uuidString)-\(name)").path
  }

  @Test func writtenSnapshotsLoadBackEqualAndByteIdentical() throws {
    let path = Self.temporaryPath("stats.json")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let snapshot = Self.sample()
    try snapshot.write(to: path)
    let loaded = try StatsSnapshot.load(contentsOf: path)
    #expect(loaded == snapshot)
    #expect(try loaded.jsonData() == (try Data(contentsOf: URL(fileURLWithPath: path))))
  }

  @Test func newerFormatVersionsAreRefusedClearly() throws {
    var text = String(decoding: try Self.sample().jsonData(), as: UTF8.self)
    text = text.replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 7")
    #expect(text.contains("\"formatVersion\" : 7"))
    #expect {
      try StatsSnapshot.load(from: Data(text.utf8), file: "new.json")
    } throws: { error in
      guard let error = error as? SnapshotError else { return false }
      return error.kind == .unsupportedVersion && error.description.contains("format version 7")
        && error.description.hasPrefix("new.json")
    }
  }

  @Test func truncatedFilesAreMalformedAtTheirEnd() throws {
    let data = try Self.sample().jsonData()
    let truncated = data.prefix(data.count / 2)
    do {
      _ = try StatsSnapshot.load(from: truncated, file: "cut.json")
      Issue.record("a truncated snapshot loaded")
    } catch {
      #expect(error.kind == .malformed)
      let position = try #require(error.position)
      // At the end of the file, or at the opening quote of a string the cut left unterminated.
      let rest = Array(truncated.dropFirst(position.offset))
      let atEnd = position.offset == truncated.count
      let atUnterminatedString = rest.first == UInt8(ascii: "\"") && !rest.dropFirst().contains(UInt8(ascii: "\""))
      #expect(atEnd || atUnterminatedString, "error at \(position.offset) of \(truncated.count)")
      #expect(error.description.hasPrefix("cut.json:\(position.line):\(position.column):"))
    }
  }

  @Test func syntaxErrorsPointAtLineAndColumn() throws {
    let text = "{\n  \"formatVersion\": 1,\n  \"source\": {,}\n}"
    do {
      _ = try StatsSnapshot.load(from: Data(text.utf8), file: "bad.json")
      Issue.record("invalid JSON loaded")
    } catch {
      #expect(error.kind == .malformed)
      #expect(error.position?.line == 3)
      #expect(error.position?.column == 14)
    }
  }

  @Test func handEditedContentNamesTheOffendingField() throws {
    var text = String(decoding: try Self.sample().jsonData(), as: UTF8.self)
    text = text.replacingOccurrences(of: "\"reltuples\" : 100", with: "\"reltuples\" : \"many\"")
    do {
      _ = try StatsSnapshot.load(from: Data(text.utf8), file: "edited.json")
      Issue.record("a wrongly typed field loaded")
    } catch {
      #expect(error.kind == .invalidContent)
      #expect(error.path == "relations[0].size.reltuples")
    }

    let missing = #"{"formatVersion": 1, "settings": {}}"#
    do {
      _ = try StatsSnapshot.load(from: Data(missing.utf8))
      Issue.record("a partial snapshot loaded")
    } catch {
      #expect(error.kind == .invalidContent)
      #expect(error.message == "missing field")
      #expect(error.path != nil)
    }
  }

  @Test func filesThatAreNotSnapshotsAreRejected() throws {
    for (text, kind) in [
      ("", SnapshotError.Kind.malformed), ("[1, 2]", .invalidContent), (#"{"name": "x"}"#, .invalidContent),
      ("\u{1}\u{2}garbage", .malformed),
    ] {
      #expect(throws: SnapshotError.self) { try StatsSnapshot.load(from: Data(text.utf8)) }
      do {
        _ = try StatsSnapshot.load(from: Data(text.utf8))
      } catch {
        #expect(error.kind == kind, "\(text)")
      }
    }
  }

  @Test func aFailedWriteLeavesNoPartialFile() throws {
    let directory = Self.temporaryPath("missing-dir")
    let path = directory + "/stats.json"
    #expect(throws: SnapshotError.self) { try Self.sample().write(to: path) }
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func overwritingReplacesTheWholeFile() throws {
    let path = Self.temporaryPath("stats.json")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Data(String(repeating: "x", count: 1_000_000).utf8).write(to: URL(fileURLWithPath: path))
    try Self.sample().write(to: path)
    #expect(try StatsSnapshot.load(contentsOf: path) == Self.sample())
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
      .filter { $0.hasSuffix(".tmp") && $0.contains((path as NSString).lastPathComponent) }
    #expect(leftovers.isEmpty)
  }

  @Test func redactionDropsValuesAndKeepsShapes() throws {
    let redacted = Self.sample().redactingValues()
    #expect(redacted.source.valuesRedacted)
    let status = try #require(redacted.relations[0].column("status")?.statistics)
    #expect(status.mostCommonValues == nil && status.histogramBounds == nil)
    #expect(status.mostCommonFrequencies == [0.6, 0.3])
    #expect(status.histogramBoundCount == 3)
    #expect(status.distinctValues == 3 && status.correlation == 0.5)
    #expect(status.valuesRedacted)
    #expect(redacted.relations[0].index("orders_pkey")?.leadingColumnRange == nil)
    let text = String(decoding: try redacted.jsonData(), as: UTF8.self)
    #expect(!text.contains("\"paid\""))
  }
}

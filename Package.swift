// swift-tools-version:6.0
import PackageDescription

// Augur: one target per layer; a layer imports only the layers below it.
// C appears only behind the two system-library targets (CPgQuery, CLibPQ).
let package = Package(
  name: "Augur",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "augur", targets: ["augur"]),
    .library(name: "AugurSQL", targets: ["AugurSQL"]),
    .library(name: "AugurCatalog", targets: ["AugurCatalog"]),
    .library(name: "AugurPostgres", targets: ["AugurPostgres"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // libpg_query from Debian's libpg-query-dev: header pg_query.h, library pg_query, no pkg-config file.
    .systemLibrary(
      name: "CPgQuery",
      providers: [.apt(["libpg-query-dev"])]
    ),
    // libpq, found through pkg-config; the client layer (AugurPostgres) builds on it.
    .systemLibrary(
      name: "CLibPQ",
      pkgConfig: "libpq",
      providers: [.apt(["libpq-dev"])]
    ),
    .target(name: "AugurSQL", dependencies: ["CPgQuery"]),
    .target(name: "AugurCatalog", dependencies: ["AugurSQL"]),
    .target(name: "AugurPostgres", dependencies: ["AugurCatalog", "AugurSQL", "CLibPQ"]),
    .target(name: "AugurPlan", dependencies: ["AugurSQL"]),
    .target(name: "AugurExplain", dependencies: ["AugurPlan", "AugurSQL"]),
    .target(
      name: "AugurPlanner", dependencies: ["AugurCatalog", "AugurPlan", "AugurSQL"], exclude: ["README.md"]),
    .target(name: "AugurReport", dependencies: ["AugurExplain", "AugurPlan"]),
    .target(name: "AugurTestSupport", dependencies: ["AugurPostgres"]),
    .target(
      name: "AugurCompare",
      dependencies: ["AugurPlanner", "AugurPostgres", "AugurExplain", "AugurPlan", "AugurCatalog", "AugurSQL"]),
    .target(
      name: "AugurCommands",
      dependencies: [
        "AugurSQL",
        "AugurCatalog",
        "AugurPostgres",
        "AugurPlan",
        "AugurExplain",
        "AugurReport",
        "AugurPlanner",
        "AugurCompare",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(name: "augur", dependencies: ["AugurCommands"]),
    .executableTarget(
      name: "augur-bench",
      dependencies: ["AugurSQL", "AugurCatalog", "AugurPostgres", "AugurPlanner", "AugurCompare", "CPgQuery"],
      path: "Benchmarks/augur-bench"
    ),
    .testTarget(name: "AugurSQLTests", dependencies: ["AugurSQL", "CPgQuery"]),
    .testTarget(name: "AugurCatalogTests", dependencies: ["AugurCatalog", "AugurSQL"]),
    .testTarget(
      name: "AugurPlannerTests",
      dependencies: [
        "AugurPlanner", "AugurCatalog", "AugurPostgres", "AugurTestSupport", "AugurExplain", "AugurPlan",
        "AugurCompare",
      ]),
    .testTarget(
      name: "AugurReportTests", dependencies: ["AugurReport", "AugurExplain", "AugurPlan", "AugurPostgres"]),
    .testTarget(
      name: "AugurExplainTests",
      dependencies: ["AugurExplain", "AugurPlan", "AugurSQL", "AugurPostgres", "AugurTestSupport"]),
    .testTarget(
      name: "AugurPostgresTests", dependencies: ["AugurPostgres", "AugurCatalog", "AugurSQL", "AugurTestSupport"]),
    .testTarget(
      name: "AugurCompareTests",
      dependencies: [
        "AugurCompare", "AugurPlanner", "AugurPlan", "AugurExplain", "AugurCatalog", "AugurPostgres", "AugurSQL",
        "AugurTestSupport",
      ]),
    .testTarget(
      name: "AugurCLITests", dependencies: ["AugurCommands", "AugurSQL", "AugurPostgres", "AugurTestSupport"]),
  ]
)

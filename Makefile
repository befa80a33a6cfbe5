# Augur's build. `make demo` and `make test` are all a newcomer needs: both install what is
# missing first (`make deps`).
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin

SWIFT ?= swift
RELEASE_BIN = .build/release
DEBUG_BIN = .build/debug
FORMAT_PATHS = Package.swift Sources Tests Benchmarks

.PHONY: all deps build release test bench accuracy reports demo format lint clean corpus-tpch

all: build

deps:
	@scripts/deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

# Benchmarks compare Augur with a reference measured in the same run, and write Reports/bench-*.md.
bench: deps
	$(SWIFT) build -c release --product augur-bench
	$(RELEASE_BIN)/augur-bench parser --corpus Corpus/sql --report Reports/bench-parser.md
	$(RELEASE_BIN)/augur-bench catalog --report Reports/bench-catalog.md
	$(RELEASE_BIN)/augur-bench planner --report Reports/bench-planner.md

# Augur's planner against PostgreSQL's EXPLAIN and EXPLAIN ANALYZE (throwaway cluster): generated
# single-table and join queries and every Corpus query on the three workloads at scale
# $(ACCURACY_SCALE), and TPC-H at scale factor $(TPCH_SF). Reports/accuracy.md is the overview;
# Reports/accuracy-<suite>.md/.json/.svg the suites.
ACCURACY_SCALE ?= 10
TPCH_SF ?= 1
accuracy: deps
	$(SWIFT) build -c release --product augur
	ACCURACY_SCALE=$(ACCURACY_SCALE) TPCH_SF=$(TPCH_SF) scripts/with-temp-cluster.sh scripts/accuracy-report.sh

reports: bench accuracy

# Augur's main job on bundled inputs: no database of your own needed (a throwaway cluster is
# started and removed).
demo: deps
	$(SWIFT) build -c release --product augur
	@scripts/with-temp-cluster.sh scripts/demo.sh

format:
	$(SWIFT) format --in-place --recursive $(FORMAT_PATHS)

lint:
	$(SWIFT) format lint --strict --recursive $(FORMAT_PATHS)

clean:
	rm -rf .build

# TPC-H schema, data and the 22 queries for PostgreSQL, generated from PyPI's DuckDB into
# build/tpch/sf$(SF) (not committed). Load with: psql -f build/tpch/sf$(SF)/load.sql
SF ?= 1
corpus-tpch: deps
	.venv/bin/python Corpus/tpch/make_tpch.py --sf $(SF) --out build/tpch/sf$(SF)

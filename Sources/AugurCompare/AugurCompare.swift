// AugurCompare: Augur's planner checked against PostgreSQL's own EXPLAIN, query by query.

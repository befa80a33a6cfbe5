-- Fixture-only tables for the clickstream EXPLAIN cases (not part of the workload).
-- fixture.events_december: December 2024's events, range-partitioned by week on occurred_at,
-- for the partition-pruning cases (plan time, executor start-up, execution time).
SET TimeZone = 'UTC';
CREATE SCHEMA fixture;
CREATE TABLE fixture.events_december (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY RANGE (occurred_at);
CREATE TABLE fixture.events_december_w1 PARTITION OF fixture.events_december
    FOR VALUES FROM ('2024-12-01 00:00+00') TO ('2024-12-08 00:00+00');
CREATE TABLE fixture.events_december_w2 PARTITION OF fixture.events_december
    FOR VALUES FROM ('2024-12-08 00:00+00') TO ('2024-12-15 00:00+00');
CREATE TABLE fixture.events_december_w3 PARTITION OF fixture.events_december
    FOR VALUES FROM ('2024-12-15 00:00+00') TO ('2024-12-22 00:00+00');
CREATE TABLE fixture.events_december_w4 PARTITION OF fixture.events_december
    FOR VALUES FROM ('2024-12-22 00:00+00') TO ('2025-01-01 00:00+00');
INSERT INTO fixture.events_december
SELECT * FROM events
WHERE occurred_at >= '2024-12-01 00:00+00' AND occurred_at < '2025-01-01 00:00+00'
ORDER BY event_id;
CREATE INDEX events_december_session_id_idx ON fixture.events_december (session_id);
VACUUM (ANALYZE) fixture.events_december;

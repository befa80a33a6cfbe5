-- Data quality: hours in September without a single event (anti-join of generate_series hours against a time
-- range; finds the 2024-09-17 tracking outage, plus quiet night hours at small scales).
SELECT h.hour
FROM generate_series(timestamptz '2024-09-01 00:00:00+00', timestamptz '2024-09-30 23:00:00+00', interval '1 hour') AS h(hour)
WHERE NOT EXISTS (SELECT 1
                  FROM events e
                  WHERE e.occurred_at >= h.hour
                    AND e.occurred_at <  h.hour + interval '1 hour')
ORDER BY h.hour;

-- Cookie history: all sessions of one anonymous browser (a shared kiosk with far more sessions than anyone
-- else) and the events in them (IN subquery on a skewed column).
SELECT e.session_id, count(*) AS events, min(e.occurred_at) AS first_event, max(e.occurred_at) AS last_event
FROM events e
WHERE e.session_id IN (SELECT s.session_id
                       FROM sessions s
                       WHERE s.anonymous_id = '7e1b5895-251f-d2d2-3161-eb68c5f1e431')
GROUP BY e.session_id
ORDER BY first_event;

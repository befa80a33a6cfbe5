-- Purchase path: for December purchases, the event's position in its session and the time since the
-- session's first event and since the add-to-cart (window functions over each session).
SELECT session_id, occurred_at, nth_event, since_session_start, since_add_to_cart
FROM (
    SELECT e.session_id, e.event_type, e.occurred_at,
           row_number() OVER w AS nth_event,
           e.occurred_at - first_value(e.occurred_at) OVER w AS since_session_start,
           e.occurred_at - max(e.occurred_at) FILTER (WHERE e.event_type = 'add_to_cart') OVER w AS since_add_to_cart
    FROM events e
    WHERE e.session_id IN (SELECT p.session_id FROM events p
                           WHERE p.event_type = 'purchase' AND p.occurred_at >= '2024-12-01 00:00:00+00')
    WINDOW w AS (PARTITION BY e.session_id ORDER BY e.occurred_at, e.event_id)
) x
WHERE event_type = 'purchase'
ORDER BY occurred_at;

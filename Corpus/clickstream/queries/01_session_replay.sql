-- Session replay: every event of one session in order (PK lookup of the session + index on events(session_id, occurred_at)).
SELECT e.event_id, e.event_type, e.occurred_at, p.path, e.properties
FROM events e
LEFT JOIN pages p ON p.page_id = e.page_id
WHERE e.session_id = 1234
ORDER BY e.occurred_at, e.event_id;

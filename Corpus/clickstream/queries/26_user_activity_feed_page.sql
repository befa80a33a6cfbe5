-- Activity feed: page 3 (50 per page) of a heavy user's events, newest first (OFFSET pagination).
SELECT e.event_id, e.event_type, e.occurred_at, p.path
FROM events e
LEFT JOIN pages p ON p.page_id = e.page_id
WHERE e.user_id = 2
ORDER BY e.occurred_at DESC, e.event_id DESC
LIMIT 50 OFFSET 100;

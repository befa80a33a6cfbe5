-- Category pages with their most recent view (correlated subquery per page).
SELECT p.page_id, p.path,
       (SELECT max(e.occurred_at) FROM events e WHERE e.page_id = p.page_id) AS last_viewed_at
FROM pages p
WHERE p.page_type = 'category'
ORDER BY last_viewed_at DESC NULLS LAST, p.page_id;

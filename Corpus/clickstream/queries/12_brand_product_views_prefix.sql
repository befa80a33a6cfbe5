-- Brand report: Q4 views of Voltra product pages (LIKE 'prefix%' on the path, text_pattern_ops index).
SELECT p.path, p.title, count(*) AS views
FROM pages p
JOIN events e ON e.page_id = p.page_id
WHERE p.path LIKE '/p/voltra-%'
  AND e.event_type = 'page_view'
  AND e.occurred_at >= '2024-10-01 00:00:00+00'
GROUP BY p.path, p.title
ORDER BY views DESC, p.path;

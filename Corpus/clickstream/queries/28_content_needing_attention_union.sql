-- Content review list: product pages with many Q4 views but no add-to-cart, plus help articles that were
-- viewed a lot in December (UNION ALL of two aggregates).
(SELECT p.path, 'no_conversions' AS reason, count(*) AS views
 FROM events e
 JOIN pages p ON p.page_id = e.page_id
 WHERE p.page_type = 'product'
   AND e.event_type = 'page_view'
   AND e.occurred_at >= '2024-10-01 00:00:00+00'
   AND NOT EXISTS (SELECT 1 FROM events c
                   WHERE c.event_type = 'add_to_cart' AND c.page_id = p.page_id
                     AND c.occurred_at >= '2024-10-01 00:00:00+00')
 GROUP BY p.path
 HAVING count(*) >= 5)
UNION ALL
(SELECT p.path, 'help_hotspot', count(*)
 FROM events e
 JOIN pages p ON p.page_id = e.page_id
 WHERE p.page_type = 'help'
   AND e.event_type = 'page_view'
   AND e.occurred_at >= '2024-12-01 00:00:00+00'
 GROUP BY p.path
 HAVING count(*) >= 10)
ORDER BY reason, views DESC, path;

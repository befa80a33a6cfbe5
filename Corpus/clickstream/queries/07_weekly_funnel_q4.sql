-- Funnel per ISO week in Q4: sessions that viewed a product, added to cart, began checkout and purchased.
SELECT date_trunc('week', e.occurred_at) AS week,
       count(DISTINCT e.session_id) FILTER (WHERE e.event_type = 'page_view' AND p.page_type = 'product') AS viewed_product,
       count(DISTINCT e.session_id) FILTER (WHERE e.event_type = 'add_to_cart')    AS added_to_cart,
       count(DISTINCT e.session_id) FILTER (WHERE e.event_type = 'begin_checkout') AS began_checkout,
       count(DISTINCT e.session_id) FILTER (WHERE e.event_type = 'purchase')       AS purchased
FROM events e
LEFT JOIN pages p ON p.page_id = e.page_id
WHERE e.occurred_at >= '2024-09-30 00:00:00+00'
  AND e.occurred_at <  '2024-12-30 00:00:00+00'
GROUP BY 1
ORDER BY 1;

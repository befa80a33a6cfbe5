-- Product performance for Q4: views, add-to-carts (matched through the jsonb product_id) and view-to-cart rate
-- for the 25 most viewed products.
WITH views AS (
    SELECT p.product_id, p.title, count(*) AS views
    FROM events e
    JOIN pages p ON p.page_id = e.page_id
    WHERE e.event_type = 'page_view'
      AND p.page_type = 'product'
      AND e.occurred_at >= '2024-10-01 00:00:00+00'
    GROUP BY p.product_id, p.title
), carts AS (
    SELECT (properties ->> 'product_id')::int AS product_id, count(*) AS carts
    FROM events
    WHERE event_type = 'add_to_cart'
      AND occurred_at >= '2024-10-01 00:00:00+00'
    GROUP BY 1
)
SELECT v.product_id, v.title, v.views, coalesce(c.carts, 0) AS carts,
       round(100.0 * coalesce(c.carts, 0) / v.views, 1) AS cart_rate_pct
FROM views v
LEFT JOIN carts c ON c.product_id = v.product_id
ORDER BY v.views DESC, v.product_id
LIMIT 25;

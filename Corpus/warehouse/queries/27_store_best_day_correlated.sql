-- Each physical store's single best day ever (correlated subquery per store).
SELECT s.store_code, s.city,
       (SELECT f.date_key
        FROM fact_sales f
        WHERE f.store_key = s.store_key
        GROUP BY f.date_key
        ORDER BY sum(f.net_amount) DESC, f.date_key
        LIMIT 1) AS best_day
FROM dim_store s
WHERE s.store_type <> 'online'
ORDER BY s.store_code;

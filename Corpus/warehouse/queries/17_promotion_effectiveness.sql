-- Promotions: revenue and discount per promotion type in 2024, with promotion-free sales as the baseline
-- (LEFT JOIN; promotion_key IS NULL for most lines).
SELECT coalesce(pr.promo_type, 'none') AS promo_type,
       count(*)                 AS lines,
       sum(f.net_amount)        AS revenue,
       sum(f.discount_amount)   AS discount_given,
       round(avg(f.quantity), 2) AS avg_quantity
FROM fact_sales f
LEFT JOIN dim_promotion pr ON pr.promotion_key = f.promotion_key
WHERE f.date_key BETWEEN 20240101 AND 20241231
GROUP BY coalesce(pr.promo_type, 'none')
ORDER BY revenue DESC;

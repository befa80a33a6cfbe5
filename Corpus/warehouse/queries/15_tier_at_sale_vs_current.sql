-- 2024 revenue by loyalty tier at the time of sale against the customer's current tier (dimension joined twice).
SELECT hist.loyalty_tier AS tier_at_sale, cur.loyalty_tier AS tier_now,
       count(*) AS lines, sum(f.net_amount) AS revenue
FROM fact_sales f
JOIN dim_customer hist ON hist.customer_key = f.customer_key
JOIN dim_customer cur  ON cur.customer_id = hist.customer_id AND cur.is_current
WHERE f.date_key BETWEEN 20240101 AND 20241231
  AND hist.customer_id <> 0
GROUP BY hist.loyalty_tier, cur.loyalty_tier
ORDER BY revenue DESC;

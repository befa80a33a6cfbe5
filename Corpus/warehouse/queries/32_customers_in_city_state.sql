-- Local event invite: current customers in Portland, Oregon (city and state are correlated: Portland is
-- mostly OR, sometimes ME) with their lifetime spend.
SELECT c.customer_id, c.first_name, c.last_name, c.email, c.loyalty_tier,
       sum(f.net_amount) AS lifetime_revenue
FROM dim_customer c
JOIN dim_customer v ON v.customer_id = c.customer_id
JOIN fact_sales f   ON f.customer_key = v.customer_key
WHERE c.is_current
  AND c.city = 'Portland'
  AND c.state = 'OR'
  AND c.region = 'West'
GROUP BY c.customer_id, c.first_name, c.last_name, c.email, c.loyalty_tier
ORDER BY lifetime_revenue DESC
LIMIT 25;

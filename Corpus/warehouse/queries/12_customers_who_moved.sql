-- SCD2 history: customers who changed state, with their sales before and after the move (self-join on versions).
SELECT old.customer_id, old.state AS from_state, new.state AS to_state, new.valid_from AS moved_on,
       (SELECT sum(f.net_amount) FROM fact_sales f WHERE f.customer_key = old.customer_key) AS revenue_before,
       (SELECT sum(f.net_amount) FROM fact_sales f WHERE f.customer_key = new.customer_key) AS revenue_after
FROM dim_customer old
JOIN dim_customer new ON new.customer_id = old.customer_id
                     AND new.version = old.version + 1
WHERE old.state <> new.state
  AND new.valid_from >= '2024-01-01'
ORDER BY moved_on
LIMIT 50;

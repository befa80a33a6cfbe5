-- Point lookup of a customer's current version (served by the partial unique index WHERE is_current).
SELECT customer_key, customer_id, first_name, last_name, email, city, state, loyalty_tier, valid_from
FROM dim_customer
WHERE customer_id = 29
  AND is_current;

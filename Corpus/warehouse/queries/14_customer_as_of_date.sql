-- As-of lookup: the version of customer 108 that was valid on 2022-06-15 (range predicate on valid_from/valid_to).
SELECT customer_key, version, city, state, loyalty_tier, valid_from, valid_to
FROM dim_customer
WHERE customer_id = 108
  AND date '2022-06-15' BETWEEN valid_from AND valid_to;

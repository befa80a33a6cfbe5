-- Customer-service search on the current customer records: last-name prefix (case-insensitive) or an e-mail fragment.
SELECT customer_id, first_name, last_name, email, city, state
FROM dim_customer
WHERE is_current
  AND (lower(last_name) LIKE 'okaf%' OR email ILIKE '%kenji%')
ORDER BY last_name, first_name, customer_id
LIMIT 50;

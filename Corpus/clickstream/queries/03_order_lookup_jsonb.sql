-- Order reconciliation: the purchase event carrying an order id (expression index on properties->>'order_id').
SELECT e.event_id, e.session_id, e.user_id, e.occurred_at, e.received_at, e.properties
FROM events e
WHERE e.event_type = 'purchase'
  AND e.properties ->> 'order_id' = 'W100250';

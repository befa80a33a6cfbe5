-- Delivery-zone check: addresses in one zip, also filtered by its city and state. The three columns are
-- functionally dependent, so multiplying their selectivities underestimates badly without extended statistics.
SELECT a.id, a.user_id, a.line1, a.line2, a.city, a.state, a.zip
FROM addresses a
WHERE a.city = 'Chicago'
  AND a.state = 'IL'
  AND a.zip = '60631';

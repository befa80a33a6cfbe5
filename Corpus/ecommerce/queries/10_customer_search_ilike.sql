-- Support tool: find a customer by a fragment of name or e-mail (ILIKE '%...%' with OR: no btree helps).
SELECT id, full_name, email, status, created_at
FROM users
WHERE full_name ILIKE '%okafor%'
   OR email ILIKE '%okafor%'
ORDER BY created_at DESC
LIMIT 25;

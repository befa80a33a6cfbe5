-- Login: case-insensitive e-mail lookup; only the expression index on lower(email) can serve it.
SELECT id, email, full_name, status
FROM users
WHERE lower(email) = lower('Emma.Harris42@Gmail.com')
  AND deleted_at IS NULL;

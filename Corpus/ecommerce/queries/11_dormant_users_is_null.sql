-- Re-activation campaign: active, opted-in users who signed up before mid-2024 and never logged in.
SELECT id, email, full_name, created_at
FROM users
WHERE last_login_at IS NULL
  AND status = 'active'
  AND marketing_opt_in
  AND created_at < '2024-06-01 00:00:00+00'
ORDER BY created_at;

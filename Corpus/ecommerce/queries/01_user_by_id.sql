-- Account page: load one user by primary key.
SELECT id, email, full_name, phone, status, marketing_opt_in, created_at, last_login_at
FROM users
WHERE id = 42;

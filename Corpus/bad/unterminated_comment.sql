SELECT id FROM users WHERE id = 1;
/* This block comment is never closed.
SELECT email FROM users;
/* a nested opener makes it even deeper */
SELECT 2;

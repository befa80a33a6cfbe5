-- Four statements; the third one (line 7) misspells SELECT.
SELECT id, email FROM users WHERE id = 1;

UPDATE users
   SET last_login_at = now() WHERE id = 1;
-- the next statement has the typo
SELEC email FROM users WHERE id = 2;
SELECT count(*) FROM orders;

-- A DO block whose dollar-quoted body is never closed.
DO $body$
BEGIN
  RAISE NOTICE 'starting';
  PERFORM pg_sleep(1);
END;
$bod$;
SELECT 1;

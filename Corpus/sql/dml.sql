-- dml.sql
-- INSERT / UPDATE / DELETE in all their forms, over a public library
-- system: members, books, authors, book_authors, copies, branches, loans,
-- holds, fines, audit_log, staging tables.
-- INSERT: VALUES (single, multi-row, DEFAULT), SELECT, DEFAULT VALUES,
-- OVERRIDING SYSTEM/USER VALUE, column lists, table alias, ON CONFLICT,
-- RETURNING. UPDATE: SET col =, SET (a, b) = (...), = ROW(...), = (SELECT),
-- DEFAULT, FROM, ONLY, WHERE CURRENT OF. DELETE: USING, ONLY, RETURNING.
-- Data-modifying CTEs.

-- ===================== INSERT =====================
INSERT INTO members (card_number, full_name, email, joined_on) VALUES ('C-100200', 'Grace Hopper', 'grace@example.org', current_date);
INSERT INTO members VALUES (DEFAULT, 'C-100201', 'Alan Turing', 'alan@example.org', '2024-02-02', true);
INSERT INTO authors (name, born) VALUES ('Ursula K. Le Guin', 1929), ('Octavia E. Butler', 1947), ('Stanisław Lem', 1921);
INSERT INTO branches DEFAULT VALUES;
INSERT INTO branches DEFAULT VALUES RETURNING id;
INSERT INTO books (isbn, title, published_year, language) VALUES ('9780441478125', 'The Left Hand of Darkness', 1969, DEFAULT);
INSERT INTO books (id, isbn, title) OVERRIDING SYSTEM VALUE VALUES (100000, '9780000000000', 'Migrated Record');
INSERT INTO copies (id, book_id, branch_id) OVERRIDING USER VALUE VALUES (1, 42, 3);
INSERT INTO book_authors (book_id, author_id, position)
SELECT b.id, a.id, 1 FROM books b JOIN authors a ON a.name = 'Ursula K. Le Guin' WHERE b.isbn = '9780441478125';
INSERT INTO copies (book_id, branch_id, acquired_on)
SELECT b.id, br.id, current_date FROM books b CROSS JOIN branches br WHERE b.published_year = 2024;
INSERT INTO loans (copy_id, member_id, loaned_at, due_on) VALUES ($1, $2, now(), current_date + 21) RETURNING id, due_on;
INSERT INTO loans AS l (copy_id, member_id, due_on) VALUES (7, 9, current_date + 14) RETURNING l.*;
INSERT INTO audit_log (actor, action, payload) VALUES (current_user, 'login', jsonb_build_object('ip', inet_client_addr()));
INSERT INTO audit_log (action, payload) SELECT 'bulk_import', to_jsonb(s) FROM staging_books s;
INSERT INTO books_archive TABLE books_deleted;
INSERT INTO books_archive SELECT * FROM books WHERE withdrawn_at IS NOT NULL ORDER BY withdrawn_at LIMIT 1000;
INSERT INTO member_stats (member_id, loans_total) SELECT member_id, count(*) FROM loans GROUP BY member_id;
INSERT INTO tags (name) SELECT DISTINCT unnest(subjects) FROM books ON CONFLICT DO NOTHING;
INSERT INTO tags (name) VALUES ('science fiction') ON CONFLICT (name) DO NOTHING RETURNING id;
INSERT INTO holds (book_id, member_id, placed_at) VALUES (42, 9, now())
ON CONFLICT (book_id, member_id) WHERE fulfilled_at IS NULL DO NOTHING;
INSERT INTO member_stats (member_id, loans_total, last_loan_at) VALUES (9, 1, now())
ON CONFLICT (member_id) DO UPDATE SET loans_total = member_stats.loans_total + 1, last_loan_at = excluded.last_loan_at;
INSERT INTO member_stats AS ms (member_id, loans_total, last_loan_at) VALUES (9, 1, now())
ON CONFLICT (member_id) DO UPDATE SET (loans_total, last_loan_at) = (ms.loans_total + excluded.loans_total, excluded.last_loan_at)
WHERE ms.last_loan_at < excluded.last_loan_at
RETURNING ms.loans_total;
INSERT INTO book_prices (isbn, currency, price) VALUES ('9780441478125', 'EUR', 12.99)
ON CONFLICT (isbn, currency) DO UPDATE SET price = excluded.price, updated_at = DEFAULT;
INSERT INTO settings (key, value) VALUES ('max_loans', '10'), ('loan_days', '21')
ON CONFLICT ON CONSTRAINT settings_pkey DO UPDATE SET value = excluded.value WHERE settings.value IS DISTINCT FROM excluded.value;
INSERT INTO authors_lower_uq (name) VALUES ('Lem')
ON CONFLICT (lower(name)) DO UPDATE SET name = excluded.name;
INSERT INTO copy_conditions (copy_id, condition) VALUES (1, 'good')
ON CONFLICT (copy_id) DO UPDATE SET (condition, checked_at) = (SELECT excluded.condition, now());
INSERT INTO counters (name, n) VALUES ('visits', 1)
ON CONFLICT (name) DO UPDATE SET n = counters.n + 1 RETURNING n;
INSERT INTO fines (loan_id, amount, reason)
SELECT l.id, (current_date - l.due_on) * 0.25, 'late'
FROM loans l
WHERE l.returned_at IS NULL AND l.due_on < current_date
  AND NOT EXISTS (SELECT 1 FROM fines f WHERE f.loan_id = l.id AND f.reason = 'late');
INSERT INTO staging_books (isbn, title, raw) SELECT x.isbn, x.title, x FROM json_populate_recordset(NULL::staging_books, $1::json) x;
INSERT INTO reading_lists (member_id, book_ids) VALUES (9, ARRAY[1, 2, 3]), (10, '{}');
INSERT INTO events_log (occurred_at, kind) SELECT g, 'tick' FROM generate_series(now(), now() + interval '1 hour', interval '5 minutes') g;
INSERT INTO branch_hours (branch_id, weekday, opens, closes) VALUES (1, 1, '09:00', '17:00'), (1, 2, '09:00', '17:00'), (1, 6, '10:00', '14:00') RETURNING *;
INSERT INTO public.members (card_number, full_name) VALUES ($1, $2) RETURNING id AS member_id, card_number;

-- ===================== UPDATE =====================
UPDATE members SET email = 'grace.hopper@example.org' WHERE id = 1;
UPDATE members SET email = NULL, email_verified = false WHERE email LIKE '%@invalid.example';
UPDATE members SET active = DEFAULT WHERE id = 5;
UPDATE members SET (full_name, email) = ('Alan M. Turing', 'turing@example.org') WHERE card_number = 'C-100201';
UPDATE members SET (full_name, email) = ROW('A. Turing', 'at@example.org') WHERE id = 2;
UPDATE members m SET (home_branch_id, updated_at) = (SELECT b.id, now() FROM branches b WHERE b.postcode = m.postcode LIMIT 1) WHERE m.home_branch_id IS NULL;
UPDATE members SET loans_count = (SELECT count(*) FROM loans l WHERE l.member_id = members.id);
UPDATE books SET title = initcap(title), updated_at = now() WHERE title = lower(title) RETURNING id, title;
UPDATE books SET subjects = subjects || ARRAY['classic'] WHERE published_year < 1950;
UPDATE books b SET available_copies = c.n
FROM (SELECT book_id, count(*) AS n FROM copies WHERE status = 'on_shelf' GROUP BY book_id) c
WHERE c.book_id = b.id;
UPDATE loans l SET returned_at = now()
FROM copies c
WHERE c.id = l.copy_id AND c.barcode = $1 AND l.returned_at IS NULL
RETURNING l.id, l.member_id, l.due_on < current_date AS was_late;
UPDATE copies c SET status = 'lost'
FROM loans l, members m
WHERE l.copy_id = c.id AND m.id = l.member_id AND l.returned_at IS NULL AND l.due_on < current_date - 180 AND NOT m.active;
UPDATE ONLY copies SET branch_id = 2 WHERE branch_id = 1 AND status = 'transfer';
UPDATE copies AS c SET condition = 'worn' WHERE c.times_loaned > 50 AND c.condition = 'good';
UPDATE holds SET fulfilled_at = now(), copy_id = $2 WHERE id = (SELECT id FROM holds WHERE book_id = $1 AND fulfilled_at IS NULL ORDER BY placed_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING member_id;
UPDATE fines SET paid_at = now(), amount = 0 WHERE loan_id IN (SELECT id FROM loans WHERE member_id = $1) AND paid_at IS NULL;
UPDATE fines SET amount = round(amount * 1.1, 2) WHERE paid_at IS NULL AND issued_on < current_date - 30 AND amount < 50;
UPDATE settings SET value = to_jsonb(value::int + 1)::text WHERE key = 'schema_version';
UPDATE books SET search_vector = setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', coalesce(summary, '')), 'B');
UPDATE loans SET due_on = due_on + CASE WHEN renewals < 2 THEN 14 ELSE 0 END, renewals = renewals + 1 WHERE id = $1 AND returned_at IS NULL RETURNING due_on, renewals;
UPDATE branches SET opening_hours[1] = '08:00-18:00' WHERE id = 1;
UPDATE members SET address.city = 'Leeds' WHERE id = 4;
UPDATE members SET preferences = jsonb_set(preferences, '{notifications,email}', 'false') WHERE id = 4;
UPDATE members SET last_seen_at = now() WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - interval '5 minutes');
UPDATE copies SET status = 'in_repair' WHERE CURRENT OF repair_cursor;
UPDATE book_authors ba SET position = ranked.rn
FROM (SELECT book_id, author_id, row_number() OVER (PARTITION BY book_id ORDER BY position, author_id) AS rn FROM book_authors) ranked
WHERE ba.book_id = ranked.book_id AND ba.author_id = ranked.author_id AND ba.position <> ranked.rn;
UPDATE branches br SET manager_id = m.id FROM LATERAL (SELECT id FROM staff s WHERE s.branch_id = br.id ORDER BY s.hired_on LIMIT 1) m WHERE br.manager_id IS NULL;
UPDATE members SET full_name = btrim(full_name) WHERE full_name ~ '^\s|\s$';

-- ===================== DELETE =====================
DELETE FROM holds WHERE id = 77;
DELETE FROM holds WHERE placed_at < now() - interval '1 year' AND fulfilled_at IS NULL RETURNING id, member_id;
DELETE FROM audit_log;
DELETE FROM ONLY copies WHERE status = 'discarded';
DELETE FROM copies AS c WHERE c.status = 'lost' AND c.updated_at < now() - interval '2 years' RETURNING c.*;
DELETE FROM loans l USING members m WHERE l.member_id = m.id AND m.deleted_at IS NOT NULL;
DELETE FROM book_authors ba USING books b, authors a WHERE ba.book_id = b.id AND ba.author_id = a.id AND (b.withdrawn_at IS NOT NULL OR a.merged_into IS NOT NULL);
DELETE FROM fines WHERE loan_id NOT IN (SELECT id FROM loans);
DELETE FROM fines f WHERE NOT EXISTS (SELECT 1 FROM loans l WHERE l.id = f.loan_id);
DELETE FROM tags t WHERE NOT EXISTS (SELECT 1 FROM books b WHERE t.name = ANY (b.subjects)) RETURNING t.name;
DELETE FROM sessions WHERE expires_at < now();
DELETE FROM staging_books WHERE ctid NOT IN (SELECT min(ctid) FROM staging_books GROUP BY isbn);
DELETE FROM members_dupes a USING members_dupes b WHERE a.id > b.id AND lower(a.email) = lower(b.email);
DELETE FROM copies WHERE CURRENT OF discard_cursor;
DELETE FROM loans WHERE (copy_id, member_id) IN (SELECT copy_id, member_id FROM loan_corrections) RETURNING copy_id;
DELETE FROM public.audit_log WHERE occurred_at < $1;

-- ===================== data-modifying CTEs =====================
WITH moved AS (
  DELETE FROM loans WHERE returned_at < now() - interval '5 years' RETURNING *
)
INSERT INTO loans_history SELECT * FROM moved;
WITH returned AS (
  UPDATE loans SET returned_at = now() WHERE copy_id = $1 AND returned_at IS NULL RETURNING id, copy_id, member_id, due_on
), shelved AS (
  UPDATE copies SET status = 'on_shelf' WHERE id IN (SELECT copy_id FROM returned) RETURNING id
), fined AS (
  INSERT INTO fines (loan_id, amount, reason)
  SELECT id, (current_date - due_on) * 0.25, 'late' FROM returned WHERE due_on < current_date
  RETURNING loan_id, amount
)
SELECT r.member_id, f.amount FROM returned r LEFT JOIN fined f ON f.loan_id = r.id;
WITH new_member AS (
  INSERT INTO members (card_number, full_name) VALUES ('C-555', 'Ada Lovelace') RETURNING id
)
INSERT INTO audit_log (action, payload) SELECT 'member_created', jsonb_build_object('id', id) FROM new_member;
WITH gone AS (DELETE FROM holds WHERE member_id = $1 RETURNING book_id)
UPDATE books SET hold_count = hold_count - 1 WHERE id IN (SELECT book_id FROM gone);
WITH upd AS (
  UPDATE member_stats SET loans_total = loans_total + 1 WHERE member_id = $1 RETURNING member_id
)
INSERT INTO member_stats (member_id, loans_total)
SELECT $1, 1 WHERE NOT EXISTS (SELECT 1 FROM upd);
WITH batch AS (
  SELECT id FROM audit_log WHERE occurred_at < now() - interval '90 days' ORDER BY id LIMIT 5000
)
DELETE FROM audit_log a USING batch WHERE a.id = batch.id;
WITH src AS (SELECT isbn, title, published_year FROM staging_books WHERE isbn IS NOT NULL),
ins AS (
  INSERT INTO books (isbn, title, published_year)
  SELECT isbn, title, published_year FROM src
  ON CONFLICT (isbn) DO UPDATE SET title = excluded.title
  RETURNING id, (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated FROM ins;
WITH RECURSIVE dup_chain AS (
  SELECT id, merged_into FROM authors WHERE merged_into IS NOT NULL
  UNION ALL
  SELECT d.id, a.merged_into FROM dup_chain d JOIN authors a ON a.id = d.merged_into WHERE a.merged_into IS NOT NULL
)
UPDATE book_authors ba SET author_id = dc.merged_into FROM dup_chain dc WHERE ba.author_id = dc.id;
WITH overdue AS (
  SELECT l.id, l.member_id FROM loans l WHERE l.returned_at IS NULL AND l.due_on < current_date - 60
)
UPDATE members SET active = false WHERE id IN (SELECT member_id FROM overdue) RETURNING id;
WITH deleted_members AS (
  DELETE FROM members WHERE deleted_at < now() - interval '7 years' RETURNING id
), deleted_loans AS (
  DELETE FROM loans_history WHERE member_id IN (SELECT id FROM deleted_members) RETURNING 1
)
SELECT (SELECT count(*) FROM deleted_members) AS members, (SELECT count(*) FROM deleted_loans) AS loans;
WITH t AS (
  INSERT INTO branches (name, postcode) VALUES ('Central', 'LS1 1AA') RETURNING id
)
INSERT INTO branch_hours (branch_id, weekday, opens, closes)
SELECT t.id, d, '09:00', '17:00' FROM t, generate_series(1, 5) AS d;

-- ===================== cursors with DML =====================
BEGIN;
DECLARE repair_cursor CURSOR FOR SELECT id FROM copies WHERE condition = 'damaged' FOR UPDATE;
FETCH NEXT FROM repair_cursor;
FETCH FORWARD 10 FROM repair_cursor;
MOVE BACKWARD 1 IN repair_cursor;
CLOSE repair_cursor;
COMMIT;
DECLARE report_cur NO SCROLL CURSOR WITH HOLD FOR SELECT * FROM loans ORDER BY id;
DECLARE bin_cur BINARY SCROLL CURSOR WITHOUT HOLD FOR SELECT id, isbn FROM books;
FETCH ABSOLUTE 5 FROM bin_cur;
FETCH ALL IN report_cur;
CLOSE ALL;

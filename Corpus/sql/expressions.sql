-- expressions.sql
-- Scalar expression coverage: constants of every kind, NULL tests, boolean
-- tests, IS [NOT] DISTINCT FROM, BETWEEN variants, CASE, COALESCE / NULLIF /
-- GREATEST / LEAST, row constructors and row comparisons, array subscripts
-- and slices, composite field selection, COLLATE, SQL-standard "functions"
-- (CURRENT_DATE, LOCALTIMESTAMP, CURRENT_USER, ...), operators of all kinds,
-- aggregates with FILTER / ORDER BY / DISTINCT, and variadic calls.
-- Tables: readings, sensors, accounts, ledger, people, documents, shapes.

-- == numeric constants ==
SELECT 42 AS answer, pi() AS circle_constant;
SELECT id FROM ledger WHERE sequence_no < 9223372036854775807;
SELECT -2147483648::int4 AS min_int, sensor_id FROM sensors;
SELECT radius * radius * 3.14159::numeric(6,5) AS area FROM shapes;
SELECT * FROM readings WHERE raw_count > 1.5e10::float8 OR noise < 2.5E-3::real;
SELECT .5 + 5. AS halves, value FROM readings;
SELECT 6.02214076e23 * amount FROM ledger WHERE id = 1;
SELECT 100000000000000000000000000000::numeric / 7;
SELECT count(*) FROM readings WHERE value = 'NaN'::float8 OR calibrated = 'Infinity'::numeric OR drift = '-Infinity'::float4;
SELECT value FROM readings WHERE value > 1e-9 AND value < 1.0E+9;
-- == string constants ==
SELECT 'plain string' AS s, title FROM documents WHERE title <> 'it''s quoted';
SELECT replace(body, E'tab\there\nnewline\\backslash \x41 \101 \u00e9', '') FROM documents;
SELECT * FROM documents WHERE slug = U&'caf\00e9 \+01F600';
SELECT * FROM documents WHERE language = U&'na!00efve' UESCAPE '!';
SELECT * FROM documents WHERE summary = 'split '
  'across '
  'lines';
SELECT * FROM documents WHERE body LIKE $$%dollar quoted; with a semicolon; and 'quotes'%$$;
SELECT * FROM documents WHERE footer = $tag$nested $$ dollars $$ inside$tag$;
SELECT length($fn$ SELECT 1; SELECT 2; $fn$::text) AS script_len;
SELECT * FROM people WHERE country_name = n'national char';
SELECT length(E'\'escaped quote\'') FROM documents LIMIT 1;
-- == bit strings, bytea ==
SELECT B'1010' | B'0101', B'1111' & B'1001', B'1100' # B'1010', ~ B'1010';
SELECT X'1F' AS hex_bits, X'DEADBEEF'::bit(32)::int;
SELECT flags FROM sensors WHERE flags & B'0001' = B'0001';
SELECT '\xdeadbeef'::bytea, decode('3q2+7w==', 'base64');
SELECT get_byte(payload, 0), length(payload) FROM readings WHERE payload IS NOT NULL;
-- == booleans, NULL ==
SELECT true, false, TRUE AND NOT FALSE;
SELECT * FROM accounts WHERE is_overdraft_allowed = 't'::boolean AND is_paperless <> 'off'::bool;
SELECT NULL AS nothing, NULL::int AS no_int, CAST(NULL AS text) AS no_text, id FROM people;
SELECT * FROM people WHERE nickname IS NULL;
SELECT * FROM people WHERE nickname IS NOT NULL;
SELECT * FROM people WHERE email ISNULL;
SELECT * FROM people WHERE phone NOTNULL;
SELECT * FROM accounts WHERE is_frozen IS TRUE;
SELECT * FROM accounts WHERE is_verified IS NOT TRUE;
SELECT * FROM accounts WHERE is_closed IS FALSE;
SELECT * FROM accounts WHERE is_internal IS NOT FALSE;
SELECT * FROM accounts WHERE (balance > 0) IS UNKNOWN;
SELECT * FROM accounts WHERE (credit_limit > balance) IS NOT UNKNOWN;
SELECT * FROM people WHERE middle_name IS DISTINCT FROM 'X';
SELECT * FROM people p JOIN people q ON p.email IS NOT DISTINCT FROM q.alt_email;
-- == typed literals ==
SELECT * FROM ledger WHERE posted_on >= date '2024-01-01' AND posted_time < time '13:45:00' AND entered_at <> timestamp '2024-01-01 13:45:00';
SELECT * FROM ledger WHERE posted_at BETWEEN timestamptz '2024-01-01 13:45:00+02' AND timestamp with time zone '2024-06-01 00:00Z';
SELECT recorded_at + interval '1 hour', recorded_at - interval '2 days 3 hours', recorded_at + interval '1' year, recorded_at + interval '90' minute to second FROM readings;
SELECT * FROM accounts WHERE opened_at + INTERVAL '1-2' YEAR TO MONTH < now() AND grace_period > INTERVAL '3 4:05:06' DAY TO SECOND(3);
SELECT * FROM sensors WHERE maintenance_window_start = time with time zone '10:00+05' OR maintenance_window_end = time(3) '12:00:00.123456';
SELECT int '7' + bigint '8' + sensor_id, numeric '1.50' * gain, real '2.5' * offset_v, double precision '3.5' * scale FROM sensors;
SELECT * FROM sensors WHERE model_code = char(3) 'abc' AND firmware = varchar '64' AND capability_bits = bit varying(8) '101';
SELECT * FROM sensors WHERE device_uuid = uuid '5f0c2a9e-3b7d-4c1e-9a2f-8d6e4b1c7a30' OR ip_address = inet '10.0.0.1/8' OR subnet = cidr '192.168.0.0/24' OR mac = macaddr '3c:22:fb:10:aa:07';
SELECT * FROM shapes WHERE centroid ~= point '(1,2)' OR bounds ~= box '((0,0),(1,1))' OR extent ~= circle '<(0,0),5>' OR tsvector 'index scan heap' @@ tsquery 'index & heap';
SELECT * FROM documents WHERE meta::text = json '{"a": 1}'::text OR labels = jsonb '[1, 2, 3]' OR fee > money '12.34';
SELECT int4range(1, 10), '[2024-01-01,2024-02-01)'::daterange, numrange(1.5, 2.5, '(]');
-- == BETWEEN ==
SELECT * FROM readings WHERE recorded_at BETWEEN '2024-01-01' AND '2024-01-31';
SELECT * FROM readings WHERE value NOT BETWEEN -10 AND 40;
SELECT * FROM readings WHERE value BETWEEN SYMMETRIC 40 AND -10;
SELECT * FROM readings WHERE sensor_id NOT BETWEEN SYMMETRIC 100 AND 1;
SELECT * FROM readings WHERE value BETWEEN ASYMMETRIC lower_bound AND upper_bound;
-- == CASE ==
SELECT CASE status WHEN 'A' THEN 'active' WHEN 'S' THEN 'suspended' ELSE 'unknown' END FROM accounts;
SELECT CASE WHEN balance < 0 THEN 'overdrawn' WHEN balance = 0 THEN 'empty' WHEN balance < 1000 THEN 'low' END FROM accounts;
SELECT sum(CASE WHEN kind = 'credit' THEN amount ELSE -amount END) FROM ledger WHERE account_id = 7;
SELECT CASE WHEN value IS NULL THEN NULL ELSE CASE WHEN value > threshold THEN 1 ELSE 0 END END FROM readings JOIN sensors USING (sensor_id);
SELECT * FROM ledger ORDER BY CASE kind WHEN 'fee' THEN 1 WHEN 'debit' THEN 2 ELSE 3 END;
-- == COALESCE / NULLIF / GREATEST / LEAST ==
SELECT coalesce(nickname, first_name, 'anonymous') FROM people;
SELECT nullif(trim(middle_name), '') FROM people;
SELECT amount / nullif(quantity, 0) FROM ledger;
SELECT greatest(updated_at, created_at, deleted_at) FROM documents;
SELECT least(credit_limit, 10000, balance * 2) FROM accounts;
SELECT COALESCE(NULLIF(a.display_name, ''), p.first_name || ' ' || p.last_name) FROM accounts a JOIN people p ON p.id = a.owner_id;
-- == row constructors ==
SELECT ROW(1, 'a', now());
SELECT ROW(p.id, p.email) FROM people p;
SELECT (p.first_name, p.last_name) = ('Ada', 'Lovelace') FROM people p;
SELECT * FROM ledger WHERE (account_id, posted_at) > (7, '2024-01-01');
SELECT * FROM ledger WHERE ROW(account_id, amount) <> ROW(7, 0);
SELECT * FROM ledger WHERE (account_id, kind) IN ((7, 'fee'), (8, 'fee'));
SELECT * FROM ledger WHERE (account_id, kind) NOT IN (SELECT account_id, kind FROM ledger_exclusions);
SELECT * FROM people WHERE ROW(first_name, last_name) IS NULL;
SELECT * FROM people WHERE (first_name, last_name) IS NOT NULL;
SELECT * FROM readings r WHERE (r.sensor_id, r.recorded_at) IS DISTINCT FROM (NULL, NULL);
SELECT row_to_json(ROW(id, value)) FROM readings LIMIT 3;
-- == arrays ==
SELECT ARRAY[1, 2, 3], ARRAY['x', 'y']::varchar[], '{1,2,3}'::int[];
SELECT samples[1], samples[2:4], samples[:2], samples[3:] FROM readings;
SELECT grid[1][2], grid[1:2][1:1] FROM shapes;
SELECT (ARRAY[10, 20, 30])[2];
SELECT (string_to_array(path, '/'))[2] FROM documents;
SELECT array_length(samples, 1), array_dims(samples), cardinality(samples) FROM readings;
SELECT * FROM readings WHERE samples[1] > 0 AND 0 = ANY (samples);
SELECT * FROM readings WHERE samples @> ARRAY[0.0]::float8[];
SELECT ARRAY(SELECT id FROM sensors ORDER BY id) AS all_ids;
UPDATE readings SET samples[1] = 0 WHERE id = 9;
UPDATE shapes SET grid[2:3] = ARRAY[[0, 0], [0, 0]] WHERE id = 1;
-- == composite field selection ==
SELECT (location).lat, (location).lon FROM sensors;
SELECT (s.location).lat FROM sensors s WHERE (s.location).lon < 0;
SELECT (owner_info).address.city FROM accounts;
SELECT (compute_stats(sensor_id)).* FROM sensors;
SELECT (compute_stats(sensor_id)).mean FROM sensors;
SELECT (ROW(1, 2)::pair).second;
UPDATE sensors SET location.lat = 59.91, location.lon = 10.75 WHERE sensor_id = 3;
-- == COLLATE ==
SELECT * FROM people ORDER BY last_name COLLATE "C";
SELECT * FROM people WHERE last_name COLLATE "en_US" < 'M';
SELECT first_name COLLATE "de-DE-x-icu" FROM people;
SELECT max(title COLLATE "POSIX") FROM documents;
-- == SQL value functions ==
SELECT CURRENT_DATE, CURRENT_TIME, CURRENT_TIMESTAMP, LOCALTIME, LOCALTIMESTAMP;
SELECT CURRENT_TIME(2), CURRENT_TIMESTAMP(0), LOCALTIME(3), LOCALTIMESTAMP(6);
SELECT CURRENT_USER, SESSION_USER, USER, CURRENT_ROLE, CURRENT_CATALOG, CURRENT_SCHEMA;
SELECT * FROM documents WHERE owner = CURRENT_USER AND created_at::date = CURRENT_DATE;
SELECT now(), clock_timestamp(), statement_timestamp(), transaction_timestamp(), timeofday();
-- == operators ==
SELECT 7 + 3, 7 - 3, 7 * 3, 7 / 3, 7 % 3, 2 ^ 10, |/ 16, ||/ 27, @ -5;
SELECT -value, +value, - - value FROM readings;
SELECT 1 << 4, 256 >> 2, 5 & 3, 5 | 3, 5 # 3, ~ 5;
SELECT 'abc' || 'def', 'abc' || 42, ARRAY[1] || ARRAY[2], ARRAY[1] || 2, 0 || ARRAY[1];
SELECT * FROM ledger WHERE amount <> 0 AND amount != 1 AND amount >= 2 AND amount <= 3;
SELECT * FROM ledger WHERE NOT (amount < 0 OR kind = 'void');
SELECT point '(1,1)' <-> point '(4,5)', box '((0,0),(2,2))' && box '((1,1),(3,3))', circle '<(0,0),1>' @> point '(0.5,0)';
SELECT * FROM shapes WHERE area <@ numrange(10, 20) AND validity && tstzrange(now(), now() + interval '1 day');
SELECT * FROM shapes WHERE validity -|- tstzrange('2024-01-01', '2024-02-01');
SELECT * FROM shapes WHERE span << int4range(100, 200) OR span >> int4range(0, 5) OR span &< int4range(1, 50) OR span &> int4range(1, 2);
SELECT inet '192.168.1.5' << cidr '192.168.1.0/24', inet '10.1.2.3' <<= inet '10.0.0.0/8', inet '10.0.0.0/8' >>= inet '10.1.0.0/16';
SELECT * FROM documents WHERE search_vector @@ to_tsquery('english', 'postgres & index');
SELECT * FROM documents WHERE search_vector @@ plainto_tsquery($1) ORDER BY ts_rank(search_vector, plainto_tsquery($1)) DESC;
SELECT 3 OPERATOR(pg_catalog.+) 4, 'a' OPERATOR(pg_catalog.||) 'b';
SELECT * FROM readings WHERE value OPERATOR(pg_catalog.>) 10;
SELECT OPERATOR(pg_catalog.-) 5;
SELECT title, title <-> 'postgres' AS dist, similarity(title, 'postgres') FROM documents WHERE title % 'postgres';
SELECT 'abc' ^@ 'a', 'seq scan'::tsvector || 'bitmap'::tsvector;
-- == casts ==
SELECT '42'::int, CAST('42' AS bigint), '3.5'::numeric::int, int4('7');
SELECT value::text, value::varchar(10), value::numeric(8,3) FROM readings;
SELECT '2024-01-01'::date + grace_days, '12:00'::time + cutoff FROM accounts;
SELECT CAST(recorded_at AS date), recorded_at::timestamp(0) without time zone FROM readings;
SELECT ARRAY['1', '2']::int[], '{"a":1}'::json::jsonb, 'red'::color_enum;
SELECT id::regclass, 'pg_class'::regclass::oid, 'now'::text::timestamptz FROM sensors;
SELECT TREAT(value AS numeric) FROM readings;
-- == aggregates ==
SELECT count(*), count(value), count(DISTINCT sensor_id) FROM readings;
SELECT sum(amount), avg(amount), min(amount), max(amount) FROM ledger;
SELECT string_agg(first_name, ', ' ORDER BY last_name, first_name) FROM people;
SELECT string_agg(DISTINCT city, '; ') FROM people;
SELECT array_agg(value ORDER BY recorded_at DESC NULLS LAST) FROM readings WHERE sensor_id = 3;
SELECT count(*) FILTER (WHERE value > 100), avg(value) FILTER (WHERE quality = 'good') FROM readings;
SELECT json_agg(p ORDER BY p.id) FROM people p;
SELECT jsonb_agg(DISTINCT kind) FROM ledger;
SELECT bit_or(flags), bit_and(flags), bool_and(is_active) FROM sensors;
SELECT xmlagg(xmlelement(name person, first_name) ORDER BY id) FROM people;
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY value) FILTER (WHERE quality <> 'bad') FROM readings;
SELECT sensor_id, avg(value) FROM readings GROUP BY sensor_id HAVING avg(value) > (SELECT avg(value) FROM readings);
SELECT count(ALL nickname) FROM people;
-- == variadic & named-argument calls ==
SELECT concat('a', 1, NULL, 'b'), concat_ws('-', 2024, 1, 31);
SELECT format('%s has %L items', name, item_count) FROM sensors;
SELECT format(VARIADIC ARRAY['%s-%s', 'a', 'b']);
SELECT num_nonnulls(a, b, c), num_nulls(a, b, c) FROM shapes;
SELECT json_build_object('id', id, 'email', email, 'tags', ARRAY['x']) FROM people;
SELECT jsonb_build_array(1, 'two', 3.0, NULL, true);
SELECT make_date(year => 2024, month => 2, day => 29);
SELECT make_timestamptz(2024, 1, 1, 0, 0, 0, tz := 'UTC');
SELECT round(value, 2), trunc(value), ceil(value), floor(value), abs(value), sign(value), sqrt(abs(value)), ln(abs(value) + 1), power(value, 2) FROM readings;
SELECT upper(first_name), lower(last_name), initcap(city), length(email), substr(email, 1, 3), replace(email, '@', ' at '), left(phone, 3), right(phone, 4), lpad(zip, 5, '0') FROM people;
SELECT trim(both ' ' from nickname), trim(leading '0' from zip), trim(trailing '.' from title), ltrim(title), rtrim(title, '!') FROM people, documents;
SELECT overlay(phone placing '***' from 4 for 3), position('@' in email), substring(email from 2 for 5) FROM people;
SELECT extract(year from recorded_at), extract(epoch from interval '1 day'), date_part('doy', recorded_at) FROM readings;
SELECT coalesce(sum(amount) OVER (PARTITION BY account_id ORDER BY posted_at), 0) FROM ledger;
SELECT nextval('ledger_seq'::regclass), setval('ledger_seq', 1000, false);
SELECT pg_catalog.lower(email) FROM people;
SELECT public.normalize_email(email) FROM people;
SELECT collation for (last_name) FROM people;
SELECT 'x' IS NORMALIZED, 'x' IS NOT NFC NORMALIZED, normalize('x', NFKC);
SELECT xmlelement(name item, xmlattributes(id AS key), title), xmlforest(id, title) FROM documents;
SELECT EXISTS (SELECT 1) AND NOT EXISTS (SELECT 2) OR (SELECT true);
SELECT * FROM sensors WHERE sensor_id = ANY ('{1,2,3}') OR name = ANY (ARRAY[$1, $2]);
SELECT * FROM people WHERE email IN ('a@x.io', 'b@x.io') AND city NOT IN ('Paris', 'Rome');
SELECT * FROM ledger WHERE amount = -(SELECT max(amount) FROM ledger);
SELECT $1::int + $2::int, $3::text || 'suffix';
SELECT * FROM people WHERE first_name ILIKE $1 ESCAPE '#';

-- events.sql
-- Event tracking / clickstream: page_views, events (jsonb properties),
-- sessions, devices, experiments. Time buckets (date_trunc, generate_series,
-- date_bin), jsonb operators (-> ->> #> #>> @> <@ ? ?| ?& || - #-), jsonb
-- functions, arrays (ANY / ALL, literals, ARRAY[...], unnest, array_agg
-- ORDER BY), LIKE / ILIKE / SIMILAR TO / POSIX regex, interval arithmetic,
-- AT TIME ZONE, EXTRACT, :: and CAST(), and $n parameters.

-- ---- time buckets ----
SELECT date_trunc('hour', occurred_at) AS bucket, count(*) FROM events WHERE occurred_at > now() - interval '1 day' GROUP BY 1 ORDER BY 1;
SELECT date_trunc('minute', viewed_at) AS minute, count(*) AS views, count(DISTINCT session_id) AS sessions
FROM page_views
WHERE viewed_at >= now() - interval '60 minutes'
GROUP BY 1
ORDER BY 1 DESC;
SELECT date_bin('15 minutes', occurred_at, timestamptz '2024-01-01 00:00:00+00') AS slot, count(*)
FROM events GROUP BY slot ORDER BY slot;
SELECT g.bucket, coalesce(c.n, 0) AS n
FROM generate_series(date_trunc('hour', now()) - interval '23 hours', date_trunc('hour', now()), interval '1 hour') AS g(bucket)
LEFT JOIN (SELECT date_trunc('hour', occurred_at) AS bucket, count(*) AS n FROM events GROUP BY 1) c USING (bucket)
ORDER BY g.bucket;
SELECT (occurred_at AT TIME ZONE 'America/New_York')::date AS local_day, count(*)
FROM events GROUP BY 1 ORDER BY 1;
SELECT date_trunc('day', occurred_at AT TIME ZONE $1) AS day, event_name, count(*)
FROM events WHERE account_id = $2 AND occurred_at BETWEEN $3 AND $4
GROUP BY 1, 2;
SELECT extract(epoch FROM occurred_at)::bigint / 300 * 300 AS five_min, count(*) FROM events GROUP BY 1;
SELECT EXTRACT(DOW FROM viewed_at) AS dow, EXTRACT(HOUR FROM viewed_at) AS hr, count(*) FROM page_views GROUP BY ROLLUP (1, 2);
SELECT to_timestamp(floor(extract(epoch FROM occurred_at) / 60) * 60) AS minute, count(*) FROM events GROUP BY 1;
SELECT occurred_at AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Berlin' AS berlin, event_name FROM events ORDER BY occurred_at DESC LIMIT 20;
SELECT timezone('Asia/Tokyo', occurred_at) FROM events WHERE id = $1;
SELECT * FROM events WHERE occurred_at >= current_date AND occurred_at < current_date + 1;
SELECT * FROM events WHERE occurred_at::date = current_date - interval '1 day';
SELECT count(*) FROM page_views WHERE viewed_at > now() - '15 min'::interval;
SELECT count(*) FROM page_views WHERE viewed_at > CAST(now() AS timestamp) - CAST('2 hours' AS interval);
SELECT session_id, max(viewed_at) - min(viewed_at) AS duration, extract(epoch FROM max(viewed_at) - min(viewed_at)) AS seconds
FROM page_views GROUP BY session_id;
SELECT justify_interval(sum(ended_at - started_at)) FROM sessions WHERE user_id = $1;
SELECT age(now(), first_seen_at) AS account_age, date_part('day', now() - last_seen_at) AS idle_days FROM devices;
SELECT make_interval(days => 3, hours => 4) + timestamp '2024-05-01 00:00';
SELECT * FROM sessions WHERE (started_at, ended_at) OVERLAPS (timestamptz '2024-05-01', interval '1 day');

-- ---- jsonb ----
SELECT properties -> 'utm' ->> 'source' AS utm_source, count(*) FROM events WHERE event_name = 'signup' GROUP BY 1;
SELECT properties #> '{cart,items}' AS items FROM events WHERE event_name = 'checkout_started' LIMIT 10;
SELECT properties #>> '{cart,total}' AS total FROM events WHERE id = $1;
SELECT (properties ->> 'amount')::numeric AS amount FROM events WHERE event_name = 'purchase' AND (properties ->> 'amount')::numeric > 100;
SELECT id FROM events WHERE properties @> '{"plan": "pro", "trial": false}'::jsonb;
SELECT id FROM events WHERE '{"plan": "pro"}'::jsonb <@ properties;
SELECT id FROM events WHERE properties ? 'referrer';
SELECT id FROM events WHERE properties ?| array['gclid', 'fbclid', 'msclkid'];
SELECT id FROM events WHERE properties ?& ARRAY['email', 'name'];
SELECT id, properties - 'password' AS safe FROM events WHERE event_name = 'form_submit';
SELECT properties #- '{user,ssn}' FROM events WHERE event_name = 'profile_update';
UPDATE events SET properties = properties || jsonb_build_object('processed_at', now()) WHERE id = $1;
UPDATE events SET properties = jsonb_set(properties, '{status}', '"archived"', true) WHERE occurred_at < now() - interval '1 year';
UPDATE events SET properties = properties - ARRAY['ip', 'user_agent'] WHERE occurred_at < now() - interval '30 days';
SELECT key, count(*) FROM events, jsonb_object_keys(properties) AS key GROUP BY key ORDER BY count(*) DESC;
SELECT e.id, kv.key, kv.value FROM events e, jsonb_each_text(e.properties) AS kv WHERE e.id = $1;
SELECT e.id, item ->> 'sku' AS sku, (item ->> 'qty')::int AS qty
FROM events e CROSS JOIN LATERAL jsonb_array_elements(e.properties -> 'items') AS item
WHERE e.event_name = 'purchase';
SELECT jsonb_typeof(properties -> 'value'), count(*) FROM events GROUP BY 1;
SELECT id FROM events WHERE jsonb_path_exists(properties, '$.items[*] ? (@.price > 100)');
SELECT id FROM events WHERE properties @? '$.tags[*] ? (@ == "beta")';
SELECT id FROM events WHERE properties @@ '$.score > 0.9';
SELECT jsonb_path_query_array(properties, '$.items[*].sku') FROM events WHERE event_name = 'purchase' LIMIT 5;
SELECT properties['utm']['campaign'] FROM events WHERE properties['utm'] IS NOT NULL;
UPDATE events SET properties['reviewed'] = 'true' WHERE id = $1;
SELECT jsonb_agg(jsonb_build_object('name', event_name, 'at', occurred_at) ORDER BY occurred_at) FROM events WHERE session_id = $1;
SELECT jsonb_pretty(properties) FROM events WHERE id = 1;
SELECT x.* FROM events e, jsonb_to_record(e.properties) AS x(plan text, seats int, trial boolean) WHERE e.event_name = 'subscribe';
SELECT to_jsonb(e.*) - 'properties' FROM events e WHERE e.id = $1;
SELECT properties ->> 'path' FROM events WHERE (properties -> 'status')::int >= 500;
SELECT coalesce(properties ->> 'country', 'unknown') AS country, count(DISTINCT user_id) FROM events GROUP BY 1;

-- ---- arrays ----
SELECT id, tags FROM sessions WHERE 'mobile' = ANY (tags);
SELECT id FROM sessions WHERE tags && ARRAY['mobile', 'tablet'];
SELECT id FROM sessions WHERE tags <@ '{web,mobile,tablet}'::text[];
SELECT id FROM sessions WHERE NOT ('bot' = ANY (tags)) AND cardinality(tags) > 0;
SELECT id FROM page_views WHERE status_code <> ALL (ARRAY[200, 301, 302, 304]);
SELECT id FROM page_views WHERE load_ms > ALL (SELECT p95_ms FROM perf_budgets WHERE page_type = page_views.page_type);
SELECT id FROM events WHERE event_name = ANY ($1::text[]);
SELECT id FROM events WHERE user_id = ANY (ARRAY(SELECT user_id FROM experiment_assignments WHERE experiment_id = $1));
SELECT session_id, array_agg(path ORDER BY viewed_at) AS journey FROM page_views GROUP BY session_id;
SELECT session_id, array_agg(DISTINCT referrer) FILTER (WHERE referrer IS NOT NULL) FROM page_views GROUP BY session_id;
SELECT journey[1] AS landing, journey[array_length(journey, 1)] AS exit_page, count(*)
FROM (SELECT array_agg(path ORDER BY viewed_at) AS journey FROM page_views GROUP BY session_id) j
GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 20;
SELECT journey[1:3] AS first_three FROM (SELECT array_agg(path ORDER BY viewed_at) AS journey FROM page_views GROUP BY session_id) j;
SELECT u.tag, count(*) FROM sessions s, unnest(s.tags) AS u(tag) GROUP BY u.tag;
SELECT * FROM unnest(ARRAY['a', 'b', 'c'], ARRAY[1, 2, 3]) AS t(letter, num);
SELECT t.path, t.pos FROM page_views pv, unnest(string_to_array(pv.path, '/')) WITH ORDINALITY AS t(path, pos) WHERE pv.id = $1;
UPDATE sessions SET tags = array_cat(tags, ARRAY['flagged']) WHERE id = $1;
UPDATE sessions SET tags = tags || 'returning'::text WHERE user_id IN (SELECT user_id FROM sessions GROUP BY user_id HAVING count(*) > 1);
SELECT array_position(tags, 'mobile'), array_to_string(tags, ','), array_upper(tags, 1) FROM sessions LIMIT 5;
SELECT ARRAY[[1, 2], [3, 4]] AS matrix, ARRAY[]::int[] AS empty, '{}'::text[] AS also_empty;

-- ---- pattern matching ----
SELECT path FROM page_views WHERE path LIKE '/products/%' AND path NOT LIKE '%/reviews';
SELECT path FROM page_views WHERE path ILIKE '%/BLOG/%';
SELECT path FROM page_views WHERE path NOT ILIKE '/admin%';
SELECT path FROM page_views WHERE path LIKE '/search\_%' ESCAPE '\';
SELECT path FROM page_views WHERE path SIMILAR TO '/(products|categories)/[0-9]+';
SELECT path FROM page_views WHERE path NOT SIMILAR TO '%(admin|internal)%';
SELECT user_agent FROM page_views WHERE user_agent ~ '(bot|crawler|spider)';
SELECT user_agent FROM page_views WHERE user_agent ~* 'googlebot';
SELECT user_agent FROM page_views WHERE user_agent !~ '^Mozilla';
SELECT user_agent FROM page_views WHERE user_agent !~* 'headless';
SELECT substring(path FROM '^/products/([0-9]+)')::bigint AS product_id, count(*) FROM page_views WHERE path ~ '^/products/[0-9]+' GROUP BY 1;
SELECT regexp_replace(path, '/[0-9]+', '/:id', 'g') AS route, count(*) FROM page_views GROUP BY 1 ORDER BY 2 DESC;
SELECT (regexp_match(referrer, '^https?://([^/]+)'))[1] AS ref_host, count(*) FROM page_views WHERE referrer IS NOT NULL GROUP BY 1;
SELECT split_part(referrer, '/', 3) AS host FROM page_views WHERE referrer ~~ 'http%';
SELECT path FROM page_views WHERE path ~~* '%checkout%' OR path !~~ '/api/%';
SELECT email FROM devices WHERE email LIKE ANY (ARRAY['%@gmail.com', '%@yahoo.com']);
SELECT path FROM page_views WHERE starts_with(path, '/docs') AND position('?' IN path) = 0;
SELECT m[1] AS k, m[2] AS v FROM page_views, regexp_matches(query_string, '([^&=]+)=([^&]*)', 'g') AS m WHERE id = $1;

-- ---- sessions & funnels ----
SELECT s.id, s.user_id, count(pv.id) AS pages, max(pv.viewed_at) AS last_view
FROM sessions s LEFT JOIN page_views pv ON pv.session_id = s.id
WHERE s.started_at >= $1
GROUP BY s.id, s.user_id
HAVING count(pv.id) = 1;
-- sessionize raw page views: new session after 30 minutes idle
SELECT user_id, viewed_at,
       sum(CASE WHEN viewed_at - prev_at > interval '30 minutes' OR prev_at IS NULL THEN 1 ELSE 0 END)
         OVER (PARTITION BY user_id ORDER BY viewed_at) AS session_seq
FROM (SELECT user_id, viewed_at, lag(viewed_at) OVER (PARTITION BY user_id ORDER BY viewed_at) AS prev_at FROM page_views) x;
WITH steps AS (
  SELECT user_id,
         min(occurred_at) FILTER (WHERE event_name = 'view_product') AS viewed,
         min(occurred_at) FILTER (WHERE event_name = 'add_to_cart') AS carted,
         min(occurred_at) FILTER (WHERE event_name = 'purchase') AS bought
  FROM events
  WHERE occurred_at >= now() - interval '7 days'
  GROUP BY user_id
)
SELECT count(viewed) AS step1,
       count(carted) FILTER (WHERE carted > viewed) AS step2,
       count(bought) FILTER (WHERE bought > carted AND carted > viewed) AS step3
FROM steps;
SELECT e1.user_id
FROM events e1
WHERE e1.event_name = 'signup'
  AND NOT EXISTS (SELECT 1 FROM events e2 WHERE e2.user_id = e1.user_id AND e2.event_name = 'activate' AND e2.occurred_at < e1.occurred_at + interval '3 days');
SELECT pv.path, count(*) AS exits
FROM page_views pv
WHERE pv.viewed_at = (SELECT max(viewed_at) FROM page_views p2 WHERE p2.session_id = pv.session_id)
GROUP BY pv.path ORDER BY exits DESC LIMIT 10;
SELECT path, avg(next_at - viewed_at) AS avg_time_on_page
FROM (SELECT path, viewed_at, lead(viewed_at) OVER (PARTITION BY session_id ORDER BY viewed_at) AS next_at FROM page_views) t
WHERE next_at IS NOT NULL
GROUP BY path;
SELECT ea.variant, count(DISTINCT ea.user_id) AS users, count(DISTINCT e.user_id) AS converted
FROM experiment_assignments ea
LEFT JOIN events e ON e.user_id = ea.user_id AND e.event_name = 'purchase' AND e.occurred_at > ea.assigned_at
WHERE ea.experiment_id = $1
GROUP BY ea.variant;
SELECT device_type, browser, count(*) FROM sessions GROUP BY CUBE (device_type, browser) ORDER BY 3 DESC;
SELECT user_id, count(*) FILTER (WHERE occurred_at > now() - interval '1 day') AS d1,
       count(*) FILTER (WHERE occurred_at > now() - interval '7 days') AS d7,
       count(*) AS d30
FROM events WHERE occurred_at > now() - interval '30 days' GROUP BY user_id;
SELECT count(DISTINCT user_id) FILTER (WHERE occurred_at > now() - interval '1 day')::float
       / nullif(count(DISTINCT user_id), 0) AS dau_over_mau
FROM events WHERE occurred_at > now() - interval '30 days';

-- ---- ingestion & maintenance ----
INSERT INTO events (id, user_id, session_id, event_name, occurred_at, properties)
VALUES ($1, $2, $3, $4, $5, $6::jsonb)
ON CONFLICT (id) DO NOTHING;
INSERT INTO events (user_id, event_name, occurred_at, properties)
SELECT (r ->> 'user_id')::bigint, r ->> 'event', (r ->> 'ts')::timestamptz, r -> 'props'
FROM jsonb_array_elements($1::jsonb) AS r;
INSERT INTO page_views (session_id, path, referrer, viewed_at, user_agent, load_ms)
SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::int[]);
INSERT INTO sessions (id, user_id, started_at, last_seen_at, tags)
VALUES (gen_random_uuid(), $1, now(), now(), ARRAY[$2])
ON CONFLICT (id) DO UPDATE SET last_seen_at = greatest(sessions.last_seen_at, excluded.last_seen_at);
UPDATE sessions SET ended_at = last_seen_at WHERE ended_at IS NULL AND last_seen_at < now() - interval '30 minutes';
DELETE FROM page_views WHERE viewed_at < now() - interval '13 months';
DELETE FROM events WHERE ctid = ANY (ARRAY(SELECT ctid FROM events WHERE occurred_at < now() - interval '400 days' LIMIT 10000));
CREATE TABLE events (
  id bigint GENERATED BY DEFAULT AS IDENTITY,
  account_id bigint NOT NULL,
  user_id bigint,
  session_id uuid,
  event_name text NOT NULL CHECK (event_name ~ '^[a-z_]+$'),
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  properties jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE INDEX events_props_gin ON events USING gin (properties jsonb_path_ops);
CREATE INDEX events_name_time ON events (event_name, occurred_at DESC);
CREATE INDEX page_views_path_trgm ON page_views USING gin (path gin_trgm_ops);
SELECT id, event_name FROM events WHERE id = $1 AND occurred_at = $2;
SELECT e.*, s.device_type FROM events e JOIN sessions s ON s.id = e.session_id WHERE e.user_id = $1 ORDER BY e.occurred_at DESC LIMIT $2 OFFSET $3;
SELECT CAST(properties ->> 'duration_ms' AS integer) / 1000.0 AS seconds FROM events WHERE event_name = 'video_watch';
SELECT properties ->> 'price' FROM events WHERE (properties ->> 'price')::numeric(10,2) BETWEEN $1 AND $2;
SELECT md5(user_id::text || $1)::uuid AS anon_id, event_name FROM events;
SELECT encode(sha256(convert_to(properties::text, 'UTF8')), 'hex') FROM events WHERE id = $1;
SELECT pg_size_pretty(pg_total_relation_size('events')), pg_size_pretty(pg_relation_size('page_views'));

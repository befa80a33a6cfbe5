-- Augur seed workload "clickstream": deterministic data generator.
--   psql -v ON_ERROR_STOP=1 -v scale=1 -f schema.sql -f generate.sql
-- Six months of traffic (2024-07-01 .. 2024-12-31, times in UTC). users, product
-- pages, sessions and events grow linearly with :scale; the other pages are fixed.
-- Deterministic: random() (seeded once with setseed) is only evaluated over
-- generate_series output or over a subquery sorted on a unique key, parallel query
-- is off, and ids are assigned with row_number() over unique orderings, so the same
-- scale gives byte-identical tables on every run. Users' e-mails and product pages
-- are hashed from their ids and so are the same at every scale.

\set ON_ERROR_STOP 1
\if :{?scale}
\else
  \set scale 1
\endif

SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET max_parallel_workers_per_gather = 0;
SET synchronize_seqscans = off;
SET jit = off;
SET work_mem = '64MB';

TRUNCATE experiment_assignments, events, sessions, pages, users;

SELECT 3000 * :scale  AS n_users,
       600 * :scale   AS n_products,
       10000 * :scale AS n_sessions,
       3 * :scale     AS n_crawlers
\gset

SELECT setseed(0.42) AS seeded \gset

CREATE FUNCTION pg_temp.hash_u(text) RETURNS float8 LANGUAGE sql IMMUTABLE
AS $$ SELECT (('x' || substr(md5($1), 1, 8))::bit(32)::bigint / 4294967296.0)::float8 $$;

-- ----------------------------------------------------------------- pages
CREATE TEMP TABLE ref_leaf (n int, dept text, dept_slug text, category text, noun text, w float8, base numeric);
INSERT INTO ref_leaf VALUES
 ( 1,'Electronics','electronics','Smartphones','Smartphone',5,650), ( 2,'Electronics','electronics','Phone Cases','Phone Case',3,22),
 ( 3,'Electronics','electronics','Laptops','Laptop',3,1100), ( 4,'Electronics','electronics','Headphones','Headphones',4,120),
 ( 5,'Electronics','electronics','Speakers','Bluetooth Speaker',2,90), ( 6,'Electronics','electronics','Monitors','Monitor',2,280),
 ( 7,'Home & Kitchen','home-kitchen','Cookware','Skillet',3,45), ( 8,'Home & Kitchen','home-kitchen','Small Appliances','Air Fryer',3,90),
 ( 9,'Home & Kitchen','home-kitchen','Bedding','Sheet Set',2,60), (10,'Home & Kitchen','home-kitchen','Home Decor','Lamp',2,40),
 (11,'Clothing','clothing','Men''s Shirts','Oxford Shirt',4,40), (12,'Clothing','clothing','Dresses','Wrap Dress',4,70),
 (13,'Clothing','clothing','Running Shoes','Running Shoe',4,110), (14,'Clothing','clothing','Jackets','Puffer Jacket',3,140),
 (15,'Sports & Outdoors','sports-outdoors','Fitness','Yoga Mat',3,35), (16,'Sports & Outdoors','sports-outdoors','Camping & Hiking','Tent',2,140),
 (17,'Beauty & Personal Care','beauty','Skincare','Moisturizer',3,28), (18,'Beauty & Personal Care','beauty','Fragrance','Eau de Parfum',1,75),
 (19,'Toys & Games','toys-games','Building Sets','Building Set',2,60), (20,'Toys & Games','toys-games','Puzzles','Jigsaw Puzzle',1,18),
 (21,'Books','books','Fiction','Novel',2,16), (22,'Grocery','grocery','Coffee & Tea','Coffee Beans',2,15),
 (23,'Grocery','grocery','Health Foods','Protein Powder',1,35);
CREATE TEMP TABLE leaf_pick AS
SELECT *, (sum(w) OVER (ORDER BY n) - w) / sum(w) OVER () AS lo, sum(w) OVER (ORDER BY n) / sum(w) OVER () AS hi
FROM ref_leaf;

-- Fixed pages 1-18, department pages 21-28, category pages 29-51, blog posts 101-140,
-- product pages 200 + product_id.
INSERT INTO pages (page_id, path, page_type, title, product_id, category) VALUES
 ( 1,'/','home','Home',NULL,NULL), ( 2,'/cart','cart','Your cart',NULL,NULL),
 ( 3,'/checkout','checkout','Checkout',NULL,NULL), ( 4,'/checkout/confirmation','confirmation','Thank you for your order',NULL,NULL),
 ( 5,'/search','search','Search results',NULL,NULL), ( 6,'/account','account','Your account',NULL,NULL),
 ( 7,'/account/orders','account','Your orders',NULL,NULL), ( 8,'/login','auth','Sign in',NULL,NULL),
 ( 9,'/signup','auth','Create your account',NULL,NULL), (10,'/help','help','Help center',NULL,NULL),
 (11,'/help/shipping','help','Shipping options and delivery times',NULL,NULL), (12,'/help/returns','help','Returns and refunds',NULL,NULL),
 (13,'/help/payment-methods','help','Payment methods',NULL,NULL), (14,'/help/order-status','help','Where is my order?',NULL,NULL),
 (15,'/help/gift-cards','help','Gift cards',NULL,NULL), (16,'/help/size-guide','help','Size guide',NULL,NULL),
 (17,'/help/warranty','help','Warranty',NULL,NULL), (18,'/help/contact','help','Contact us',NULL,NULL);

INSERT INTO pages (page_id, path, page_type, title, product_id, category)
SELECT 20 + row_number() OVER (ORDER BY min(n)), '/c/' || dept_slug, 'category', dept, NULL, NULL
FROM ref_leaf GROUP BY dept, dept_slug
ORDER BY 1;
INSERT INTO pages (page_id, path, page_type, title, product_id, category)
SELECT 28 + n, '/c/' || dept_slug || '/' || trim(both '-' FROM lower(regexp_replace(category, '[^A-Za-z0-9]+', '-', 'g'))),
       'category', category, NULL, category
FROM ref_leaf ORDER BY n;

INSERT INTO pages (page_id, path, page_type, title, product_id, category)
SELECT 100 + k,
       '/blog/2024/' || lower(replace(topic, ' ', '-')) || '-' || trim(both '-' FROM lower(regexp_replace(l.noun, '[^A-Za-z0-9]+', '-', 'g'))) || 's',
       'blog', initcap(topic) || ' ' || l.noun || 's', NULL, l.category
FROM generate_series(1, 40) k
CROSS JOIN LATERAL (SELECT (ARRAY['how to choose','best','care guide for','top 10','beginners guide to'])[1 + (k - 1) / 8] AS topic) t
JOIN ref_leaf l ON l.n = 1 + ((k - 1) * 3) % 23
ORDER BY 1;

-- Product identities are hashed from the product id (the same at every scale).
CREATE TEMP TABLE products AS
SELECT p.product_id, l.category, l.dept, l.dept_slug,
       b.brand || ' ' || (ARRAY['Classic','Pro','Ultra','Essential','Everyday','Premium','Lite','Max','Original',
                                'Signature','Eco','Compact','Deluxe','Sport','Urban','Vintage'])[1 + floor(pg_temp.hash_u('adj:' || p.product_id) * 16)::int]
               || ' ' || l.noun AS name,
       greatest(2.99, round(l.base * exp(0.8 * (pg_temp.hash_u('p1:' || p.product_id) + pg_temp.hash_u('p2:' || p.product_id) - 1))::numeric) - 0.01) AS price
FROM generate_series(1, :n_products) p(product_id)
JOIN leaf_pick l ON pg_temp.hash_u('cat:' || p.product_id) >= l.lo AND pg_temp.hash_u('cat:' || p.product_id) < l.hi
CROSS JOIN LATERAL (
    SELECT bl[1 + floor(pg_temp.hash_u('brand:' || p.product_id) * array_length(bl, 1))::int] AS brand
    FROM (SELECT CASE l.dept
                   WHEN 'Electronics' THEN ARRAY['Voltra','Pixelon','Sonique','Nexacore']
                   WHEN 'Home & Kitchen' THEN ARRAY['Hearthstone','Copperleaf','Nordhaus','Kitchenly']
                   WHEN 'Clothing' THEN ARRAY['Northbound','Linen & Loom','Urban Thread','Wildroot']
                   WHEN 'Sports & Outdoors' THEN ARRAY['Trailforge','Summit Peak','Velocita','Pacer']
                   WHEN 'Beauty & Personal Care' THEN ARRAY['Glowell','Pure Petal','Lumiere']
                   WHEN 'Toys & Games' THEN ARRAY['Brickworks','Playfield']
                   WHEN 'Books' THEN ARRAY['Penfold Press','Lantern House']
                   ELSE ARRAY['Bean & Barrel','Greenleaf'] END AS bl) x) b;
CREATE UNIQUE INDEX ON products (product_id);
ANALYZE products;

INSERT INTO pages (page_id, path, page_type, title, product_id, category)
SELECT 200 + product_id,
       '/p/' || trim(both '-' FROM lower(regexp_replace(name, '[^A-Za-z0-9]+', '-', 'g'))) || '-' || product_id,
       'product', name, product_id, category
FROM products ORDER BY product_id;

-- ----------------------------------------------------------------- users
-- Ids follow sign-up order (2022-2024, accelerating). User 1 is the synthetic-
-- monitoring account: internal, and by far the most active "user".
CREATE TEMP TABLE g_users AS
SELECT g AS gid, random() AS u_signup, random() AS u_sec, random() AS u_country, random() AS u_plan, random() AS u_channel
FROM generate_series(1, :n_users) g;

INSERT INTO users (user_id, email, signup_at, country, plan, acquisition_channel, is_internal)
SELECT user_id,
       CASE WHEN user_id = 1 THEN 'synthetic-monitor@example.com'
            ELSE (ARRAY['james','mary','robert','patricia','john','jennifer','michael','linda','david','elizabeth',
                        'william','barbara','richard','susan','joseph','jessica','thomas','sarah','carlos','karen',
                        'daniel','lisa','matthew','nancy','anthony','sofia','mark','emma','wei','olivia',
                        'luis','ava','ahmed','mia','kenji','isabella','raj','chloe','omar','grace'])[1 + floor(pg_temp.hash_u('first:' || user_id) * 40)::int]
                 || (ARRAY['.', '_', ''])[1 + floor(pg_temp.hash_u('sep:' || user_id) * 3)::int]
                 || (ARRAY['smith','johnson','williams','brown','jones','garcia','miller','davis','rodriguez','martinez',
                           'lee','nguyen','chen','patel','kim','okafor','mueller','dubois','rossi','tanaka'])[1 + floor(pg_temp.hash_u('last:' || user_id) * 20)::int]
                 || user_id || '@' ||
                 (ARRAY['gmail.com','gmail.com','gmail.com','gmail.com','yahoo.com','outlook.com','icloud.com','hotmail.com','proton.me','web.de'])[1 + floor(pg_temp.hash_u('domain:' || user_id) * 10)::int]
       END,
       signup_at,
       CASE WHEN user_id = 1 THEN 'US'
            WHEN u_country < 0.68 THEN 'US' WHEN u_country < 0.77 THEN 'CA' WHEN u_country < 0.85 THEN 'GB'
            WHEN u_country < 0.90 THEN 'DE' WHEN u_country < 0.93 THEN 'FR' WHEN u_country < 0.96 THEN 'AU'
            WHEN u_country < 0.98 THEN 'NL' ELSE 'JP' END,
       CASE WHEN user_id = 1 OR u_plan < 0.80 THEN 'free' WHEN u_plan < 0.95 THEN 'plus' ELSE 'pro' END,
       CASE WHEN user_id = 1 OR u_channel < 0.06 THEN NULL
            WHEN u_channel < 0.36 THEN 'organic' WHEN u_channel < 0.56 THEN 'paid_search' WHEN u_channel < 0.72 THEN 'social'
            WHEN u_channel < 0.82 THEN 'email' WHEN u_channel < 0.90 THEN 'referral' ELSE 'direct' END,
       user_id = 1 OR user_id % 997 = 0
FROM (SELECT row_number() OVER (ORDER BY signup_at, gid) AS user_id, s.*
      FROM (SELECT g.*, (date '2022-01-01' + floor(1095 * (sqrt(1 + 8 * g.u_signup) - 1) / 2)::int)::timestamptz
                        + make_interval(secs => floor(86400 * g.u_sec)) AS signup_at
            FROM g_users g) s) x
ORDER BY user_id;
ANALYZE users;

-- ----------------------------------------------------------------- sessions
-- Traffic grows 60% over the half year; Black Friday and Cyber Monday spike, the
-- weeks before Christmas are busy, and on 2024-09-17 a tracking outage lost most data.
CREATE TEMP TABLE day_pick AS
SELECT d, (sum(w) OVER (ORDER BY d) - w) / sum(w) OVER () AS lo, sum(w) OVER (ORDER BY d) / sum(w) OVER () AS hi
FROM (SELECT d::date AS d,
             ((1 + 0.6 * (d::date - date '2024-07-01') / 184.0)
              * (ARRAY[1.0, 1.0, 1.0, 1.0, 0.95, 1.1, 1.15])[extract(isodow FROM d)::int]
              * CASE WHEN d::date = date '2024-11-29' THEN 2.8 WHEN d::date = date '2024-12-02' THEN 2.4
                     WHEN d::date BETWEEN date '2024-11-25' AND date '2024-12-03' THEN 1.4
                     WHEN d::date BETWEEN date '2024-12-04' AND date '2024-12-20' THEN 1.3
                     WHEN d::date = date '2024-12-25' THEN 0.6
                     WHEN d::date = date '2024-09-17' THEN 0.05 ELSE 1 END)::float8 AS w
      FROM generate_series(timestamp '2024-07-01', timestamp '2024-12-31', interval '1 day') d) x;
CREATE INDEX ON day_pick (lo);
CREATE TEMP TABLE hour_pick AS
SELECT h - 1 AS hour, (sum(w) OVER (ORDER BY h) - w) / sum(w) OVER () AS lo, sum(w) OVER (ORDER BY h) / sum(w) OVER () AS hi
FROM unnest(ARRAY[5, 4, 3, 2, 1.5, 1.2, 1, 1.2, 2, 3, 4, 5, 5.5, 6, 6, 6, 6.5, 7, 7.5, 8, 8.5, 8, 7, 6]::float8[])
     WITH ORDINALITY AS t(w, h);
ANALYZE day_pick, hour_pick;

CREATE TEMP TABLE g_sessions AS
SELECT g AS gid,
       random() AS u_day, random() AS u_hour, random() AS u_sec, random() AS u_logged, random() AS u_mode,
       random() AS u_user, random() AS u_visitor, random() AS u_device, random() AS u_os, random() AS u_browser,
       random() AS u_country, random() AS u_channel, random() AS u_sub, random() AS u_landing, random() AS u_lpage,
       random() AS u_npv, random() AS u_cart, random() AS u_checkout, random() AS u_purchase, random() AS u_bot,
       random() AS u_exp, random() AS u_variant, random() AS u_login
FROM generate_series(1, :n_sessions) g;

CREATE TEMP TABLE t_sessions AS
SELECT row_number() OVER (ORDER BY started_at, gid) AS session_id, s.*
FROM (SELECT g.*, dp.d, (dp.d + make_interval(hours => hp.hour::int, secs => floor(3600 * g.u_sec)))::timestamptz AS started_at
      FROM g_sessions g
      CROSS JOIN LATERAL (SELECT p.d FROM day_pick p WHERE p.lo <= g.u_day ORDER BY p.lo DESC LIMIT 1) dp
      JOIN hour_pick hp ON g.u_hour >= hp.lo AND g.u_hour < hp.hi) s;
CREATE UNIQUE INDEX ON t_sessions (session_id);
ANALYZE t_sessions;

-- User ids follow sign-up time, so "everyone signed up before day d" is 1..max_uid(d).
CREATE TEMP TABLE users_by_day AS
SELECT signup_at::date AS d, max(user_id) AS max_uid FROM users GROUP BY 1;
CREATE UNIQUE INDEX ON users_by_day (d);
ANALYZE users_by_day;

-- Who, on what, from where. The first n_crawlers sessions by draw are crawler bots
-- with hundreds of page views; 1% are small bots. 45% of human sessions are logged in:
-- a quarter of those belong to a zipf-like set of heavy users (user 1 first).
CREATE TEMP TABLE f_sessions AS
SELECT s.session_id, s.started_at, s.u_npv, s.u_cart, s.u_checkout, s.u_purchase, s.u_exp, s.u_variant, s.u_login,
       s.u_landing, s.u_lpage, s.u_sub, s.u_channel,
       s.bot_kind,
       CASE WHEN s.bot_kind IS NOT NULL OR s.u_logged >= 0.45 THEN NULL
            WHEN s.u_mode < 0.25 THEN least(:n_users / 5, floor(exp(s.u_user * ln(:n_users / 5 + 1)))::bigint)
            ELSE 1 + floor(s.u_user * m.max_uid)::bigint END AS user_id,
       CASE WHEN s.bot_kind IS NOT NULL THEN 'desktop'
            WHEN s.u_device < 0.45 THEN 'desktop' WHEN s.u_device < 0.93 THEN 'mobile' ELSE 'tablet' END AS device_type,
       s.u_os, s.u_browser, s.u_country, s.u_visitor
FROM (SELECT t.*,
             CASE WHEN t.gid <= :n_crawlers THEN 'crawler' WHEN t.u_bot < 0.01 THEN 'bot' END AS bot_kind
      FROM t_sessions t) s
CROSS JOIN LATERAL (SELECT b.max_uid FROM users_by_day b WHERE b.d < s.started_at::date ORDER BY b.d DESC LIMIT 1) m;
ANALYZE f_sessions;

CREATE TEMP TABLE f_sessions2 AS
SELECT f.*,
       CASE WHEN f.bot_kind IS NOT NULL THEN 'Linux'
            WHEN f.device_type = 'desktop' THEN CASE WHEN f.u_os < 0.60 THEN 'Windows' WHEN f.u_os < 0.92 THEN 'macOS' ELSE 'Linux' END
            WHEN f.device_type = 'mobile'  THEN CASE WHEN f.u_os < 0.55 THEN 'iOS' ELSE 'Android' END
            ELSE CASE WHEN f.u_os < 0.70 THEN 'iPadOS' ELSE 'Android' END END AS os,
       coalesce(u.country,
                CASE WHEN f.bot_kind IS NOT NULL THEN CASE WHEN f.u_country < 0.6 THEN 'US' WHEN f.u_country < 0.8 THEN 'DE' ELSE 'NL' END
                     WHEN f.u_country < 0.62 THEN 'US' WHEN f.u_country < 0.71 THEN 'CA' WHEN f.u_country < 0.80 THEN 'GB'
                     WHEN f.u_country < 0.85 THEN 'DE' WHEN f.u_country < 0.89 THEN 'FR' WHEN f.u_country < 0.93 THEN 'AU'
                     WHEN f.u_country < 0.95 THEN 'IN' WHEN f.u_country < 0.97 THEN 'BR' WHEN f.u_country < 0.99 THEN 'MX'
                     ELSE 'JP' END) AS country,
       CASE WHEN f.bot_kind IS NOT NULL THEN 'bot'
            WHEN f.u_channel < 0.38 THEN 'direct' WHEN f.u_channel < 0.63 THEN 'organic' WHEN f.u_channel < 0.77 THEN 'paid_search'
            WHEN f.u_channel < 0.88 THEN 'social' WHEN f.u_channel < 0.96 THEN 'email' ELSE 'referral' END AS channel,
       u.is_internal
FROM f_sessions f LEFT JOIN users u ON u.user_id = f.user_id;

CREATE TEMP TABLE f_sessions3 AS
SELECT f.*,
       CASE WHEN f.bot_kind = 'crawler' THEN 'Googlebot' WHEN f.bot_kind = 'bot' THEN 'HeadlessChrome'
            WHEN f.os = 'iOS' OR f.os = 'iPadOS' THEN CASE WHEN f.u_browser < 0.85 THEN 'Safari' ELSE 'Chrome' END
            WHEN f.os = 'Android' THEN CASE WHEN f.u_browser < 0.88 THEN 'Chrome' ELSE 'Samsung Internet' END
            WHEN f.os = 'Windows' THEN CASE WHEN f.u_browser < 0.70 THEN 'Chrome' WHEN f.u_browser < 0.92 THEN 'Edge' ELSE 'Firefox' END
            WHEN f.os = 'macOS' THEN CASE WHEN f.u_browser < 0.50 THEN 'Safari' WHEN f.u_browser < 0.95 THEN 'Chrome' ELSE 'Firefox' END
            ELSE CASE WHEN f.u_browser < 0.60 THEN 'Chrome' ELSE 'Firefox' END END AS browser,
       CASE f.channel WHEN 'paid_search' THEN CASE WHEN f.u_sub < 0.85 THEN 'google' ELSE 'bing' END
                      WHEN 'social' THEN (ARRAY['facebook','instagram','instagram','tiktok','pinterest'])[1 + floor(f.u_sub * 5)::int]
                      WHEN 'email' THEN 'newsletter' END AS utm_source,
       CASE f.channel WHEN 'paid_search' THEN 'cpc'
                      WHEN 'social' THEN CASE WHEN f.u_sub * 10 - floor(f.u_sub * 10) < 0.6 THEN 'paid_social' ELSE 'social' END
                      WHEN 'email' THEN 'email' END AS utm_medium,
       CASE f.channel
         WHEN 'paid_search' THEN CASE WHEN f.started_at >= timestamptz '2024-11-20 00:00+00' AND f.started_at < timestamptz '2024-12-04 00:00+00' THEN 'black_friday_2024'
                                      WHEN f.started_at >= timestamptz '2024-11-01 00:00+00' THEN 'holiday_2024'
                                      ELSE (ARRAY['brand_search','brand_search','generic_shoes','generic_electronics','back_to_school'])[1 + floor(f.u_landing * 5)::int] END
         WHEN 'social' THEN CASE WHEN f.u_sub * 10 - floor(f.u_sub * 10) < 0.6
                                 THEN CASE WHEN f.started_at >= timestamptz '2024-11-01 00:00+00' THEN 'holiday_gifts' ELSE 'fall_lookbook' END END
         WHEN 'email' THEN 'weekly_digest_' || to_char(f.started_at, 'IYYY_IW')
       END AS utm_campaign,
       CASE f.channel WHEN 'organic' THEN (ARRAY['google.com','google.com','google.com','google.com','bing.com','duckduckgo.com'])[1 + floor(f.u_sub * 6)::int]
                      WHEN 'referral' THEN (ARRAY['reddit.com','wirecutter.com','youtube.com','techradar.com'])[1 + floor(f.u_sub * 4)::int]
                      WHEN 'social' THEN CASE WHEN f.u_sub * 10 - floor(f.u_sub * 10) >= 0.6 THEN 'l.instagram.com' END END AS referrer_domain,
       -- landing page: crawlers start at the home page, ads and e-mails at products and categories
       CASE WHEN f.bot_kind IS NOT NULL THEN 1
            WHEN f.u_landing < CASE f.channel WHEN 'direct' THEN 0.70 WHEN 'organic' THEN 0.15 WHEN 'paid_search' THEN 0.05 ELSE 0.20 END THEN 1
            WHEN f.u_landing < CASE f.channel WHEN 'direct' THEN 0.80 WHEN 'organic' THEN 0.30 WHEN 'paid_search' THEN 0.35 ELSE 0.50 END
                 THEN 29 + floor(f.u_lpage * 23)::int
            WHEN f.channel = 'organic' AND f.u_landing > 0.85 THEN CASE WHEN f.u_lpage < 0.7 THEN 101 + floor(f.u_lpage / 0.7 * 40)::int ELSE 11 + floor((f.u_lpage - 0.7) / 0.3 * 8)::int END
            ELSE 200 + ((least(:n_products, floor(exp(f.u_lpage * ln(:n_products + 1)))::int) - 1) * 7919) % :n_products + 1
       END AS landing_page_id,
       -- A/B tests: checkout_redesign takes every human session from 2024-10-01,
       -- free_shipping_banner half of those between 2024-08-15 and 2024-09-30
       f.bot_kind IS NULL AND f.started_at >= timestamptz '2024-10-01 00:00+00' AS in_checkout_exp,
       f.bot_kind IS NULL AND f.started_at >= timestamptz '2024-08-15 00:00+00' AND f.started_at < timestamptz '2024-10-01 00:00+00'
         AND f.u_exp < 0.5 AS in_banner_exp
FROM f_sessions2 f;

-- Funnel: carts are likelier for logged-in, e-mail and desktop sessions (and with the
-- free-shipping banner); the checkout_redesign treatment converts checkouts better.
CREATE TEMP TABLE f_sessions4 AS
SELECT f.*,
       CASE WHEN f.bot_kind = 'crawler' THEN 300 + floor(f.u_npv * 700)::int
            WHEN f.bot_kind = 'bot' THEN 5 + floor(f.u_npv * 25)::int
            ELSE least(60, 1 + floor(-ln(1 - f.u_npv) * 3)::int) END AS n_pv_raw,
       f.bot_kind IS NULL AND f.u_cart < 0.10 * CASE WHEN f.user_id IS NOT NULL THEN 1.7 ELSE 1 END
                                              * CASE WHEN f.device_type = 'mobile' THEN 0.75 ELSE 1 END
                                              * CASE WHEN f.channel = 'email' THEN 1.5 ELSE 1 END
                                              * CASE WHEN f.in_banner_exp AND f.u_variant >= 0.5 THEN 1.15 ELSE 1 END AS has_cart,
       f.u_checkout < 0.55 AS wants_checkout,
       f.u_purchase < CASE WHEN f.in_checkout_exp AND f.u_variant >= 0.5 THEN 0.68 ELSE 0.58 END AS wants_purchase
FROM f_sessions3 f;

CREATE TEMP TABLE s_final AS
SELECT f.*,
       CASE WHEN f.has_cart THEN greatest(2, f.n_pv_raw) ELSE f.n_pv_raw END AS n_pv,
       f.has_cart AND f.wants_checkout AS has_checkout,
       f.has_cart AND f.wants_checkout AND f.wants_purchase AS has_purchase,
       -- returning visitors keep their cookie: logged-in users per device type; anonymous
       -- visitors come 30% from a zipf-like set of regulars (visitor 1 is a shared kiosk
       -- browser) and 70% from a large pool of occasional browsers
       CASE WHEN f.user_id IS NOT NULL THEN md5('device:' || f.user_id || ':' || f.device_type)::uuid
            WHEN f.u_visitor < 0.3 THEN md5('visitor:' || floor(exp(f.u_visitor / 0.3 * ln(:n_sessions)))::bigint)::uuid
            ELSE md5('visitor:' || (:n_sessions + floor((f.u_visitor - 0.3) / 0.7 * 3 * :n_sessions))::bigint)::uuid END AS anonymous_id
FROM f_sessions4 f;
CREATE UNIQUE INDEX ON s_final (session_id);
ANALYZE s_final;

-- ----------------------------------------------------------------- page views
CREATE TEMP TABLE g_pv AS
SELECT s.*, random() AS u_gap, random() AS u_type, random() AS u_page, random() AS u_query, random() AS u_load,
       random() AS u_late, random() AS u_late_by
FROM (SELECT f.session_id, k AS seq
      FROM s_final f CROSS JOIN LATERAL generate_series(1, f.n_pv) k
      ORDER BY f.session_id, k) s;

CREATE TEMP TABLE pv AS
SELECT g.session_id, g.seq, g.u_query, g.u_load, g.u_late, g.u_late_by,
       s.started_at + make_interval(secs => sum(CASE WHEN g.seq = 1 THEN 0
                                                     WHEN s.bot_kind IS NOT NULL THEN 1 + floor(g.u_gap * 4)
                                                     ELSE 3 + floor(-ln(1 - g.u_gap) * 45) END)
                                              OVER (PARTITION BY g.session_id ORDER BY g.seq)) AS occurred_at,
       CASE WHEN g.seq = 1 THEN s.landing_page_id
            WHEN s.bot_kind = 'crawler' THEN 200 + ((g.session_id * 131 + g.seq) % :n_products) + 1
            WHEN g.seq = s.cart_seq OR g.u_type < 0.52
                 THEN 200 + ((least(:n_products, floor(exp(g.u_page * ln(:n_products + 1)))::int) - 1) * 7919) % :n_products + 1
            WHEN g.u_type < 0.74 THEN 21 + floor(g.u_page * 31)::int
            WHEN g.u_type < 0.84 THEN 5
            WHEN g.u_type < 0.90 THEN 1
            WHEN g.u_type < 0.94 THEN 10 + floor(g.u_page * 9)::int
            WHEN g.u_type < 0.97 THEN 101 + floor(g.u_page * 40)::int
            WHEN s.user_id IS NOT NULL THEN 6 + floor(g.u_page * 2)::int
            ELSE 8 END AS page_id
FROM g_pv g
JOIN (SELECT f.*, CASE WHEN f.has_cart THEN 2 + floor(f.u_login * (f.n_pv - 1))::int END AS cart_seq FROM s_final f) s
  ON s.session_id = g.session_id;
ANALYZE pv;

-- ----------------------------------------------------------------- events
-- Page views, searches, the cart/checkout/purchase funnel and logins. received_at is
-- the server clock: usually a fraction of a second later, but 3% of mobile events are
-- uploaded hours late. event_id follows arrival, and rows are stored in that order.
CREATE TEMP TABLE ev AS
-- page views (the page a search lands on gets a search event a second earlier)
SELECT p.session_id, p.seq * 10 AS ord, 'page_view' AS event_type, p.occurred_at, p.page_id,
       jsonb_strip_nulls(jsonb_build_object('load_ms', 120 + floor(exp(p.u_load * 7))::int,
                                            'referrer', CASE WHEN p.seq = 1 THEN s.referrer_domain END)) AS properties,
       p.u_late, p.u_late_by
FROM pv p JOIN s_final s ON s.session_id = p.session_id
UNION ALL
SELECT p.session_id, p.seq * 10 - 1, 'search', p.occurred_at - interval '1 second', 5,
       jsonb_build_object('query', q.query, 'results', CASE WHEN p.u_query > 0.95 THEN 0 ELSE 3 + floor(p.u_load * 200)::int END),
       p.u_late, p.u_late_by
FROM pv p
CROSS JOIN LATERAL (SELECT (ARRAY['running shoes','wireless headphones','iphone case','yoga mat','coffee beans','wrap dress',
                                  'laptop','air fryer','building set','gift for dad','puffer jacket','moisturizer','bluetooth speaker',
                                  'tent','usb c cable','monitor 27 inch','protein powder','jigsaw puzzle','smartphone','sheet set'])
                           [least(20, floor(exp(p.u_query * ln(21)))::int)] AS query) q
WHERE p.page_id = 5 AND p.seq > 1
UNION ALL
-- add to cart on the product page the session was browsing at cart_seq
SELECT p.session_id, p.seq * 10 + 1, 'add_to_cart', p.occurred_at + make_interval(secs => 5 + floor(p.u_load * 55)),
       p.page_id,
       jsonb_build_object('product_id', pr.product_id, 'price', pr.price, 'quantity', CASE WHEN p.u_query < 0.85 THEN 1 ELSE 2 END),
       p.u_late, p.u_late_by
FROM pv p
JOIN s_final s ON s.session_id = p.session_id AND s.has_cart
JOIN products pr ON pr.product_id = p.page_id - 200
WHERE p.seq = 2 + floor(s.u_login * (s.n_pv - 1))::int
UNION ALL
SELECT p.session_id, p.seq * 10 + 2, 'remove_from_cart', p.occurred_at + make_interval(secs => 90 + floor(p.u_load * 200)),
       2, jsonb_build_object('product_id', p.page_id - 200), p.u_late, p.u_late_by
FROM pv p
JOIN s_final s ON s.session_id = p.session_id AND s.has_cart AND NOT s.has_checkout AND s.u_checkout > 0.88
WHERE p.seq = 2 + floor(s.u_login * (s.n_pv - 1))::int
UNION ALL
-- checkout funnel after the last page view: /cart, begin_checkout + /checkout, purchase + confirmation
SELECT c.session_id, 100000 + x.k, x.event_type, c.last_at + x.offset_s * interval '1 second', x.page_id, x.properties,
       c.u_late, c.u_late_by
FROM (SELECT p.session_id, max(p.occurred_at) + interval '75 seconds' AS last_at, min(p.u_late) AS u_late, min(p.u_late_by) AS u_late_by,
             s.has_purchase, s.u_purchase, s.u_variant, pr.price, sum(p.u_load) AS u_sum,
             row_number() OVER (PARTITION BY s.has_purchase
                                ORDER BY max(p.occurred_at) + make_interval(secs => 255 + floor(s.u_variant * 400)), p.session_id) AS purchase_no
      FROM pv p
      JOIN s_final s ON s.session_id = p.session_id AND s.has_checkout
      JOIN pv cp ON cp.session_id = s.session_id AND cp.seq = 2 + floor(s.u_login * (s.n_pv - 1))::int
      JOIN products pr ON pr.product_id = cp.page_id - 200
      GROUP BY p.session_id, s.has_purchase, s.u_purchase, s.u_variant, pr.price) c
CROSS JOIN LATERAL (
    SELECT 1 AS k, 'page_view' AS event_type, 0 AS offset_s, 2 AS page_id, '{}'::jsonb AS properties
    UNION ALL
    SELECT 2, 'begin_checkout', 40 + floor(c.u_purchase * 80)::int, 3,
           jsonb_build_object('cart_value', c.price * (1 + floor(c.u_sum)::int % 3), 'items', 1 + floor(c.u_sum)::int % 3)
    UNION ALL
    SELECT 3, 'page_view', 41 + floor(c.u_purchase * 80)::int, 3, '{}'::jsonb
    UNION ALL
    SELECT 4, 'purchase', 180 + floor(c.u_variant * 400)::int, 4,
           jsonb_strip_nulls(jsonb_build_object(
               'order_id', 'W' || (100000 + c.purchase_no),
               'revenue', round(c.price * (1 + floor(c.u_sum)::int % 3) * 1.08, 2),
               'items', 1 + floor(c.u_sum)::int % 3,
               'currency', 'USD',
               'payment_method', (ARRAY['card','card','card','paypal','apple_pay'])[1 + floor(c.u_purchase * 8.6)::int % 5],
               'coupon', CASE WHEN c.u_variant < 0.1 THEN 'WELCOME10' WHEN c.u_variant > 0.96 THEN 'VIP20' END))
    WHERE c.has_purchase
    UNION ALL
    SELECT 5, 'page_view', 182 + floor(c.u_variant * 400)::int, 4, '{}'::jsonb
    WHERE c.has_purchase) x
UNION ALL
-- explicit logins (a quarter of logged-in sessions) and sign-ups (first session of a new user)
SELECT s.session_id, 5, 'login', s.started_at + interval '4 seconds', 8,
       jsonb_build_object('method', (ARRAY['password','password','google','apple'])[1 + floor(s.u_exp * 4)::int]), 0.5, 0.5
FROM s_final s
WHERE s.user_id IS NOT NULL AND s.u_login < 0.25
UNION ALL
SELECT s.session_id, 6, 'sign_up', s.started_at + interval '6 seconds', 9,
       jsonb_build_object('method', (ARRAY['email','email','google','apple'])[1 + floor(s.u_exp * 4)::int]), 0.5, 0.5
FROM (SELECT DISTINCT ON (f.user_id) f.* FROM s_final f WHERE f.user_id IS NOT NULL ORDER BY f.user_id, f.session_id) s
JOIN users u ON u.user_id = s.user_id AND u.signup_at >= timestamptz '2024-07-01 00:00+00';

INSERT INTO sessions (session_id, anonymous_id, user_id, started_at, ended_at, device_type, os, browser, country,
                      utm_source, utm_medium, utm_campaign, referrer_domain, landing_page_id, is_bot)
SELECT s.session_id, s.anonymous_id, s.user_id, s.started_at, coalesce(e.last_at, s.started_at), s.device_type, s.os,
       s.browser, s.country, s.utm_source, s.utm_medium, s.utm_campaign, s.referrer_domain, s.landing_page_id,
       s.bot_kind IS NOT NULL
FROM s_final s
LEFT JOIN (SELECT session_id, max(occurred_at) AS last_at FROM ev GROUP BY session_id) e ON e.session_id = s.session_id
ORDER BY s.session_id;

INSERT INTO events (event_id, session_id, user_id, event_type, occurred_at, received_at, page_id, properties)
SELECT row_number() OVER (ORDER BY received_at, session_id, ord), session_id, user_id, event_type, occurred_at,
       received_at, page_id, properties
FROM (SELECT e.*, s.user_id,
             e.occurred_at + CASE WHEN s.device_type = 'mobile' AND e.u_late < 0.03
                                  THEN make_interval(secs => 3600 + floor(e.u_late_by * 100000))
                                  ELSE make_interval(secs => round((0.05 + 2 * e.u_late_by * e.u_late_by)::numeric, 3)) END AS received_at
      FROM ev e JOIN s_final s ON s.session_id = e.session_id) x
ORDER BY 1;

INSERT INTO experiment_assignments (experiment, session_id, variant, assigned_at)
SELECT CASE WHEN in_checkout_exp THEN 'checkout_redesign' ELSE 'free_shipping_banner' END, session_id,
       CASE WHEN u_variant < 0.5 THEN 'control' ELSE 'treatment' END, started_at
FROM s_final
WHERE in_checkout_exp OR in_banner_exp
ORDER BY 1, 2;

DROP TABLE ref_leaf, leaf_pick, products, g_users, users_by_day, day_pick, hour_pick, g_sessions, t_sessions, f_sessions,
           f_sessions2, f_sessions3, f_sessions4, s_final, g_pv, pv, ev;

ANALYZE;

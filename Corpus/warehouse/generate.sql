-- Augur seed workload "warehouse": deterministic data generator for the star schema.
--   psql -v ON_ERROR_STOP=1 -v scale=1 -f schema.sql -f generate.sql
-- dim_product, dim_customer and fact_sales grow linearly with :scale; dim_date
-- (2021-2024), dim_store and dim_promotion are fixed.
-- Deterministic: random() (seeded once with setseed) is only evaluated over
-- generate_series output or over a subquery sorted on a unique key, parallel query
-- is off, and keys are assigned with row_number() over unique orderings, so the
-- same scale gives byte-identical tables on every run. Product identities and
-- customers' names, e-mails and number of SCD versions are hashed from their ids,
-- so they are the same at every scale.

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

TRUNCATE fact_sales, dim_promotion, dim_customer, dim_product, dim_store, dim_date;

SELECT 1000 * :scale  AS n_products,
       3000 * :scale  AS n_customers,
       19000 * :scale AS n_txn
\gset

SELECT setseed(0.42) AS seeded \gset

CREATE FUNCTION pg_temp.hash_u(text) RETURNS float8 LANGUAGE sql IMMUTABLE
AS $$ SELECT (('x' || substr(md5($1), 1, 8))::bit(32)::bigint / 4294967296.0)::float8 $$;

-- ----------------------------------------------------------------- dim_date
INSERT INTO dim_date (date_key, full_date, year, quarter, month, month_name, year_month, day_of_month,
                      day_of_week, day_name, iso_week, is_weekend, is_holiday, holiday_name,
                      fiscal_year, fiscal_quarter)
SELECT to_char(d, 'YYYYMMDD')::int, d,
       extract(year FROM d), extract(quarter FROM d), extract(month FROM d),
       to_char(d, 'FMMonth'), to_char(d, 'YYYY-MM'), extract(day FROM d),
       extract(isodow FROM d), to_char(d, 'FMDay'), extract(week FROM d),
       extract(isodow FROM d) >= 6,
       h.name IS NOT NULL, h.name,
       extract(year FROM d - interval '1 month'), (extract(month FROM d)::int + 10) % 12 / 3 + 1
FROM generate_series(timestamp '2021-01-01', timestamp '2024-12-31', interval '1 day') g(ts)
CROSS JOIN LATERAL (SELECT g.ts::date AS d) x
CROSS JOIN LATERAL (
    SELECT CASE
             WHEN extract(month FROM d) = 1 AND extract(day FROM d) = 1 THEN 'New Year''s Day'
             WHEN extract(month FROM d) = 5 AND extract(isodow FROM d) = 1 AND extract(day FROM d) >= 25 THEN 'Memorial Day'
             WHEN extract(month FROM d) = 7 AND extract(day FROM d) = 4 THEN 'Independence Day'
             WHEN extract(month FROM d) = 9 AND extract(isodow FROM d) = 1 AND extract(day FROM d) <= 7 THEN 'Labor Day'
             WHEN extract(month FROM d) = 11 AND extract(isodow FROM d) = 4 AND extract(day FROM d) BETWEEN 22 AND 28 THEN 'Thanksgiving'
             WHEN extract(month FROM d) = 12 AND extract(day FROM d) = 24 THEN 'Christmas Eve'
             WHEN extract(month FROM d) = 12 AND extract(day FROM d) = 25 THEN 'Christmas Day'
             WHEN extract(month FROM d) = 12 AND extract(day FROM d) = 31 THEN 'New Year''s Eve'
           END AS name) h
ORDER BY d;

-- ----------------------------------------------------------------- dim_store
-- The web shop plus 25 physical stores; some opened during the period, one closed.
INSERT INTO dim_store (store_key, store_code, store_name, store_type, city, state, region, square_feet, opened_date, closed_date) VALUES
 ( 1,'WEB-01','Online Store','online',NULL,NULL,NULL,NULL,'2012-05-01',NULL),
 ( 2,'NYC-5TH','Fifth Avenue','flagship','New York','NY','Northeast',42000,'2015-04-01',NULL),
 ( 3,'NYC-BKN','Brooklyn Atlantic Terminal','mall','Brooklyn','NY','Northeast',18000,'2018-09-15',NULL),
 ( 4,'BOS-BAC','Boston Back Bay','mall','Boston','MA','Northeast',16000,'2017-03-01',NULL),
 ( 5,'PHL-CTR','Philadelphia Center City','mall','Philadelphia','PA','Northeast',15000,'2019-05-20',NULL),
 ( 6,'PIT-OUT','Pittsburgh Outlets','outlet','Pittsburgh','PA','Northeast',22000,'2020-10-01','2023-06-30'),
 ( 7,'DCA-GEO','Georgetown','mall','Washington','DC','South',14000,'2016-11-11',NULL),
 ( 8,'ATL-BUC','Atlanta Buckhead','mall','Atlanta','GA','South',17000,'2018-02-01',NULL),
 ( 9,'MIA-BRK','Miami Brickell','flagship','Miami','FL','South',30000,'2019-11-01',NULL),
 (10,'ORL-OUT','Orlando Vineland Outlets','outlet','Orlando','FL','South',25000,'2021-03-15',NULL),
 (11,'DAL-NPK','Dallas NorthPark','mall','Dallas','TX','South',19000,'2016-08-01',NULL),
 (12,'HOU-GAL','Houston Galleria','mall','Houston','TX','South',20000,'2017-10-01',NULL),
 (13,'AUS-DOM','Austin Domain','mall','Austin','TX','South',15000,'2022-09-01',NULL),
 (14,'NSH-GLC','Nashville Green Hills','mall','Nashville','TN','South',13000,'2023-04-15',NULL),
 (15,'CHI-MAG','Chicago Magnificent Mile','flagship','Chicago','IL','Midwest',38000,'2014-06-01',NULL),
 (16,'CHI-OAK','Chicago Oakbrook','mall','Chicago','IL','Midwest',15000,'2019-04-01',NULL),
 (17,'MSP-MOA','Mall of America','mall','Minneapolis','MN','Midwest',21000,'2017-08-01',NULL),
 (18,'DET-SMR','Detroit Somerset','mall','Detroit','MI','Midwest',14000,'2018-05-01',NULL),
 (19,'CMH-EAS','Columbus Easton Outlets','outlet','Columbus','OH','Midwest',24000,'2020-06-01',NULL),
 (20,'LAX-GRV','Los Angeles The Grove','flagship','Los Angeles','CA','West',40000,'2015-09-01',NULL),
 (21,'SFO-USQ','San Francisco Union Square','flagship','San Francisco','CA','West',28000,'2016-03-01',NULL),
 (22,'SEA-UVL','Seattle University Village','mall','Seattle','WA','West',16000,'2018-10-01',NULL),
 (23,'PDX-PIO','Portland Pioneer Place','mall','Portland','OR','West',14000,'2019-08-01',NULL),
 (24,'DEN-CCK','Denver Cherry Creek','mall','Denver','CO','West',15000,'2021-11-01',NULL),
 (25,'PHX-SCF','Phoenix Scottsdale Outlets','outlet','Phoenix','AZ','West',23000,'2020-02-01',NULL),
 (26,'LAS-OUT','Las Vegas Premium Outlets','outlet','Las Vegas','NV','West',26000,'2024-03-01',NULL);

-- Store choice within a region: flagships draw the most traffic. Every region has an
-- anchor store that is open for the whole period (used when the pick is closed).
CREATE TEMP TABLE store_pick AS
SELECT region, store_key, opened_date, closed_date,
       (sum(w) OVER (PARTITION BY region ORDER BY store_key) - w) / sum(w) OVER (PARTITION BY region) AS lo,
       sum(w) OVER (PARTITION BY region ORDER BY store_key) / sum(w) OVER (PARTITION BY region) AS hi,
       CASE region WHEN 'Northeast' THEN 2 WHEN 'South' THEN 11 WHEN 'Midwest' THEN 15 ELSE 20 END AS anchor
FROM (SELECT *, CASE store_type WHEN 'flagship' THEN 3.0 WHEN 'outlet' THEN 1.3 ELSE 1.0 END AS w
      FROM dim_store WHERE store_type <> 'online') s;

-- ----------------------------------------------------------------- dim_promotion
-- Nine recurring promotions per year (keys (year - 2021) * 9 + 1 .. 9).
INSERT INTO dim_promotion (promotion_key, promo_code, promo_name, promo_type, discount_pct, start_date, end_date)
SELECT (y - 2021) * 9 + t.n, t.code || y, t.name || ' ' || y, t.type, t.pct,
       CASE t.n WHEN 1 THEN make_date(y, 1, 1)
                WHEN 2 THEN make_date(y, 1, 15)
                WHEN 3 THEN make_date(y, 3, 20)
                WHEN 4 THEN memorial - 3
                WHEN 5 THEN make_date(y, 7, 1)
                WHEN 6 THEN make_date(y, 8, 1)
                WHEN 7 THEN thanksgiving + 1
                WHEN 8 THEN thanksgiving + 4
                ELSE make_date(y, 12, 10) END,
       CASE t.n WHEN 1 THEN make_date(y, 1, 10)
                WHEN 2 THEN make_date(y, 1, 31)
                WHEN 3 THEN make_date(y, 4, 3)
                WHEN 4 THEN memorial
                WHEN 5 THEN make_date(y, 7, 4)
                WHEN 6 THEN make_date(y, 8, 21)
                WHEN 7 THEN thanksgiving + 3
                WHEN 8 THEN thanksgiving + 4
                ELSE make_date(y, 12, 23) END
FROM generate_series(2021, 2024) y
CROSS JOIN LATERAL (SELECT make_date(y, 11, 22) + (11 - extract(isodow FROM make_date(y, 11, 22))::int) % 7 AS thanksgiving,
                           make_date(y, 5, 31) - (extract(isodow FROM make_date(y, 5, 31))::int - 1) AS memorial) h
CROSS JOIN (VALUES (1, 'NEWYEAR', 'New Year Sale', 'seasonal', 15.0),
                   (2, 'CLEAR', 'Winter Clearance', 'clearance', 40.0),
                   (3, 'SPRING', 'Spring Sale', 'seasonal', 20.0),
                   (4, 'MEMORIAL', 'Memorial Day Weekend', 'holiday', 15.0),
                   (5, 'JULY4', 'Fourth of July', 'holiday', 10.0),
                   (6, 'BTS', 'Back to School', 'seasonal', 10.0),
                   (7, 'BFRIDAY', 'Black Friday', 'holiday', 30.0),
                   (8, 'CYBERMON', 'Cyber Monday', 'online_only', 25.0),
                   (9, 'HOLIDAY', 'Holiday Gift Sale', 'holiday', 20.0)) t(n, code, name, type, pct)
ORDER BY 1;

-- Daily traffic: +30% a year, a December peak, busy weekends, promotion spikes and
-- quiet holidays. Cumulative weights turn one random draw into a day.
CREATE TEMP TABLE day_pick AS
SELECT date_key, full_date, year, holiday_name, promotion_key, promo_type,
       (sum(w) OVER (ORDER BY date_key) - w) / sum(w) OVER () AS lo,
       sum(w) OVER (ORDER BY date_key) / sum(w) OVER () AS hi
FROM (SELECT d.date_key, d.full_date, d.year, d.holiday_name, p.promotion_key, p.promo_type,
             ((1 + 0.3 * (d.full_date - date '2021-01-01') / 365.0)
             * (ARRAY[0.80, 0.80, 0.95, 0.95, 1.0, 1.0, 0.95, 1.05, 0.95, 1.0, 1.25, 1.6])[d.month]
             * (ARRAY[0.90, 0.90, 0.92, 0.97, 1.10, 1.35, 1.20])[d.day_of_week]
             * CASE WHEN p.promo_code LIKE 'BFRIDAY%' THEN 3.0 WHEN p.promo_code LIKE 'CYBERMON%' THEN 2.2
                    WHEN p.promo_code LIKE 'HOLIDAY%' THEN 1.4 WHEN p.promo_code IS NOT NULL THEN 1.2 ELSE 1 END
             * CASE d.holiday_name WHEN 'Christmas Day' THEN 0.2 WHEN 'Thanksgiving' THEN 0.5
                                   WHEN 'New Year''s Day' THEN 0.6 WHEN 'Christmas Eve' THEN 0.8 ELSE 1 END)::float8 AS w
      FROM dim_date d
      LEFT JOIN dim_promotion p ON d.full_date BETWEEN p.start_date AND p.end_date) x;
CREATE INDEX ON day_pick (lo);
ANALYZE day_pick;

-- ----------------------------------------------------------------- dim_product
CREATE TEMP TABLE ref_leaf (dept text, category text, noun text, w float8, base numeric, dept_no int);
INSERT INTO ref_leaf VALUES
 ('Electronics','Smartphones','Smartphone',5,650,1), ('Electronics','Tablets','Tablet',2,420,1),
 ('Electronics','Phone Cases','Phone Case',3,22,1), ('Electronics','Laptops','Laptop',3,1100,1),
 ('Electronics','Monitors','Monitor',2,280,1), ('Electronics','Headphones','Headphones',4,120,1),
 ('Electronics','Speakers','Bluetooth Speaker',2,90,1), ('Electronics','Cameras','Camera',2,450,1),
 ('Home & Kitchen','Cookware','Skillet',3,45,2), ('Home & Kitchen','Small Appliances','Blender',3,90,2),
 ('Home & Kitchen','Furniture','Chair',2,220,2), ('Home & Kitchen','Bedding','Sheet Set',2,60,2),
 ('Home & Kitchen','Home Decor','Lamp',2,40,2),
 ('Clothing','Men''s Shirts','Oxford Shirt',4,40,3), ('Clothing','Men''s Jeans','Slim Jeans',3,60,3),
 ('Clothing','Dresses','Wrap Dress',4,70,3), ('Clothing','Women''s Tops','Knit Top',4,35,3),
 ('Clothing','Running Shoes','Running Shoe',4,110,3), ('Clothing','Boots','Chelsea Boot',2,150,3),
 ('Clothing','Kids','Kids Hoodie',3,25,3),
 ('Sports & Outdoors','Camping & Hiking','Tent',2,140,4), ('Sports & Outdoors','Cycling','Bike Helmet',2,80,4),
 ('Sports & Outdoors','Fitness','Yoga Mat',3,35,4), ('Sports & Outdoors','Team Sports','Soccer Ball',1,30,4),
 ('Beauty & Personal Care','Skincare','Moisturizer',3,28,5), ('Beauty & Personal Care','Makeup','Lipstick',2,18,5),
 ('Beauty & Personal Care','Fragrance','Eau de Parfum',1,75,5), ('Beauty & Personal Care','Hair Care','Shampoo',2,14,5),
 ('Toys & Games','Board Games','Board Game',2,35,6), ('Toys & Games','Building Sets','Building Set',2,60,6),
 ('Toys & Games','Puzzles','Jigsaw Puzzle',1,18,6),
 ('Books','Fiction','Novel',3,16,7), ('Books','Non-Fiction','Biography',2,20,7), ('Books','Cookbooks','Cookbook',1,25,7),
 ('Grocery','Coffee & Tea','Coffee Beans',2,15,8), ('Grocery','Snacks','Trail Mix',2,6,8);
CREATE TEMP TABLE leaf_pick AS
SELECT *, (sum(w) OVER (ORDER BY dept_no, category) - w) / sum(w) OVER () AS lo,
          sum(w) OVER (ORDER BY dept_no, category) / sum(w) OVER () AS hi
FROM ref_leaf;

CREATE TEMP TABLE ref_brand (dept_no int, k int, brand text);
INSERT INTO ref_brand
SELECT (i - 1) / 8 + 1, (i - 1) % 8 + 1, b
FROM unnest(ARRAY['Voltra','Pixelon','Sonique','Nexacore','Brightline','Auralis','Kestrel Labs','Zentro',
                  'Hearthstone','Copperleaf','Nordhaus','Casa Verde','Oakmere','Kitchenly','Ember & Oak','Tidewell',
                  'Northbound','Linen & Loom','Urban Thread','Wildroot','Marlowe','Stitchcraft','Coastline Co','Fernway',
                  'Trailforge','Summit Peak','Velocita','Ironclad Fitness','Riverbend Outdoor','Pacer','Alpine Ridge','Strikezone',
                  'Glowell','Pure Petal','Lumiere','Velvet Bloom','Aquaderm','Crest & Comb','Santal','Dewdrop',
                  'Brickworks','Playfield','Tinker Toad','Puzzle Peak','Wonderkin','Starlit Toys','Cubby','Fablewood',
                  'Penfold Press','Riverstone Books','Lantern House','Quill & Ink','Blue Heron','Folio North','Paperback Lane','Inkwell',
                  'Harvest Moon','Golden Grove','Bean & Barrel','Sunny Acres','Kettle Creek','Salt & Sprout','Morning Ritual','Greenleaf'])
     WITH ORDINALITY AS t(b, i);

-- Keys follow launch order: 80% of the range launched before 2021, the rest during
-- 2021-2024. 12% of the older products were discontinued during the period.
SELECT floor(0.8 * :n_products)::int AS n_early \gset

CREATE TEMP TABLE g_products AS
SELECT g AS product_key,
       pg_temp.hash_u('cat:' || g) AS u_cat, pg_temp.hash_u('brand:' || g) AS u_brand,
       pg_temp.hash_u('brandx:' || g) AS u_brandx, pg_temp.hash_u('p1:' || g) AS u_p1,
       pg_temp.hash_u('p2:' || g) AS u_p2, pg_temp.hash_u('adj:' || g) AS u_adj,
       random() AS u_cost, random() AS u_t, random() AS u_disc, random() AS u_disc_t,
       random() AS u_color, random() AS u_size
FROM generate_series(1, :n_products) g;

INSERT INTO dim_product (product_key, product_code, product_name, department, category, brand, color, size,
                         list_price, unit_cost, launched_date, discontinued_date, is_active)
SELECT product_key, code, name, dept, category, brand, color, size, list_price,
       round(list_price * (0.40 + 0.30 * u_cost)::numeric, 2),
       launched, discontinued, discontinued IS NULL
FROM (SELECT g.*, l.dept, l.category,
             upper(left(replace(l.dept, ' ', ''), 3)) || '-' || lpad(g.product_key::text, 6, '0') AS code,
             b.brand || ' ' || (ARRAY['Classic','Pro','Ultra','Essential','Everyday','Premium','Lite','Max','Original',
                                      'Signature','Eco','Compact','Deluxe','Sport','Urban','Vintage'])[1 + floor(g.u_adj * 16)::int]
                     || ' ' || l.noun || ' ' || (100 + floor(g.u_adj * 90000)::int % 900) AS name,
             b.brand,
             CASE WHEN l.dept_no IN (1, 3, 4) THEN (ARRAY['black','white','navy','grey','red','green','blue','beige'])[1 + floor(g.u_color * 8)::int] END AS color,
             CASE WHEN l.dept_no = 3 THEN (ARRAY['XS','S','M','M','L','L','XL','XXL'])[1 + floor(g.u_size * 8)::int] END AS size,
             greatest(1.99, round(l.base * exp(0.8 * (g.u_p1 + g.u_p2 - 1))::numeric) - 0.01) AS list_price,
             CASE WHEN g.product_key <= :n_early
                  THEN date '2017-01-01' + floor((date '2021-01-01' - date '2017-01-01') * (g.product_key - 1 + g.u_t) / :n_early)::int
                  ELSE date '2021-01-01' + floor((date '2024-11-30' - date '2021-01-01') * (g.product_key - :n_early - 1 + g.u_t) / (:n_products - :n_early))::int
             END AS launched,
             CASE WHEN g.product_key <= :n_early AND g.u_disc < 0.12
                  THEN date '2021-06-01' + floor((date '2024-12-15' - date '2021-06-01') * g.u_disc_t)::int END AS discontinued
      FROM g_products g
      JOIN leaf_pick l ON g.u_cat >= l.lo AND g.u_cat < l.hi
      JOIN ref_brand b ON b.dept_no = CASE WHEN g.u_brand < 0.9 THEN l.dept_no ELSE 1 + (l.dept_no + 2) % 8 END
                      AND b.k = least(8, floor(exp(g.u_brandx * ln(9)))::int)) s
ORDER BY product_key;

-- ----------------------------------------------------------------- dim_customer
CREATE TEMP TABLE ref_city (city text, state char(2), region text, w float8, n int);
INSERT INTO ref_city VALUES
 ('New York','NY','Northeast',90,1), ('Brooklyn','NY','Northeast',45,2), ('Boston','MA','Northeast',25,3),
 ('Philadelphia','PA','Northeast',30,4), ('Pittsburgh','PA','Northeast',10,5), ('Springfield','MA','Northeast',2,6),
 ('Portland','ME','Northeast',2,7), ('Newark','NJ','Northeast',12,8),
 ('Washington','DC','South',14,9), ('Atlanta','GA','South',24,10), ('Miami','FL','South',24,11),
 ('Orlando','FL','South',12,12), ('Tampa','FL','South',12,13), ('Dallas','TX','South',30,14),
 ('Houston','TX','South',48,15), ('Austin','TX','South',22,16), ('San Antonio','TX','South',20,17),
 ('Nashville','TN','South',12,18), ('Charlotte','NC','South',14,19), ('New Orleans','LA','South',7,20),
 ('Chicago','IL','Midwest',55,21), ('Springfield','IL','Midwest',2,22), ('Minneapolis','MN','Midwest',12,23),
 ('Detroit','MI','Midwest',12,24), ('Columbus','OH','Midwest',12,25), ('Cleveland','OH','Midwest',8,26),
 ('St. Louis','MO','Midwest',8,27), ('Springfield','MO','Midwest',2,28), ('Milwaukee','WI','Midwest',7,29),
 ('Los Angeles','CA','West',80,30), ('San Francisco','CA','West',30,31), ('San Diego','CA','West',28,32),
 ('Seattle','WA','West',28,33), ('Portland','OR','West',18,34), ('Denver','CO','West',22,35),
 ('Phoenix','AZ','West',30,36), ('Las Vegas','NV','West',14,37), ('Salt Lake City','UT','West',8,38);
CREATE TEMP TABLE city_pick AS
SELECT *, (sum(w) OVER (ORDER BY n) - w) / sum(w) OVER () AS lo, sum(w) OVER (ORDER BY n) / sum(w) OVER () AS hi
FROM ref_city;

-- Customer ids follow sign-up order; sign-ups triple in pace from 2019 to 2024.
CREATE TEMP TABLE g_customers AS
SELECT g AS gid, random() AS u_seen, random() AS u_segment, random() AS u_tier, random() AS u_birth
FROM generate_series(1, :n_customers) g;

-- Versions: 62% never change, the rest move city or change loyalty tier 1-3 times.
CREATE TEMP TABLE customers AS
SELECT s2.*,
       CASE WHEN date '2024-12-31' - first_seen < 90 OR h < 0.62 THEN 1
            WHEN h < 0.88 THEN 2 WHEN h < 0.97 THEN 3 ELSE 4 END AS n_versions
FROM (SELECT s.*, pg_temp.hash_u('versions:' || s.customer_id) AS h
      FROM (SELECT row_number() OVER (ORDER BY first_seen, gid)::int AS customer_id, f.*
            FROM (SELECT g.*, date '2019-01-01' + floor(2191 * (sqrt(1 + 8 * g.u_seen) - 1) / 2)::int AS first_seen
                  FROM g_customers g) f) s) s2;
CREATE UNIQUE INDEX ON customers (customer_id);
CREATE INDEX ON customers (first_seen);
ANALYZE customers;

CREATE TEMP TABLE g_versions AS
SELECT s.*, random() AS u_change, random() AS u_city, random() AS u_jitter
FROM (SELECT c.customer_id, k AS version, c.n_versions, c.first_seen, c.u_tier, c.u_segment, c.u_birth
      FROM customers c CROSS JOIN LATERAL generate_series(1, c.n_versions) k
      ORDER BY c.customer_id, k) s;

CREATE TEMP TABLE versions AS
SELECT v.*, c.city, c.state, c.region,
       CASE WHEN v.version = 1 THEN v.first_seen
            ELSE v.first_seen + floor((date '2024-12-31' - v.first_seen) * ((v.version - 1) + 0.5 * v.u_jitter) / v.n_versions)::int
       END AS valid_from,
       CASE WHEN v.version = 1 OR v.u_change < 0.55 THEN 1 ELSE 0 END AS moved,
       CASE WHEN v.version > 1 AND v.u_change >= 0.55 THEN 1 ELSE 0 END AS upgraded
FROM g_versions v JOIN city_pick c ON v.u_city >= c.lo AND v.u_city < c.hi;

CREATE TEMP TABLE versions2 AS
SELECT customer_id, version, n_versions, first_seen, u_segment, u_birth, valid_from,
       coalesce(lead(valid_from) OVER w - 1, date '9999-12-31') AS valid_to,
       first_value(city) OVER (PARTITION BY customer_id, grp ORDER BY version) AS city,
       first_value(state) OVER (PARTITION BY customer_id, grp ORDER BY version) AS state,
       first_value(region) OVER (PARTITION BY customer_id, grp ORDER BY version) AS region,
       least(3, CASE WHEN u_tier < 0.55 THEN 0 WHEN u_tier < 0.85 THEN 1 WHEN u_tier < 0.97 THEN 2 ELSE 3 END
                + sum(upgraded) OVER w) AS tier
FROM (SELECT v.*, sum(moved) OVER (PARTITION BY customer_id ORDER BY version) AS grp FROM versions v) x
WINDOW w AS (PARTITION BY customer_id ORDER BY version);

INSERT INTO dim_customer (customer_key, customer_id, version, first_name, last_name, email, city, state, region,
                          segment, loyalty_tier, birth_year, first_seen, valid_from, valid_to, is_current)
SELECT 0, 0, 1, 'Unknown', 'Unknown', NULL, NULL, NULL, NULL, 'unknown', 'basic', NULL,
       date '1900-01-01', date '1900-01-01', date '9999-12-31', true
UNION ALL
SELECT row_number() OVER (ORDER BY v.valid_from, v.customer_id, v.version)::int,
       v.customer_id, v.version, n.first, n.last,
       CASE WHEN pg_temp.hash_u('noemail:' || v.customer_id) < 0.08 THEN NULL
            ELSE lower(n.first) || '.' || lower(n.last) || v.customer_id || '@' ||
                 (ARRAY['gmail.com','gmail.com','gmail.com','yahoo.com','outlook.com','icloud.com','hotmail.com','aol.com'])[1 + floor(pg_temp.hash_u('domain:' || v.customer_id) * 8)::int]
       END,
       v.city, v.state, v.region,
       CASE WHEN v.u_segment < 0.86 THEN 'consumer' WHEN v.u_segment < 0.96 THEN 'small_business' ELSE 'corporate' END,
       (ARRAY['basic','silver','gold','platinum'])[v.tier + 1],
       CASE WHEN v.u_birth < 0.3 THEN NULL ELSE 1940 + floor(power(v.u_birth, 0.8) * 66)::int END,
       v.first_seen, v.valid_from, v.valid_to, v.valid_to = date '9999-12-31'
FROM versions2 v
CROSS JOIN LATERAL (
    SELECT (ARRAY['James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda','David','Elizabeth',
                  'William','Barbara','Richard','Susan','Joseph','Jessica','Thomas','Sarah','Carlos','Karen',
                  'Daniel','Lisa','Matthew','Nancy','Anthony','Sofia','Mark','Emma','Wei','Olivia',
                  'Luis','Ava','Ahmed','Mia','Kenji','Isabella','Raj','Chloe','Omar','Grace'])[1 + floor(pg_temp.hash_u('first:' || v.customer_id) * 40)::int] AS first,
           (ARRAY['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis','Rodriguez','Martinez',
                  'Hernandez','Lopez','Gonzalez','Wilson','Anderson','Thomas','Taylor','Moore','Jackson','Martin',
                  'Lee','Perez','Thompson','White','Harris','Sanchez','Clark','Ramirez','Lewis','Robinson',
                  'Walker','Young','Allen','King','Wright','Nguyen','Chen','Patel','Kim','Okafor'])[1 + floor(pg_temp.hash_u('last:' || v.customer_id) * 40)::int] AS last) n
ORDER BY 1;
ANALYZE dim_customer;

-- ----------------------------------------------------------------- fact_sales
-- Transactions: a day from the traffic curve; online share grows from 22% to 38%
-- (stores are closed on Thanksgiving and Christmas Day, Cyber Monday is mostly online).
-- 30% of store sales are anonymous (the unknown customer); known customers are a
-- zipf-like set of heavy buyers (the first customer ids) or anyone signed up by then,
-- and shop in their own region's stores 85% of the time.
CREATE TEMP TABLE g_txn AS
SELECT g AS gid, random() AS u_day, random() AS u_online, random() AS u_anon, random() AS u_mode,
       random() AS u_cust, random() AS u_region, random() AS u_store, random() AS u_lines, random() AS u_anyregion
FROM generate_series(1, :n_txn) g;

CREATE TEMP TABLE t_txn AS
SELECT row_number() OVER (ORDER BY d.date_key, g.gid) AS txn_id, g.*, d.date_key, d.full_date, d.year,
       d.promotion_key AS day_promotion_key, d.promo_type AS day_promo_type,
       coalesce(d.holiday_name IN ('Thanksgiving', 'Christmas Day'), false)
         OR g.u_online < CASE WHEN d.promo_type = 'online_only' THEN 0.85
                              ELSE 0.22 + 0.16 * (d.full_date - date '2021-01-01') / 1461.0 END AS online
FROM g_txn g
CROSS JOIN LATERAL (SELECT * FROM day_pick p WHERE p.lo <= g.u_day ORDER BY p.lo DESC LIMIT 1) d;
CREATE UNIQUE INDEX ON t_txn (txn_id);
ANALYZE t_txn;

-- Customer ids follow first_seen, so "everyone signed up by day d" is 1..max_id(d).
CREATE TEMP TABLE customers_by_day AS
SELECT first_seen AS d, max(customer_id) AS max_id FROM customers GROUP BY 1;
CREATE UNIQUE INDEX ON customers_by_day (d);
ANALYZE customers_by_day;

CREATE TEMP TABLE f_txn AS
SELECT t.txn_id, t.date_key, t.full_date, t.year, t.online, t.day_promotion_key, t.day_promo_type, t.u_lines,
       t.u_region, t.u_store, t.u_anyregion,
       CASE WHEN NOT t.online AND t.u_anon < 0.30 THEN 0
            WHEN t.online AND t.u_anon < 0.04 THEN 0
            WHEN t.u_mode < 0.25 THEN least(:n_customers / 5, floor(exp(t.u_cust * ln(:n_customers / 5 + 1)))::int)
            ELSE 1 + floor(t.u_cust * m.max_id)::int END AS customer_id
FROM t_txn t
CROSS JOIN LATERAL (SELECT b.max_id FROM customers_by_day b WHERE b.d <= t.full_date ORDER BY b.d DESC LIMIT 1) m;
ANALYZE f_txn;

CREATE TEMP TABLE f_txn2 AS
SELECT t.*, c.customer_key,
       CASE WHEN t.online THEN 1::smallint
            ELSE CASE WHEN sp.opened_date <= t.full_date AND (sp.closed_date IS NULL OR sp.closed_date > t.full_date)
                      THEN sp.store_key ELSE sp.anchor END END AS store_key
FROM f_txn t
JOIN dim_customer c ON c.customer_id = t.customer_id AND t.full_date BETWEEN c.valid_from AND c.valid_to
LEFT JOIN store_pick sp
       ON sp.region = CASE WHEN c.region IS NOT NULL AND t.u_anyregion < 0.85 THEN c.region
                           WHEN t.u_region < 0.27 THEN 'Northeast' WHEN t.u_region < 0.60 THEN 'South'
                           WHEN t.u_region < 0.78 THEN 'Midwest' ELSE 'West' END
      AND t.u_store >= sp.lo AND t.u_store < sp.hi;
CREATE UNIQUE INDEX ON f_txn2 (txn_id);
ANALYZE f_txn2;

-- Lines: 1-10 per transaction. Half of the picks follow a zipf-like popularity
-- ranking; picks that are not on sale that day fall back to an evergreen product.
CREATE TEMP TABLE g_lines AS
SELECT s.*, random() AS u_mode, random() AS u_prod, random() AS u_qty, random() AS u_promo
FROM (SELECT t.txn_id, l AS line_number
      FROM f_txn2 t
      CROSS JOIN LATERAL generate_series(1, least(10, 1 + floor(-ln(1 - t.u_lines) * 1.5)::int)) l
      ORDER BY t.txn_id, l) s;

CREATE TEMP TABLE evergreen AS
SELECT row_number() OVER (ORDER BY product_key) AS k, product_key
FROM dim_product WHERE launched_date < date '2021-01-01' AND discontinued_date IS NULL;
SELECT count(*) AS n_evergreen FROM evergreen \gset
CREATE UNIQUE INDEX ON evergreen (k);
ANALYZE g_lines, evergreen;

INSERT INTO fact_sales (sales_key, date_key, store_key, customer_key, product_key, promotion_key, order_number,
                        line_number, quantity, unit_price, discount_amount, net_amount, cost_amount)
SELECT row_number() OVER (ORDER BY txn_id, line_number),
       date_key, store_key, customer_key, product_key, promotion_key,
       CASE WHEN store_key = 1 THEN 'W' ELSE 'S' END || lpad(txn_id::text, 9, '0'),
       line_number, quantity, unit_price, discount_amount,
       quantity * unit_price - discount_amount,
       round(quantity * unit_cost * price_factor, 2)
FROM (SELECT y.*, round(y.quantity * y.unit_price * coalesce(pr.discount_pct, 0) / 100, 2) AS discount_amount
      FROM (SELECT x.*, p.product_key, p.unit_cost,
                   round(p.list_price * x.price_factor, 2) AS unit_price,
                   CASE WHEN x.day_promotion_key IS NOT NULL
                         AND (x.day_promo_type <> 'online_only' OR x.store_key = 1)
                         AND x.u_promo < CASE WHEN x.day_promo_type = 'holiday' THEN 0.6 ELSE 0.35 END
                        THEN x.day_promotion_key END AS promotion_key
            FROM (SELECT l.txn_id, l.line_number, l.u_promo, t.date_key, t.full_date, t.store_key, t.customer_key,
                         t.day_promotion_key, t.day_promo_type,
                         (ARRAY[0.91, 0.94, 0.97, 1.0])[t.year - 2020]::numeric AS price_factor,
                         CASE WHEN l.u_qty < 0.80 THEN 1 WHEN l.u_qty < 0.93 THEN 2 WHEN l.u_qty < 0.99 THEN 3
                              ELSE 4 + floor((l.u_qty - 0.99) * 1600)::int END AS quantity,
                         CASE WHEN l.u_mode < 0.5
                              THEN ((least(:n_products, floor(exp(l.u_prod * ln(:n_products + 1)))::int) - 1) * 7919) % :n_products + 1
                              ELSE 1 + floor(l.u_prod * :n_products)::int END AS pick
                  FROM g_lines l JOIN f_txn2 t ON t.txn_id = l.txn_id) x
            JOIN dim_product pk ON pk.product_key = x.pick
            JOIN evergreen e ON e.k = 1 + (x.pick * 37) % :n_evergreen
            JOIN dim_product p ON p.product_key =
                 CASE WHEN pk.launched_date <= x.full_date AND (pk.discontinued_date IS NULL OR pk.discontinued_date > x.full_date)
                      THEN pk.product_key ELSE e.product_key END) y
      LEFT JOIN dim_promotion pr ON pr.promotion_key = y.promotion_key) z
ORDER BY 1;

DROP TABLE store_pick, day_pick, ref_leaf, leaf_pick, ref_brand, g_products, ref_city, city_pick, g_customers,
           customers, customers_by_day, g_versions, versions, versions2, g_txn, t_txn, f_txn, f_txn2, g_lines, evergreen;

ANALYZE;

-- Augur seed workload "ecommerce": deterministic data generator.
--   psql -v ON_ERROR_STOP=1 -v scale=1 -f schema.sql -f generate.sql
-- Row counts grow linearly with :scale (categories, brands and warehouses are fixed).
-- Deterministic: random() (seeded once with setseed) is only ever evaluated over
-- generate_series output or over a subquery sorted on a unique key, parallel query
-- is off, and final ids are assigned with row_number() over a unique ordering, so
-- the same scale gives byte-identical tables on every run. Users' names and e-mails
-- and products' identities are hashed from their ids and so are the same at every
-- scale. The store's "now" is 2025-01-01 00:00 UTC.

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

TRUNCATE reviews, payments, order_items, orders, coupons, inventory, warehouses,
         products, addresses, users, brands, categories RESTART IDENTITY CASCADE;

SELECT 5000 * :scale  AS n_users,
       2000 * :scale  AS n_products,
       12000 * :scale AS n_orders,
       40 * :scale    AS n_coupons
\gset

SELECT setseed(0.42) AS seeded \gset

-- A uniform [0, 1) value hashed from a key: used where a value must not depend on
-- the scale (a user's name and e-mail are functions of the user id).
CREATE FUNCTION pg_temp.hash_u(text) RETURNS float8 LANGUAGE sql IMMUTABLE
AS $$ SELECT (('x' || substr(md5($1), 1, 8))::bit(32)::bigint / 4294967296.0)::float8 $$;

-- ----------------------------------------------------------------- reference data
-- US cities with their state, 3-digit zip prefix, number of zips, sales tax and a
-- population-like weight. Springfield and Portland exist in several states.
CREATE TEMP TABLE ref_city (city_id int PRIMARY KEY, city text, state char(2), zip3 text,
                            n_zip int, tax_rate numeric, w float8);
INSERT INTO ref_city VALUES
 ( 1,'New York','NY','100',40,0.08875,90), ( 2,'Brooklyn','NY','112',30,0.08875,45),
 ( 3,'Los Angeles','CA','900',45,0.0950,80), ( 4,'San Francisco','CA','941',25,0.08625,30),
 ( 5,'San Diego','CA','921',25,0.0775,28), ( 6,'San Jose','CA','951',20,0.09375,20),
 ( 7,'Chicago','IL','606',45,0.1025,55), ( 8,'Houston','TX','770',40,0.0825,48),
 ( 9,'Dallas','TX','752',30,0.0825,30), (10,'Austin','TX','787',20,0.0825,22),
 (11,'San Antonio','TX','782',25,0.0825,20), (12,'Phoenix','AZ','850',30,0.086,30),
 (13,'Philadelphia','PA','191',30,0.08,30), (14,'Pittsburgh','PA','152',15,0.07,10),
 (15,'Seattle','WA','981',20,0.1025,28), (16,'Portland','OR','972',15,0.0,18),
 (17,'Denver','CO','802',20,0.0881,22), (18,'Boston','MA','021',20,0.0625,25),
 (19,'Miami','FL','331',25,0.07,24), (20,'Orlando','FL','328',15,0.065,12),
 (21,'Tampa','FL','336',15,0.075,12), (22,'Atlanta','GA','303',25,0.089,24),
 (23,'Charlotte','NC','282',15,0.0725,14), (24,'Raleigh','NC','276',10,0.0725,9),
 (25,'Nashville','TN','372',12,0.0925,12), (26,'Detroit','MI','482',15,0.06,12),
 (27,'Minneapolis','MN','554',15,0.08025,12), (28,'Columbus','OH','432',15,0.075,12),
 (29,'Cleveland','OH','441',12,0.08,8), (30,'Las Vegas','NV','891',15,0.08375,14),
 (31,'Salt Lake City','UT','841',10,0.0775,8), (32,'Kansas City','MO','641',12,0.08475,8),
 (33,'St. Louis','MO','631',12,0.09679,8), (34,'Baltimore','MD','212',12,0.06,9),
 (35,'Washington','DC','200',15,0.06,14), (36,'New Orleans','LA','701',10,0.0945,7),
 (37,'Indianapolis','IN','462',12,0.07,10), (38,'Milwaukee','WI','532',10,0.055,7),
 (39,'Albuquerque','NM','871',8,0.07875,6), (40,'Springfield','IL','627',5,0.0875,2),
 (41,'Springfield','MO','658',5,0.081,2), (42,'Springfield','MA','011',5,0.0625,2),
 (43,'Portland','ME','041',4,0.055,2), (44,'Boise','ID','837',6,0.06,4),
 (45,'Omaha','NE','681',8,0.07,5), (46,'Anchorage','AK','995',4,0.0,2);
CREATE TEMP TABLE city_pick AS
SELECT c.*, (sum(w) OVER (ORDER BY city_id) - w) / sum(w) OVER () AS lo,
            sum(w) OVER (ORDER BY city_id) / sum(w) OVER () AS hi
FROM ref_city c;

-- Category tree: 8 departments, 40 categories, 18 sub-categories. Products hang off
-- leaves; w is a leaf's share of the catalogue, base its median price.
CREATE TEMP TABLE ref_category (id int, parent_id int, name text, slug text, depth int,
                                noun text, w float8, base numeric);
INSERT INTO ref_category VALUES
 (1,NULL,'Electronics','electronics',1,NULL,0,0), (2,NULL,'Home & Kitchen','home-kitchen',1,NULL,0,0),
 (3,NULL,'Clothing','clothing',1,NULL,0,0), (4,NULL,'Sports & Outdoors','sports-outdoors',1,NULL,0,0),
 (5,NULL,'Beauty & Personal Care','beauty',1,NULL,0,0), (6,NULL,'Toys & Games','toys-games',1,NULL,0,0),
 (7,NULL,'Books','books',1,NULL,0,0), (8,NULL,'Grocery','grocery',1,NULL,0,0),
 (9,1,'Phones & Tablets','phones-tablets',2,NULL,0,0), (10,1,'Computers','computers',2,NULL,0,0),
 (11,1,'Audio','audio',2,NULL,0,0), (12,1,'Cameras','cameras',2,'Camera',2,450),
 (13,1,'TV & Home Theater','tv-home-theater',2,'TV',2,700),
 (14,2,'Cookware','cookware',2,'Skillet',3,45), (15,2,'Small Appliances','small-appliances',2,'Blender',3,90),
 (16,2,'Furniture','furniture',2,'Chair',2,220), (17,2,'Bedding','bedding',2,'Sheet Set',2,60),
 (18,2,'Home Decor','home-decor',2,'Lamp',2,40),
 (19,3,'Men','men',2,NULL,0,0), (20,3,'Women','women',2,NULL,0,0),
 (21,3,'Kids','kids',2,'Kids Hoodie',3,25), (22,3,'Shoes','shoes',2,NULL,0,0),
 (23,3,'Bags & Accessories','bags-accessories',2,'Backpack',2,55),
 (24,4,'Camping & Hiking','camping-hiking',2,'Tent',2,140), (25,4,'Cycling','cycling',2,'Bike Helmet',2,80),
 (26,4,'Fitness','fitness',2,'Yoga Mat',3,35), (27,4,'Team Sports','team-sports',2,'Soccer Ball',1,30),
 (28,4,'Water Sports','water-sports',2,'Paddle Board',1,350),
 (29,5,'Skincare','skincare',2,'Moisturizer',3,28), (30,5,'Makeup','makeup',2,'Lipstick',2,18),
 (31,5,'Hair Care','hair-care',2,'Shampoo',2,14), (32,5,'Fragrance','fragrance',2,'Eau de Parfum',1,75),
 (33,5,'Shaving & Grooming','shaving-grooming',2,'Razor',1,25),
 (34,6,'Board Games','board-games',2,'Board Game',2,35), (35,6,'Building Sets','building-sets',2,'Building Set',2,60),
 (36,6,'Dolls & Figures','dolls-figures',2,'Action Figure',1,20), (37,6,'Puzzles','puzzles',2,'Jigsaw Puzzle',1,18),
 (38,6,'Outdoor Play','outdoor-play',2,'Water Blaster',1,30),
 (39,7,'Fiction','fiction',2,'Novel',3,16), (40,7,'Non-Fiction','non-fiction',2,'Biography',2,20),
 (41,7,'Children''s Books','childrens-books',2,'Picture Book',1,10),
 (42,7,'Comics & Graphic Novels','comics',2,'Graphic Novel',1,18), (43,7,'Cookbooks','cookbooks',2,'Cookbook',1,25),
 (44,8,'Coffee & Tea','coffee-tea',2,'Coffee Beans',2,15), (45,8,'Snacks','snacks',2,'Trail Mix',2,6),
 (46,8,'Pantry','pantry',2,'Olive Oil',1,12), (47,8,'Beverages','beverages',2,'Sparkling Water',1,8),
 (48,8,'Health Foods','health-foods',2,'Protein Powder',1,35),
 (49,9,'Smartphones','smartphones',3,'Smartphone',5,650), (50,9,'Tablets','tablets',3,'Tablet',2,420),
 (51,9,'Phone Cases','phone-cases',3,'Phone Case',3,22),
 (52,10,'Laptops','laptops',3,'Laptop',3,1100), (53,10,'Monitors','monitors',3,'Monitor',2,280),
 (54,10,'Keyboards & Mice','keyboards-mice',3,'Wireless Mouse',2,45),
 (55,11,'Headphones','headphones',3,'Headphones',4,120), (56,11,'Speakers','speakers',3,'Bluetooth Speaker',2,90),
 (57,11,'Microphones','microphones',3,'USB Microphone',1,110),
 (58,19,'Men''s Shirts','mens-shirts',3,'Oxford Shirt',4,40), (59,19,'Men''s Jeans','mens-jeans',3,'Slim Jeans',3,60),
 (60,19,'Men''s Jackets','mens-jackets',3,'Rain Jacket',2,120),
 (61,20,'Dresses','dresses',3,'Wrap Dress',4,70), (62,20,'Women''s Tops','womens-tops',3,'Knit Top',4,35),
 (63,20,'Women''s Jeans','womens-jeans',3,'High-Rise Jeans',3,65),
 (64,22,'Running Shoes','running-shoes',3,'Running Shoe',4,110), (65,22,'Boots','boots',3,'Chelsea Boot',2,150),
 (66,22,'Sandals','sandals',3,'Slide Sandal',2,35);

INSERT INTO categories (id, parent_id, name, slug, depth, sort_order)
SELECT id, parent_id, name, slug, depth, row_number() OVER (PARTITION BY parent_id ORDER BY id)
FROM ref_category ORDER BY id;

CREATE TEMP TABLE leaf_pick AS
SELECT c.id AS category_id, c.noun, c.base,
       CASE WHEN c.depth = 2 THEN c.parent_id ELSE p.parent_id END AS top_id,
       (sum(c.w) OVER (ORDER BY c.id) - c.w) / sum(c.w) OVER () AS lo,
       sum(c.w) OVER (ORDER BY c.id) / sum(c.w) OVER () AS hi
FROM ref_category c LEFT JOIN ref_category p ON p.id = c.parent_id
WHERE c.w > 0;

-- 8 brands per department (ids (dept-1)*8 + 1..8).
INSERT INTO brands (id, name, primary_category_id, country_code)
SELECT (d - 1) * 8 + b, (names)[(d - 1) * 8 + b], d,
       CASE WHEN ((d - 1) * 8 + b) % 7 = 0 THEN 'DE' WHEN ((d - 1) * 8 + b) % 11 = 0 THEN 'JP' ELSE 'US' END
FROM (SELECT ARRAY['Voltra','Pixelon','Sonique','Nexacore','Brightline','Auralis','Kestrel Labs','Zentro',
                   'Hearthstone','Copperleaf','Nordhaus','Casa Verde','Oakmere','Kitchenly','Ember & Oak','Tidewell',
                   'Northbound','Linen & Loom','Urban Thread','Wildroot','Marlowe','Stitchcraft','Coastline Co','Fernway',
                   'Trailforge','Summit Peak','Velocita','Ironclad Fitness','Riverbend Outdoor','Pacer','Alpine Ridge','Strikezone',
                   'Glowell','Pure Petal','Lumiere','Velvet Bloom','Aquaderm','Crest & Comb','Santal','Dewdrop',
                   'Brickworks','Playfield','Tinker Toad','Puzzle Peak','Wonderkin','Starlit Toys','Cubby','Fablewood',
                   'Penfold Press','Riverstone Books','Lantern House','Quill & Ink','Blue Heron','Folio North','Paperback Lane','Inkwell',
                   'Harvest Moon','Golden Grove','Bean & Barrel','Sunny Acres','Kettle Creek','Salt & Sprout','Morning Ritual','Greenleaf'] AS names) n,
     generate_series(1, 8) d, generate_series(1, 8) b
ORDER BY 1;

INSERT INTO warehouses (id, code, city, state) VALUES
 (1,'EWR1','Newark','NJ'), (2,'ATL2','Atlanta','GA'), (3,'DFW1','Dallas','TX'),
 (4,'ONT1','Ontario','CA'), (5,'SEA3','Kent','WA');

-- ----------------------------------------------------------------- users
CREATE TEMP TABLE g_users AS
SELECT g AS gid,
       random() AS u_day, random() AS u_sec, random() AS u_phone, random() AS u_status, random() AS u_optin, random() AS u_ref,
       random() AS u_refpick, random() AS u_login, random() AS u_deleted, random() AS u_city,
       random() AS u_naddr
FROM generate_series(1, :n_users) g;

-- Sign-ups accelerate over time: the daily rate triples from 2019 to 2024
-- (density 1 + 2x on [0, 1], inverted: x = (sqrt(1 + 8u) - 1) / 2).
CREATE TEMP TABLE f_users AS
SELECT row_number() OVER (ORDER BY created_at, gid) AS id, *
FROM (SELECT g.*,
             (date '2019-01-01' + floor(2192 * (sqrt(1 + 8 * u_day) - 1) / 2)::int)::timestamptz
               + make_interval(secs => floor(86400 * u_sec)) AS created_at
      FROM g_users g) s;

INSERT INTO users (id, email, full_name, phone, status, marketing_opt_in, referred_by,
                   created_at, last_login_at, deleted_at)
SELECT id,
       CASE WHEN pg_temp.hash_u('case:' || id) < 0.08 THEN initcap(local) ELSE local END || id || '@' || domain,
       first || ' ' || last,
       CASE WHEN u_phone < 0.38 THEN NULL
            ELSE '+1-' || (201 + floor(u_phone * 1000)::int % 780) || '-555-' || lpad((floor(u_phone * 1e7)::int % 10000)::text, 4, '0') END,
       status,
       u_optin < 0.42,
       CASE WHEN u_ref < 0.12 AND id > 1 THEN least(id - 1, floor(exp(u_refpick * ln(id)))::bigint) END,
       created_at,
       CASE WHEN status = 'pending' OR u_login < 0.07 THEN NULL
            WHEN status = 'inactive' THEN created_at + (timestamptz '2025-01-01 00:00+00' - created_at) * (u_login * 0.3)
            ELSE created_at + (timestamptz '2025-01-01 00:00+00' - created_at) * (1 - power(u_login, 3) * 0.9) END,
       CASE WHEN u_deleted < 0.015 AND id > 20 THEN created_at + (timestamptz '2025-01-01 00:00+00' - created_at) * u_deleted / 0.015 END
FROM (SELECT f.*,
             fn.first, ln.last,
             CASE WHEN pg_temp.hash_u('fmt:' || f.id) < 0.7 THEN lower(fn.first) || '.' || lower(ln.last)
                  WHEN pg_temp.hash_u('fmt:' || f.id) < 0.9 THEN lower(left(fn.first, 1) || ln.last)
                  ELSE lower(fn.first) || '_' || lower(left(ln.last, 1)) END AS local,
             CASE WHEN hd.u < 0.44 THEN 'gmail.com' WHEN hd.u < 0.56 THEN 'yahoo.com'
                  WHEN hd.u < 0.66 THEN 'outlook.com' WHEN hd.u < 0.73 THEN 'hotmail.com'
                  WHEN hd.u < 0.83 THEN 'icloud.com' WHEN hd.u < 0.86 THEN 'aol.com'
                  WHEN hd.u < 0.89 THEN 'protonmail.com'
                  ELSE (ARRAY['acme-corp.com','globex.com','initech.com','umbrella.io','hooli.com','vandelay.com'])[1 + floor((hd.u - 0.89) / 0.11 * 6)::int] END AS domain,
             CASE WHEN f.id <= 20 THEN 'active'
                  WHEN u_deleted < 0.015 THEN 'inactive'
                  WHEN u_status < 0.905 THEN 'active' WHEN u_status < 0.965 THEN 'inactive'
                  WHEN u_status < 0.99 THEN 'pending' ELSE 'banned' END AS status
      FROM f_users f
      CROSS JOIN LATERAL (SELECT pg_temp.hash_u('domain:' || f.id) AS u) hd
      CROSS JOIN LATERAL (SELECT (ARRAY['James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda',
              'David','Elizabeth','William','Barbara','Richard','Susan','Joseph','Jessica','Thomas','Sarah',
              'Carlos','Karen','Daniel','Lisa','Matthew','Nancy','Anthony','Sofia','Mark','Emma','Wei','Olivia',
              'Luis','Ava','Ahmed','Mia','Kenji','Isabella','Raj','Chloe','Omar','Grace'])[1 + floor(pg_temp.hash_u('first:' || f.id) * 40)::int] AS first) fn
      CROSS JOIN LATERAL (SELECT (ARRAY['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis',
              'Rodriguez','Martinez','Hernandez','Lopez','Gonzalez','Wilson','Anderson','Thomas','Taylor','Moore',
              'Jackson','Martin','Lee','Perez','Thompson','White','Harris','Sanchez','Clark','Ramirez','Lewis',
              'Robinson','Walker','Young','Allen','King','Wright','Nguyen','Chen','Patel','Kim','Okafor'])[1 + floor(pg_temp.hash_u('last:' || f.id) * 40)::int] AS last) ln
     ) s
ORDER BY id;

-- ----------------------------------------------------------------- addresses
-- 1-3 addresses per user; 85% of a user's addresses are in the home city.
CREATE TEMP TABLE g_addr AS
SELECT s.*, random() AS u_city2, random() AS u_move, random() AS u_zip, random() AS u_street,
       random() AS u_num, random() AS u_line2, random() AS u_kind, random() AS u_when, random() AS u_recipient
FROM (SELECT f.id AS user_id, k, f.created_at AS user_created, f.u_city, f.u_naddr
      FROM f_users f
      CROSS JOIN LATERAL generate_series(1, CASE WHEN f.u_naddr < 0.62 THEN 1 WHEN f.u_naddr < 0.90 THEN 2 ELSE 3 END) k
      ORDER BY f.id, k) s;

CREATE TEMP TABLE f_addr AS
SELECT row_number() OVER (ORDER BY a.user_id, a.k) AS id, a.user_id, a.k,
       CASE WHEN a.k = 2 AND a.u_kind < 0.6 THEN 'billing' ELSE 'shipping' END AS kind,
       a.k = 1 AS is_default,
       c.city, c.state, c.zip3 || lpad((1 + floor(a.u_zip * c.n_zip))::int::text, 2, '0') AS zip, c.tax_rate,
       CASE WHEN a.k = 1 THEN a.user_created
            ELSE a.user_created + (timestamptz '2025-01-01 00:00+00' - a.user_created) * a.u_when * 0.8 END AS created_at,
       a.u_street, a.u_num, a.u_line2, a.u_recipient
FROM g_addr a
JOIN city_pick c ON (CASE WHEN a.k = 1 OR a.u_move >= 0.15 THEN a.u_city ELSE a.u_city2 END) >= c.lo
                AND (CASE WHEN a.k = 1 OR a.u_move >= 0.15 THEN a.u_city ELSE a.u_city2 END) < c.hi;
CREATE INDEX ON f_addr (user_id);
ANALYZE f_users, f_addr;

INSERT INTO addresses (id, user_id, kind, is_default, recipient, line1, line2, city, state, zip, country_code, created_at)
SELECT a.id, a.user_id, a.kind, a.is_default,
       CASE WHEN a.u_recipient < 0.9 THEN u.full_name ELSE split_part(u.full_name, ' ', 1) || ' c/o ' || split_part(u.full_name, ' ', 2) END,
       (1 + floor(a.u_num * 9899))::int || ' ' ||
         (ARRAY['Main','Oak','Maple','Cedar','Pine','Elm','Washington','Lake','Hill','Park','Sunset','Lincoln',
                'Highland','Jackson','Franklin','Church','River','Mill','Spring','Chestnut'])[1 + floor(a.u_street * 20)::int] || ' ' ||
         (ARRAY['St','Ave','Rd','Blvd','Ln','Dr','Ct','Way'])[1 + floor(a.u_num * 8000)::int % 8],
       CASE WHEN a.u_line2 < 0.72 THEN NULL
            WHEN a.u_line2 < 0.92 THEN 'Apt ' || (1 + floor(a.u_line2 * 400)::int % 40) || (ARRAY['A','B','C','D'])[1 + floor(a.u_line2 * 4000)::int % 4]
            ELSE 'Suite ' || (100 + floor(a.u_line2 * 1000)::int % 900) END,
       a.city, a.state, a.zip, 'US', a.created_at
FROM f_addr a JOIN users u ON u.id = a.user_id
ORDER BY a.id;

-- ----------------------------------------------------------------- products
-- Ids follow creation time: 85% of the catalogue predates the order history
-- (2019-2021), the rest launched during 2022-2024; the newest 2.5% are drafts.
SELECT floor(0.85 * :n_products)::int AS n_early, ceil(0.025 * :n_products)::int AS n_draft \gset

-- A product's identity (category, brand, name, price) is hashed from its id, so
-- product 42 is the same product at every scale; the rest is drawn with random().
CREATE TEMP TABLE g_products AS
SELECT g AS id,
       pg_temp.hash_u('cat:' || g) AS u_cat, pg_temp.hash_u('brand:' || g) AS u_brand,
       pg_temp.hash_u('sister:' || g) AS u_sister, pg_temp.hash_u('brandx:' || g) AS u_brandx,
       pg_temp.hash_u('p1:' || g) AS u_p1, pg_temp.hash_u('p2:' || g) AS u_p2, pg_temp.hash_u('p3:' || g) AS u_p3,
       pg_temp.hash_u('adj:' || g) AS u_adj,
       random() AS u_cost, random() AS u_t, random() AS u_disc, random() AS u_disc_t,
       random() AS u_attr1, random() AS u_attr2, random() AS u_attr3, random() AS u_weight,
       random() AS u_tag1, random() AS u_tag2, random() AS u_tag3, random() AS u_quality
FROM generate_series(1, :n_products) g;

CREATE TEMP TABLE f_products AS
SELECT l.category_id, l.top_id, l.noun,
       CASE WHEN g.u_brand < 0.88 THEN (l.top_id - 1) * 8 + least(8, floor(exp(g.u_brandx * ln(9)))::int)
            ELSE (CASE l.top_id WHEN 1 THEN 2 WHEN 2 THEN 8 WHEN 3 THEN 4 WHEN 4 THEN 3 WHEN 5 THEN 3
                                WHEN 6 THEN 7 WHEN 7 THEN 6 ELSE 2 END - 1) * 8 + 1 + floor(g.u_sister * 8)::int END AS brand_id,
       greatest(0.99, round(l.base * exp(0.7 * (g.u_p1 + g.u_p2 + g.u_p3 - 1.5))::numeric) - 0.01) AS price,
       CASE WHEN g.id <= :n_early
            THEN timestamptz '2019-03-01 00:00+00' + (timestamptz '2022-01-01 00:00+00' - timestamptz '2019-03-01 00:00+00') * ((g.id - 1 + g.u_t) / :n_early)
            ELSE timestamptz '2022-01-01 00:00+00' + (timestamptz '2024-12-01 00:00+00' - timestamptz '2022-01-01 00:00+00') * ((g.id - :n_early - 1 + g.u_t) / (:n_products - :n_early)) END AS created_at,
       CASE WHEN g.id > :n_products - :n_draft THEN 'draft'
            WHEN g.id <= :n_early AND g.u_disc < 0.09 THEN 'discontinued' ELSE 'active' END AS status,
       g.*
FROM g_products g
JOIN leaf_pick l ON g.u_cat >= l.lo AND g.u_cat < l.hi;
CREATE UNIQUE INDEX ON f_products (id);
ANALYZE f_products;

INSERT INTO products (id, sku, name, category_id, brand_id, price, cost, status, weight_grams,
                      attributes, tags, created_at, discontinued_at)
SELECT p.id,
       upper(left(replace(t.slug, '-', ''), 3)) || '-' || lpad(p.id::text, 6, '0'),
       b.name || ' ' || (ARRAY['Classic','Pro','Ultra','Essential','Everyday','Premium','Lite','Max','Original',
                               'Signature','Eco','Compact','Deluxe','Sport','Urban','Vintage'])[1 + floor(p.u_adj * 16)::int]
              || ' ' || p.noun || ' ' || (100 + floor(p.u_adj * 90000)::int % 900),
       p.category_id, p.brand_id, p.price,
       round(p.price * (0.45 + 0.3 * p.u_cost)::numeric, 2),
       p.status,
       CASE WHEN p.u_weight < 0.05 THEN NULL ELSE 50 + floor(p.u_weight * p.u_weight * 8000)::int END,
       CASE p.top_id
         WHEN 1 THEN jsonb_build_object('color', (ARRAY['black','white','silver','blue','red'])[1 + floor(p.u_attr1 * 5)::int],
                                        'warranty_months', CASE WHEN p.u_attr2 < 0.7 THEN 12 ELSE 24 END,
                                        'wireless', p.u_attr3 < 0.55)
         WHEN 3 THEN jsonb_build_object('color', (ARRAY['black','white','navy','grey','olive','red','beige'])[1 + floor(p.u_attr1 * 7)::int],
                                        'size', (ARRAY['XS','S','M','M','L','L','XL','XXL'])[1 + floor(p.u_attr2 * 8)::int],
                                        'material', (ARRAY['cotton','cotton','polyester','wool','linen','denim'])[1 + floor(p.u_attr3 * 6)::int])
         WHEN 5 THEN jsonb_build_object('vegan', p.u_attr1 < 0.35, 'volume_ml', (ARRAY[30,50,100,250])[1 + floor(p.u_attr2 * 4)::int],
                                        'skin_type', (ARRAY['all','dry','oily','sensitive'])[1 + floor(p.u_attr3 * 4)::int])
         WHEN 6 THEN jsonb_build_object('age_min', (ARRAY[3,6,8,12,14])[1 + floor(p.u_attr1 * 5)::int],
                                        'pieces', (ARRAY[1,24,100,500,1000])[1 + floor(p.u_attr2 * 5)::int])
         WHEN 7 THEN jsonb_build_object('format', (ARRAY['paperback','paperback','hardcover','ebook'])[1 + floor(p.u_attr1 * 4)::int],
                                        'pages', 80 + floor(p.u_attr2 * 700)::int,
                                        'language', CASE WHEN p.u_attr3 < 0.9 THEN 'en' WHEN p.u_attr3 < 0.96 THEN 'es' ELSE 'fr' END)
         WHEN 8 THEN jsonb_build_object('organic', p.u_attr1 < 0.3, 'weight_g', (ARRAY[100,250,500,1000])[1 + floor(p.u_attr2 * 4)::int])
         ELSE jsonb_build_object('color', (ARRAY['black','white','grey','green','blue','natural'])[1 + floor(p.u_attr1 * 6)::int],
                                 'material', (ARRAY['steel','aluminium','wood','plastic','nylon'])[1 + floor(p.u_attr2 * 5)::int])
       END,
       array_remove(ARRAY[
         CASE WHEN p.id IN (SELECT (r - 1) * 7919 % :n_products + 1 FROM generate_series(1, 25) r) THEN 'bestseller' END,
         CASE WHEN p.created_at >= timestamptz '2024-06-01 00:00+00' THEN 'new' END,
         CASE WHEN p.u_tag1 < 0.15 THEN 'sale' END,
         CASE WHEN p.u_tag2 < 0.08 OR (p.top_id = 8 AND p.u_tag2 < 0.30) THEN 'eco' END,
         CASE WHEN p.u_tag3 < 0.08 OR (p.top_id IN (5, 6) AND p.u_tag3 < 0.35) THEN 'gift' END,
         CASE WHEN p.u_tag1 > 0.98 THEN 'limited' END]::text[], NULL),
       p.created_at,
       CASE WHEN p.status = 'discontinued'
            THEN timestamptz '2023-01-01 00:00+00' + (timestamptz '2024-12-01 00:00+00' - timestamptz '2023-01-01 00:00+00') * p.u_disc_t END
FROM f_products p
JOIN brands b ON b.id = p.brand_id
JOIN ref_category t ON t.id = p.top_id
ORDER BY p.id;

-- ----------------------------------------------------------------- inventory
-- The main warehouse stocks almost everything, the regional ones 40%; stock levels
-- are heavy-tailed and discontinued products are mostly sold out.
CREATE TEMP TABLE g_inventory AS
SELECT (g - 1) / 5 + 1 AS product_id, (g - 1) % 5 + 1 AS warehouse_id,
       random() AS u_has, random() AS u_qty, random() AS u_zero, random() AS u_res, random() AS u_upd
FROM generate_series(1, 5 * :n_products) g;

INSERT INTO inventory (product_id, warehouse_id, quantity, reserved, reorder_level, updated_at)
SELECT product_id, warehouse_id, quantity,
       floor(quantity * u_res * 0.2)::int,
       CASE WHEN warehouse_id = 1 THEN 25 ELSE 10 END,
       timestamptz '2024-11-01 00:00+00' + (timestamptz '2025-01-01 00:00+00' - timestamptz '2024-11-01 00:00+00') * u_upd
FROM (SELECT d.*,
             CASE WHEN p.status = 'discontinued' AND d.u_zero < 0.8 THEN 0
                  WHEN d.u_zero < 0.08 THEN 0
                  ELSE floor(exp(2.5 + d.u_qty * 5.5))::int END AS quantity
      FROM g_inventory d JOIN f_products p ON p.id = d.product_id
      WHERE p.status <> 'draft' AND d.u_has < CASE WHEN d.warehouse_id = 1 THEN 0.95 ELSE 0.4 END) s
ORDER BY product_id, warehouse_id;

-- ----------------------------------------------------------------- coupons
-- Coupons 1-3 are evergreen; the rest are seasonal and tile the order history.
SELECT (1096.0 / (:n_coupons - 3)) AS coupon_step \gset
INSERT INTO coupons (id, code, description, discount_pct, valid_from, valid_to, max_uses)
SELECT 1, 'WELCOME10', 'First order discount', 10, date '2021-06-01', date '2025-12-31', NULL::int UNION ALL
SELECT 2, 'FREESHIP', 'Free shipping equivalent', 5, date '2021-06-01', date '2025-12-31', NULL::int UNION ALL
SELECT 3, 'VIP20', 'Loyalty programme', 20, date '2021-06-01', date '2025-12-31', NULL::int UNION ALL
SELECT k,
       upper((ARRAY['spring','summer','fall','winter','flash','bfcm','holiday','weekend'])[1 + (k * 5) % 8])
         || to_char(date '2022-01-01' + floor((k - 4) * :coupon_step)::int, 'YY') || '-' || upper(substr(md5('coupon' || k), 1, 2)) || k,
       CASE WHEN k % 3 = 0 THEN NULL ELSE 'Seasonal promotion #' || k END,
       (ARRAY[5, 10, 10, 15, 15, 20, 25, 30])[1 + (k * 3) % 8],
       date '2022-01-01' + floor((k - 4) * :coupon_step)::int,
       date '2022-01-01' + floor((k - 4) * :coupon_step)::int + ceil(:coupon_step)::int + 14,
       CASE WHEN k % 4 = 0 THEN NULL ELSE 500 * (1 + k % 5) END
FROM generate_series(4, :n_coupons) k
ORDER BY 1;

-- ----------------------------------------------------------------- orders
-- Order volume triples over three years, with a holiday peak (Nov 20 - Dec 24).
CREATE TEMP TABLE g_orders AS
SELECT g AS gid,
       random() AS u_season, random() AS u_day, random() AS u_year, random() AS u_sec,
       random() AS u_mode, random() AS u_user, random() AS u_status, random() AS u_addr, random() AS u_bill,
       random() AS u_coupon, random() AS u_couponpick, random() AS u_nitems, random() AS u_paid,
       random() AS u_ship, random() AS u_deliv, random() AS u_method, random() AS u_fail, random() AS u_failreason
FROM generate_series(1, :n_orders) g;

CREATE TEMP TABLE t_orders AS
SELECT row_number() OVER (ORDER BY ts, gid) AS id, s.*
FROM (SELECT g.*,
             (CASE WHEN g.u_season < 0.07
                   THEN make_date(CASE WHEN g.u_year < 0.25 THEN 2022 WHEN g.u_year < 0.55 THEN 2023 ELSE 2024 END, 11, 20)
                        + floor(g.u_day * 35)::int
                   ELSE date '2022-01-01' + floor(1096 * (sqrt(1 + 8 * g.u_day) - 1) / 2)::int END)::timestamptz
             + make_interval(secs => floor(86400 * power(g.u_sec, 0.6))) AS ts
      FROM g_orders g) s;
CREATE UNIQUE INDEX ON t_orders (id);
ANALYZE t_orders;

-- User ids follow sign-up time, so "everyone who signed up before day d" is 1..max_uid(d - 1).
CREATE TEMP TABLE users_by_day AS
SELECT created_at::date AS d, max(id) AS max_uid FROM users GROUP BY 1;
CREATE UNIQUE INDEX ON users_by_day (d);
ANALYZE users_by_day;

-- The customer: a quarter of orders come from a small set of heavy buyers (zipf over
-- the earliest users: user 1 places hundreds of orders), the rest from any user who
-- had signed up by then.
CREATE TEMP TABLE f_orders AS
SELECT o.*,
       CASE WHEN o.u_mode < 0.25 THEN least(:n_users / 5, floor(exp(o.u_user * ln(:n_users / 5 + 1)))::bigint)
            ELSE 1 + floor(o.u_user * coalesce(m.max_uid, 1))::bigint END AS user_id,
       CASE WHEN age < interval '2 days' THEN CASE WHEN o.u_status < 0.35 THEN 'pending' WHEN o.u_status < 0.97 THEN 'paid' ELSE 'cancelled' END
            WHEN age < interval '6 days' THEN CASE WHEN o.u_status < 0.25 THEN 'paid' WHEN o.u_status < 0.95 THEN 'shipped' ELSE 'cancelled' END
            WHEN age < interval '12 days' THEN CASE WHEN o.u_status < 0.40 THEN 'shipped' WHEN o.u_status < 0.95 THEN 'delivered' ELSE 'cancelled' END
            ELSE CASE WHEN o.u_status < 0.915 THEN 'delivered' WHEN o.u_status < 0.955 THEN 'cancelled'
                      WHEN o.u_status < 0.99 THEN 'refunded' ELSE 'shipped' END END AS status,
       least(8, 1 + floor(-ln(1 - o.u_nitems) * 1.5)::int) AS n_items
FROM (SELECT t.*, timestamptz '2025-01-01 00:00+00' - t.ts AS age FROM t_orders t) o
LEFT JOIN LATERAL (SELECT b.max_uid FROM users_by_day b WHERE b.d < o.ts::date
                   ORDER BY b.d DESC LIMIT 1) m ON true;
CREATE UNIQUE INDEX ON f_orders (id);
ANALYZE f_orders;

CREATE TEMP TABLE g_items AS
SELECT s.*, random() AS u_mode, random() AS u_prod, random() AS u_qty, random() AS u_sale,
       random() AS u_review, random() AS u_rating, random() AS u_rtext, random() AS u_rdelay
FROM (SELECT o.id AS order_id, l AS line_no
      FROM f_orders o CROSS JOIN LATERAL generate_series(1, o.n_items) l
      ORDER BY o.id, l) s;

-- Products: 60% of lines pick from a zipf-like popularity ranking (product 1 is the
-- best seller), 40% uniformly. Lines that hit a product not yet launched, already
-- discontinued or still a draft fall back to an evergreen product.
CREATE TEMP TABLE evergreen AS
SELECT row_number() OVER (ORDER BY id) AS k, id FROM f_products WHERE id <= :n_early AND status = 'active';
SELECT count(*) AS n_evergreen FROM evergreen \gset
ANALYZE g_items, evergreen;

CREATE TEMP TABLE f_items AS
SELECT i.*, CASE WHEN p.status = 'draft' OR p.created_at > o.ts OR (p.status = 'discontinued' AND pr.discontinued_at < o.ts)
                 THEN e.id ELSE p.id END AS product_id,
       o.ts, o.status AS order_status
FROM (SELECT g.*,
             CASE WHEN g.u_mode < 0.6
                  THEN ((least(:n_products, floor(exp(g.u_prod * ln(:n_products + 1)))::bigint) - 1) * 7919) % :n_products + 1
                  ELSE 1 + floor(g.u_prod * :n_products)::bigint END AS pick
      FROM g_items g) i
JOIN f_orders o ON o.id = i.order_id
JOIN f_products p ON p.id = i.pick
JOIN products pr ON pr.id = i.pick
JOIN evergreen e ON e.k = 1 + (i.pick * 37) % :n_evergreen;

CREATE TEMP TABLE f_lines AS
SELECT i.order_id, i.line_no, i.product_id,
       CASE WHEN i.u_qty < 0.76 THEN 1 WHEN i.u_qty < 0.91 THEN 2 WHEN i.u_qty < 0.98 THEN 3 + floor((i.u_qty - 0.91) * 40)::int
            ELSE 10 + floor((i.u_qty - 0.98) * 2000)::int END AS quantity,
       CASE WHEN i.u_sale < 0.18 THEN round(p.price * (0.8 + i.u_sale)::numeric, 2) ELSE p.price END AS unit_price,
       i.u_review, i.u_rating, i.u_rtext, i.u_rdelay, i.ts, i.order_status
FROM f_items i JOIN products p ON p.id = i.product_id;
ANALYZE f_lines;

CREATE TEMP TABLE order_sums AS
SELECT order_id, sum(quantity * unit_price - CASE WHEN quantity >= 10 THEN round(quantity * unit_price * 0.1, 2) ELSE 0 END) AS subtotal
FROM f_lines GROUP BY order_id;
ANALYZE order_sums;

CREATE TEMP TABLE f_orders2 AS
SELECT o.*, s.subtotal,
       sa.id AS shipping_address_id, sa.tax_rate,
       CASE WHEN o.u_bill < 0.5 THEN ba.id END AS billing_address_id,
       CASE WHEN o.u_coupon >= 0.15 THEN NULL
            WHEN o.u_couponpick < 0.45 THEN 1 WHEN o.u_couponpick < 0.55 THEN 2 WHEN o.u_couponpick < 0.62 THEN 3
            ELSE least(:n_coupons, 4 + floor((o.ts::date - date '2022-01-01') / :coupon_step)::int) END AS coupon_id
FROM f_orders o
JOIN order_sums s ON s.order_id = o.id
JOIN LATERAL (SELECT a.id, a.tax_rate FROM f_addr a WHERE a.user_id = o.user_id AND a.kind = 'shipping'
              ORDER BY CASE WHEN o.u_addr < 0.85 THEN a.k ELSE -a.k END LIMIT 1) sa ON true
LEFT JOIN f_addr ba ON ba.user_id = o.user_id AND ba.kind = 'billing';

INSERT INTO orders (id, order_number, user_id, shipping_address_id, billing_address_id, coupon_id, status, currency,
                    subtotal, discount, shipping_fee, tax, total, created_at, paid_at, shipped_at, delivered_at, cancelled_at)
SELECT id, 'ORD-' || lpad(id::text, 8, '0'),
       user_id, shipping_address_id, billing_address_id, coupon_id, status, 'USD',
       subtotal, discount, shipping_fee,
       round((subtotal - discount) * tax_rate, 2),
       subtotal - discount + shipping_fee + round((subtotal - discount) * tax_rate, 2),
       ts, paid_at, shipped_at,
       CASE WHEN status IN ('delivered', 'refunded')
            THEN shipped_at + least(make_interval(hours => 20 + floor(u_deliv * 130)::int),
                                    (timestamptz '2025-01-01 00:00+00' - shipped_at) * 0.9) END,
       CASE WHEN status = 'cancelled'
            THEN ts + least(make_interval(mins => 5 + floor(u_ship * 2000)::int), room * 0.9) END
FROM (SELECT y.*,
             CASE WHEN y.status IN ('shipped', 'delivered', 'refunded')
                  THEN y.paid_at + least(make_interval(hours => 4 + floor(y.u_ship * 68)::int),
                                         (timestamptz '2025-01-01 00:00+00' - y.paid_at) * 0.5) END AS shipped_at
      FROM (SELECT o.*,
                   timestamptz '2025-01-01 00:00+00' - o.ts AS room,
                   CASE WHEN o.coupon_id IS NULL THEN 0 ELSE round(o.subtotal * c.discount_pct / 100, 2) END AS discount,
                   CASE WHEN o.subtotal >= 50 OR o.coupon_id = 2 THEN 0 ELSE 5.99 END AS shipping_fee,
                   CASE WHEN o.status IN ('paid', 'shipped', 'delivered', 'refunded')
                        THEN o.ts + least(make_interval(secs => 30 + floor(o.u_paid * 1800)),
                                          (timestamptz '2025-01-01 00:00+00' - o.ts) * 0.5) END AS paid_at
            FROM f_orders2 o LEFT JOIN coupons c ON c.id = o.coupon_id) y) x
ORDER BY id;

INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price, discount)
SELECT order_id, line_no, product_id, quantity, unit_price,
       CASE WHEN quantity >= 10 THEN round(quantity * unit_price * 0.1, 2) ELSE 0 END
FROM f_lines ORDER BY order_id, line_no;

-- ----------------------------------------------------------------- payments
-- One payment per order (none for half of the pending ones), preceded by a failed
-- attempt for 6% of orders. The three biggest customers pay by bank transfer.
INSERT INTO payments (id, order_id, method, status, amount, provider_ref, failure_reason, created_at)
SELECT row_number() OVER (ORDER BY created_at, order_id, attempt), order_id, method, status, amount,
       'pi_' || substr(md5('payment:' || order_id || ':' || attempt), 1, 24), failure_reason, created_at
FROM (SELECT o.id AS order_id, a.attempt,
             CASE WHEN o.user_id <= 3 THEN 'bank_transfer'
                  WHEN f.u_method < 0.62 THEN 'card' WHEN f.u_method < 0.82 THEN 'paypal'
                  WHEN f.u_method < 0.92 THEN 'apple_pay' WHEN f.u_method < 0.96 THEN 'gift_card' ELSE 'bank_transfer' END AS method,
             CASE WHEN a.attempt = 0 THEN 'failed'
                  WHEN o.status = 'pending' THEN 'authorized'
                  WHEN o.status = 'cancelled' THEN CASE WHEN f.u_fail < 0.5 THEN 'failed' ELSE 'voided' END
                  WHEN o.status = 'refunded' THEN 'refunded'
                  ELSE 'captured' END AS status,
             o.total AS amount,
             CASE WHEN a.attempt = 0 OR (o.status = 'cancelled' AND f.u_fail < 0.5)
                  THEN (ARRAY['card_declined','insufficient_funds','expired_card','processing_error'])[1 + floor(f.u_failreason * 4)::int] END AS failure_reason,
             CASE WHEN a.attempt = 0 THEN o.created_at + interval '10 seconds'
                  WHEN o.status = 'cancelled' THEN coalesce(o.cancelled_at, o.created_at + interval '1 minute')
                  ELSE coalesce(o.paid_at, o.created_at + interval '20 seconds') END AS created_at
      FROM orders o
      JOIN f_orders f ON f.id = o.id
      CROSS JOIN LATERAL (SELECT 0 AS attempt WHERE f.u_fail > 0.94 AND o.status <> 'cancelled'
                          UNION ALL
                          SELECT 1 WHERE NOT (o.status = 'pending' AND f.u_paid < 0.5)) a) p
ORDER BY 1;

-- ----------------------------------------------------------------- reviews
-- About one delivered line in ten gets a review, at most one per (product, user).
-- Ratings are J-shaped; a product's hidden quality shifts them.
INSERT INTO reviews (id, product_id, user_id, order_id, rating, title, body, helpful_votes, created_at)
SELECT row_number() OVER (ORDER BY created_at, order_id, line_no), product_id, user_id, order_id, rating,
       CASE rating
         WHEN 5 THEN (ARRAY['Love it!','Exactly as described','Great value','Would buy again','Five stars'])[1 + floor(u_rtext * 5)::int]
         WHEN 4 THEN (ARRAY['Pretty good','Solid product','Good, not perfect','Happy with it'])[1 + floor(u_rtext * 4)::int]
         WHEN 3 THEN (ARRAY['It''s okay','Average','Mixed feelings'])[1 + floor(u_rtext * 3)::int]
         WHEN 2 THEN (ARRAY['Disappointed','Not as pictured','Runs small'])[1 + floor(u_rtext * 3)::int]
         ELSE (ARRAY['Broke after a week','Waste of money','Arrived damaged','Do not buy'])[1 + floor(u_rtext * 4)::int] END,
       CASE WHEN u_rtext < 0.35 THEN NULL
            WHEN rating >= 4 THEN 'Arrived quickly and works as advertised. The quality is better than I expected for the price.'
            WHEN rating = 3 THEN 'Does the job, but the finish feels cheap and the instructions were confusing.'
            ELSE 'Stopped working after a few uses. Customer service was slow to respond about a replacement.' END,
       floor(exp(u_rdelay * u_rtext * 5))::int - 1,
       created_at
FROM (SELECT DISTINCT ON (l.product_id, o.user_id)
             l.order_id, l.line_no, l.product_id, o.user_id, l.u_rtext, l.u_rdelay,
             CASE WHEN l.u_rating < 0.05 + 0.35 * q.bad THEN 1 WHEN l.u_rating < 0.09 + 0.45 * q.bad THEN 2
                  WHEN l.u_rating < 0.16 + 0.50 * q.bad THEN 3 WHEN l.u_rating < 0.38 + 0.45 * q.bad THEN 4 ELSE 5 END AS rating,
             least(o.delivered_at + make_interval(hours => 12 + floor(l.u_rdelay * 480)::int), timestamptz '2024-12-31 23:59+00') AS created_at
      FROM f_lines l
      JOIN orders o ON o.id = l.order_id
      JOIN (SELECT id, power(u_quality, 4) AS bad FROM f_products) q ON q.id = l.product_id
      WHERE l.u_review < 0.10 AND o.status = 'delivered'
      ORDER BY l.product_id, o.user_id, l.order_id, l.line_no) r
ORDER BY 1;

-- ----------------------------------------------------------------- finish
SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users)),
       setval(pg_get_serial_sequence('addresses', 'id'), (SELECT max(id) FROM addresses)),
       setval(pg_get_serial_sequence('products', 'id'), (SELECT max(id) FROM products)),
       setval(pg_get_serial_sequence('orders', 'id'), (SELECT max(id) FROM orders)),
       setval(pg_get_serial_sequence('payments', 'id'), (SELECT max(id) FROM payments)),
       setval(pg_get_serial_sequence('reviews', 'id'), (SELECT max(id) FROM reviews))
\gset

DROP TABLE ref_city, city_pick, ref_category, leaf_pick, g_users, f_users, g_addr, f_addr, g_products,
           f_products, g_inventory, users_by_day, g_orders, t_orders, f_orders, g_items, evergreen, f_items, f_lines, order_sums, f_orders2;

ANALYZE;

-- Augur seed workload "warehouse": a star schema over the store's sales.
-- Apply to an empty database:  psql -v ON_ERROR_STOP=1 -f schema.sql
-- Then load data with generate.sql (see README.md). Core PostgreSQL 15 only.

-- ----------------------------------------------------------------- dimensions
CREATE TABLE dim_date (
    date_key        integer  PRIMARY KEY CHECK (date_key BETWEEN 19000101 AND 99991231),  -- YYYYMMDD
    full_date       date     NOT NULL UNIQUE,
    year            smallint NOT NULL,
    quarter         smallint NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    month           smallint NOT NULL CHECK (month BETWEEN 1 AND 12),
    month_name      text     NOT NULL,
    year_month      char(7)  NOT NULL,                      -- '2024-03'
    day_of_month    smallint NOT NULL CHECK (day_of_month BETWEEN 1 AND 31),
    day_of_week     smallint NOT NULL CHECK (day_of_week BETWEEN 1 AND 7),  -- ISO: 1 = Monday
    day_name        text     NOT NULL,
    iso_week        smallint NOT NULL CHECK (iso_week BETWEEN 1 AND 53),
    is_weekend      boolean  NOT NULL,
    is_holiday      boolean  NOT NULL DEFAULT false,
    holiday_name    text,
    fiscal_year     smallint NOT NULL,                      -- the fiscal year starts on February 1
    fiscal_quarter  smallint NOT NULL CHECK (fiscal_quarter BETWEEN 1 AND 4),
    CHECK (is_holiday = (holiday_name IS NOT NULL))
);
CREATE INDEX dim_date_year_month_idx ON dim_date (year, month);
CREATE INDEX dim_date_holiday_idx ON dim_date (full_date) WHERE is_holiday;
-- month determines quarter and (with year) year_month and the fiscal calendar.
CREATE STATISTICS dim_date_calendar_stats (dependencies, ndistinct)
    ON year, quarter, month, fiscal_year, fiscal_quarter FROM dim_date;

CREATE TABLE dim_store (
    store_key    smallint PRIMARY KEY,
    store_code   text     NOT NULL UNIQUE,
    store_name   text     NOT NULL,
    store_type   text     NOT NULL CHECK (store_type IN ('online', 'flagship', 'mall', 'outlet')),
    city         text,
    state        char(2),
    region       text     CHECK (region IN ('Northeast', 'South', 'Midwest', 'West')),
    square_feet  integer  CHECK (square_feet > 0),
    opened_date  date     NOT NULL,
    closed_date  date,
    CHECK (closed_date IS NULL OR closed_date > opened_date),
    -- the web shop is the only store without a location
    CHECK ((store_type = 'online') = (city IS NULL AND state IS NULL AND region IS NULL AND square_feet IS NULL))
);
CREATE INDEX dim_store_region_idx ON dim_store (region, store_type);

CREATE TABLE dim_product (
    product_key        integer       PRIMARY KEY,
    product_code       text          NOT NULL UNIQUE,
    product_name       text          NOT NULL,
    department         text          NOT NULL,
    category           text          NOT NULL,
    brand              text          NOT NULL,
    color              text,
    size               text,
    list_price         numeric(10,2) NOT NULL CHECK (list_price > 0),
    unit_cost          numeric(10,2) NOT NULL CHECK (unit_cost > 0),
    launched_date      date          NOT NULL,
    discontinued_date  date,
    is_active          boolean       NOT NULL,
    CHECK (unit_cost <= list_price),
    CHECK (is_active = (discontinued_date IS NULL)),
    CHECK (discontinued_date IS NULL OR discontinued_date > launched_date)
);
CREATE INDEX dim_product_department_category_idx ON dim_product (department, category);
CREATE INDEX dim_product_brand_idx ON dim_product (brand);
CREATE INDEX dim_product_name_pattern_idx ON dim_product (product_name text_pattern_ops);
-- A category belongs to one department; brands sell mostly in one department.
CREATE STATISTICS dim_product_hierarchy_stats (dependencies, ndistinct)
    ON department, category, brand FROM dim_product;

-- Slowly changing dimension, type 2: one row per version of a customer. customer_id is
-- the natural key; customer_key 0 is the "unknown customer" member used for anonymous
-- in-store sales. valid_to is inclusive; the current version runs to 9999-12-31.
CREATE TABLE dim_customer (
    customer_key   integer  PRIMARY KEY,
    customer_id    integer  NOT NULL,
    version        smallint NOT NULL CHECK (version >= 1),
    first_name     text     NOT NULL,
    last_name      text     NOT NULL,
    email          text,
    city           text,
    state          char(2),
    region         text     CHECK (region IN ('Northeast', 'South', 'Midwest', 'West')),
    segment        text     NOT NULL CHECK (segment IN ('consumer', 'small_business', 'corporate', 'unknown')),
    loyalty_tier   text     NOT NULL CHECK (loyalty_tier IN ('basic', 'silver', 'gold', 'platinum')),
    birth_year     smallint CHECK (birth_year BETWEEN 1920 AND 2010),
    first_seen     date     NOT NULL,
    valid_from     date     NOT NULL,
    valid_to       date     NOT NULL DEFAULT '9999-12-31',
    is_current     boolean  NOT NULL DEFAULT true,
    UNIQUE (customer_id, valid_from),
    CHECK (valid_to >= valid_from),
    CHECK (is_current = (valid_to = '9999-12-31'))
);
CREATE UNIQUE INDEX dim_customer_current_key ON dim_customer (customer_id) WHERE is_current;
CREATE INDEX dim_customer_lower_last_name_idx ON dim_customer (lower(last_name) text_pattern_ops);
CREATE INDEX dim_customer_city_state_idx ON dim_customer (state, city);
-- city determines state, state determines region.
CREATE STATISTICS dim_customer_geo_stats (dependencies, ndistinct, mcv)
    ON city, state, region FROM dim_customer;

CREATE TABLE dim_promotion (
    promotion_key  smallint     PRIMARY KEY,
    promo_code     text         NOT NULL UNIQUE,
    promo_name     text         NOT NULL,
    promo_type     text         NOT NULL CHECK (promo_type IN ('seasonal', 'holiday', 'clearance', 'online_only')),
    discount_pct   numeric(4,1) NOT NULL CHECK (discount_pct > 0 AND discount_pct < 100),
    start_date     date         NOT NULL,
    end_date       date         NOT NULL,
    CHECK (end_date >= start_date)
);
CREATE INDEX dim_promotion_dates_idx ON dim_promotion (start_date, end_date);

-- ----------------------------------------------------------------- fact
-- One row per sales line. Transactions (order_number) have one to ten lines.
CREATE TABLE fact_sales (
    sales_key        bigint        PRIMARY KEY,
    date_key         integer       NOT NULL REFERENCES dim_date (date_key),
    store_key        smallint      NOT NULL REFERENCES dim_store (store_key),
    customer_key     integer       NOT NULL REFERENCES dim_customer (customer_key),
    product_key      integer       NOT NULL REFERENCES dim_product (product_key),
    promotion_key    smallint      REFERENCES dim_promotion (promotion_key),
    order_number     text          NOT NULL,
    line_number      smallint      NOT NULL CHECK (line_number > 0),
    quantity         integer       NOT NULL CHECK (quantity > 0),
    unit_price       numeric(10,2) NOT NULL CHECK (unit_price > 0),
    discount_amount  numeric(10,2) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
    net_amount       numeric(12,2) NOT NULL,
    cost_amount      numeric(12,2) NOT NULL CHECK (cost_amount >= 0),
    UNIQUE (order_number, line_number),
    CHECK (net_amount = quantity * unit_price - discount_amount)
);
CREATE INDEX fact_sales_date_key_idx ON fact_sales (date_key);
CREATE INDEX fact_sales_product_key_date_key_idx ON fact_sales (product_key, date_key);
CREATE INDEX fact_sales_customer_key_idx ON fact_sales (customer_key);
CREATE INDEX fact_sales_store_key_date_key_idx ON fact_sales (store_key, date_key);
CREATE INDEX fact_sales_promotion_key_idx ON fact_sales (promotion_key) WHERE promotion_key IS NOT NULL;
-- Customers shop in their own region's stores, so there are far fewer (store, customer)
-- pairs than the product of the two distinct counts suggests.
CREATE STATISTICS fact_sales_store_customer_stats (dependencies, ndistinct)
    ON store_key, customer_key FROM fact_sales;

-- Augur seed workload "clickstream": web analytics events of the online store.
-- Apply to an empty database:  psql -v ON_ERROR_STOP=1 -f schema.sql
-- Then load data with generate.sql (see README.md). Core PostgreSQL 15 only.
--
-- events is deliberately a single, unpartitioned table (the kind of table that wants
-- range partitioning by time); it is append-only and loaded in arrival order, which is
-- what makes the BRIN index on occurred_at small and effective.

CREATE TABLE users (
    user_id              bigint      PRIMARY KEY,
    email                text        NOT NULL UNIQUE,
    signup_at            timestamptz NOT NULL,
    country              char(2)     NOT NULL,
    plan                 text        NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'plus', 'pro')),
    acquisition_channel  text        CHECK (acquisition_channel IN ('organic', 'paid_search', 'social', 'email', 'referral', 'direct')),
    is_internal          boolean     NOT NULL DEFAULT false
);
CREATE INDEX users_signup_at_idx ON users (signup_at);

CREATE TABLE pages (
    page_id     integer     PRIMARY KEY,
    path        text        NOT NULL UNIQUE CHECK (path LIKE '/%'),
    page_type   text        NOT NULL CHECK (page_type IN ('home', 'category', 'product', 'search', 'cart', 'checkout',
                                                          'confirmation', 'account', 'auth', 'help', 'blog')),
    title       text        NOT NULL,
    product_id  integer,
    category    text,
    CHECK ((page_type = 'product') = (product_id IS NOT NULL))
);
CREATE INDEX pages_path_pattern_idx ON pages (path text_pattern_ops);
CREATE UNIQUE INDEX pages_product_id_key ON pages (product_id) WHERE product_id IS NOT NULL;
CREATE INDEX pages_page_type_idx ON pages (page_type);

CREATE TABLE sessions (
    session_id       bigint      PRIMARY KEY,
    anonymous_id     uuid        NOT NULL,
    user_id          bigint      REFERENCES users (user_id),
    started_at       timestamptz NOT NULL,
    ended_at         timestamptz NOT NULL,
    device_type      text        NOT NULL CHECK (device_type IN ('desktop', 'mobile', 'tablet')),
    os               text        NOT NULL,
    browser          text        NOT NULL,
    country          char(2)     NOT NULL,
    utm_source       text,
    utm_medium       text,
    utm_campaign     text,
    referrer_domain  text,
    landing_page_id  integer     NOT NULL REFERENCES pages (page_id),
    is_bot           boolean     NOT NULL DEFAULT false,
    CHECK (ended_at >= started_at),
    CHECK (utm_campaign IS NULL OR utm_source IS NOT NULL)
);
CREATE INDEX sessions_user_id_started_at_idx ON sessions (user_id, started_at) WHERE user_id IS NOT NULL;
CREATE INDEX sessions_started_at_idx ON sessions (started_at);
CREATE INDEX sessions_anonymous_id_idx ON sessions (anonymous_id);
CREATE INDEX sessions_utm_idx ON sessions (utm_source, utm_campaign) WHERE utm_source IS NOT NULL;
-- os depends on device_type and browser on os; the UTM triple moves together.
CREATE STATISTICS sessions_device_stats (dependencies, ndistinct, mcv) ON device_type, os, browser FROM sessions;
CREATE STATISTICS sessions_utm_stats (dependencies, ndistinct) ON utm_source, utm_medium, utm_campaign FROM sessions;

CREATE TABLE events (
    event_id     bigint      PRIMARY KEY,
    session_id   bigint      NOT NULL REFERENCES sessions (session_id),
    user_id      bigint      REFERENCES users (user_id),     -- copied from the session when known
    event_type   text        NOT NULL CHECK (event_type IN ('page_view', 'search', 'add_to_cart', 'remove_from_cart',
                                                            'begin_checkout', 'purchase', 'login', 'sign_up')),
    occurred_at  timestamptz NOT NULL,                       -- client clock
    received_at  timestamptz NOT NULL,                       -- server clock; rows arrive in this order
    page_id      integer     REFERENCES pages (page_id),
    properties   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    CHECK (received_at >= occurred_at)
);
CREATE INDEX events_occurred_at_brin ON events USING brin (occurred_at) WITH (pages_per_range = 32);
CREATE INDEX events_session_id_occurred_at_idx ON events (session_id, occurred_at);
CREATE INDEX events_user_id_occurred_at_idx ON events (user_id, occurred_at) WHERE user_id IS NOT NULL;
CREATE INDEX events_page_id_idx ON events (page_id);
CREATE INDEX events_purchases_idx ON events (occurred_at) WHERE event_type = 'purchase';
CREATE INDEX events_order_id_idx ON events ((properties ->> 'order_id')) WHERE event_type = 'purchase';
CREATE INDEX events_properties_gin ON events USING gin (properties jsonb_path_ops);

CREATE TABLE experiment_assignments (
    experiment   text        NOT NULL,
    session_id   bigint      NOT NULL REFERENCES sessions (session_id),
    variant      text        NOT NULL CHECK (variant IN ('control', 'treatment')),
    assigned_at  timestamptz NOT NULL,
    PRIMARY KEY (experiment, session_id)
);
CREATE INDEX experiment_assignments_session_id_idx ON experiment_assignments (session_id);

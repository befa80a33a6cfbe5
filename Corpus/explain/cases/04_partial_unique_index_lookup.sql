-- case: Healthy lookup of a customer's current SCD2 version through a partial unique index (warehouse query 13).
-- database: warehouse
-- shows: Index Scan on dim_customer_current_key (WHERE is_current) returning the one row estimated.
-- finding: none (healthy plan)
-- expect: Index Scan using dim_customer_current_key on public\.dim_customer .*rows=1 loops=1\)$
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT customer_key, customer_id, first_name, last_name, email, city, state, loyalty_tier, valid_from
FROM dim_customer
WHERE customer_id = 29
  AND is_current;

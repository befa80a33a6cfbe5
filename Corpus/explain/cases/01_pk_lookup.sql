-- case: Healthy point lookup of one user by primary key (ecommerce query 01).
-- database: ecommerce
-- shows: a single Index Scan on users_pkey returning 1 row as estimated, a few buffers, sub-millisecond.
-- finding: none (healthy plan)
-- expect: ^Index Scan using users_pkey on public\.users .*rows=1 width=.*actual time=.* rows=1 loops=1\)$
-- expect: Index Cond: \(users\.id = 42\)
-- variants: psql, estimates
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT id, email, full_name, phone, status, marketing_opt_in, created_at, last_login_at
FROM users
WHERE id = 42;

-- case: InitPlan: an uncorrelated scalar subquery (the user id behind a login e-mail) evaluated once, its result passed to the outer index scan as the parameter $0.
-- database: ecommerce
-- shows: "InitPlan 1 (returns $0)" under the Index Scan on orders whose Index Cond uses $0; the InitPlan runs once (loops=1) and its time is part of the outer node's total.
-- finding: none (healthy plan)
-- expect: ^  InitPlan 1 \(returns \$0\)$
-- expect: Index Cond: \(orders\.user_id = \$0\)
-- expect: Index Scan using users_email_lower_key on public\.users .*rows=1 loops=1\)$
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT id, order_number, status, total, created_at
FROM orders
WHERE user_id = (SELECT id FROM users WHERE lower(email) = 'patricia.davis1003@gmail.com')
ORDER BY created_at DESC;

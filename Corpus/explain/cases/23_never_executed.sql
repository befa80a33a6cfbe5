-- case: Never-executed nodes: the outer side of a nested loop finds no user with this e-mail, so the inner index scans never run.
-- database: ecommerce
-- shows: Nested Loop whose outer Index Scan returns rows=0 and whose inner scans say "(never executed)".
-- finding: none (never-executed nodes have no actual time or rows; they must not be reported as misestimated or slow)
-- expect: \(never executed\)$
-- expect: Index Scan using users_email_lower_key on public\.users u .*rows=0 loops=1\)$
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT u.id, o.order_number, o.total, oi.product_id
FROM users u
JOIN orders o       ON o.user_id = u.id
JOIN order_items oi ON oi.order_id = o.id
WHERE lower(u.email) = 'nobody@example.invalid';

-- case: SubPlan: a correlated scalar subquery re-executed for every outer row (ecommerce query 26, simplified).
-- database: ecommerce
-- shows: "SubPlan 1" under the outer join whose Aggregate and Index Only Scan run once per Austin customer (loops = number of outer rows).
-- finding: subplan-per-row (a correlated SubPlan executed hundreds of times; a join + GROUP BY or LATERAL would run it once)
-- expect: SubPlan 1
-- expect: ->  Aggregate .*loops=[1-9]\d\d+\)$
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = off;
SET random_page_cost = 1.1;

-- query
SELECT u.id, u.email, a.zip,
       (SELECT count(*) FROM orders o WHERE o.user_id = u.id AND o.status = 'delivered') AS delivered_orders
FROM users u
JOIN addresses a ON a.user_id = u.id AND a.is_default
WHERE a.city = 'Austin'
  AND a.state = 'TX'
ORDER BY delivered_orders DESC, u.id
LIMIT 50;

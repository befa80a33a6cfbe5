-- case: JIT on a short query: jit_above_cost = 0 forces compilation (with inlining and optimization) for a query that runs in a few milliseconds.
-- database: ecommerce
-- shows: "JIT:" section with Functions, "Options: Inlining true, Optimization true, Expressions true, Deforming true" and a Timing total far above the time spent executing the plan nodes.
-- finding: jit-overhead (JIT compilation dominates the execution time; raise jit_above_cost or turn jit off)
-- expect: ^JIT:$
-- expect: Options: Inlining true, Optimization true, Expressions true, Deforming true
-- expect: Timing: Generation [0-9.]+ ms, Inlining [0-9.]+ ms, Optimization [0-9.]+ ms, Emission [0-9.]+ ms, Total [0-9.]+ ms
SET max_parallel_workers_per_gather = 0;
SET work_mem = '4MB';
SET jit = on;
SET jit_above_cost = 0;
SET jit_inline_above_cost = 0;
SET jit_optimize_above_cost = 0;
SET random_page_cost = 1.1;

-- query
SELECT status, count(*) AS orders, sum(total) AS revenue, avg(total) AS avg_total
FROM orders
WHERE created_at >= '2024-12-01 00:00:00+00'
GROUP BY status;

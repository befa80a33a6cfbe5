-- Cohort retention: customers grouped by the quarter of their first purchase, and how many bought again in each
-- later quarter. Must go through customer_id: an SCD2 customer has several customer_keys.
WITH purchases AS (
    SELECT DISTINCT c.customer_id, date_trunc('quarter', d.full_date)::date AS quarter
    FROM fact_sales f
    JOIN dim_customer c ON c.customer_key = f.customer_key
    JOIN dim_date d     ON d.date_key = f.date_key
    WHERE c.customer_id <> 0
), cohorts AS (
    SELECT customer_id, min(quarter) AS cohort
    FROM purchases
    GROUP BY customer_id
)
SELECT co.cohort,
       (extract(year FROM age(p.quarter, co.cohort)) * 4 + extract(month FROM age(p.quarter, co.cohort)) / 3)::int AS quarters_later,
       count(*) AS active_customers
FROM cohorts co
JOIN purchases p ON p.customer_id = co.customer_id
WHERE co.cohort >= '2023-01-01'
GROUP BY co.cohort, quarters_later
ORDER BY co.cohort, quarters_later;

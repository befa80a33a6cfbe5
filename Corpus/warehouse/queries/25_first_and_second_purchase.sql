-- Time to second purchase: each customer's first two transaction dates (DISTINCT ON + lead()).
WITH txn AS (
    SELECT DISTINCT c.customer_id, d.full_date, f.order_number
    FROM fact_sales f
    JOIN dim_customer c ON c.customer_key = f.customer_key
    JOIN dim_date d     ON d.date_key = f.date_key
    WHERE c.customer_id BETWEEN 1 AND 500
), ordered AS (
    SELECT customer_id, full_date,
           lead(full_date) OVER (PARTITION BY customer_id ORDER BY full_date, order_number) AS next_date
    FROM txn
)
SELECT DISTINCT ON (customer_id) customer_id, full_date AS first_purchase, next_date AS second_purchase,
       next_date - full_date AS days_between
FROM ordered
ORDER BY customer_id, full_date;

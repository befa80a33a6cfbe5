-- RFM: recency, frequency and monetary quintiles per customer (as of 2025-01-01), then segment sizes.
WITH rfm AS (
    SELECT c.customer_id,
           date '2025-01-01' - max(d.full_date) AS recency_days,
           count(DISTINCT f.order_number)       AS frequency,
           sum(f.net_amount)                    AS monetary
    FROM fact_sales f
    JOIN dim_customer c ON c.customer_key = f.customer_key
    JOIN dim_date d     ON d.date_key = f.date_key
    WHERE c.customer_id <> 0
    GROUP BY c.customer_id
), scored AS (
    SELECT customer_id,
           ntile(5) OVER (ORDER BY recency_days DESC) AS r,
           ntile(5) OVER (ORDER BY frequency)         AS f,
           ntile(5) OVER (ORDER BY monetary)          AS m
    FROM rfm
)
SELECT CASE WHEN r >= 4 AND f >= 4 THEN 'champions'
            WHEN r >= 4                THEN 'recent'
            WHEN f >= 4                THEN 'at_risk_loyal'
            WHEN r <= 2 AND f <= 2     THEN 'lost'
            ELSE 'others' END AS segment,
       count(*) AS customers, round(avg(m), 2) AS avg_monetary_quintile
FROM scored
GROUP BY 1
ORDER BY customers DESC;

-- Basket value distribution per quarter: median and 90th percentile of transaction totals (ordered-set aggregates).
WITH baskets AS (
    SELECT f.order_number, min(f.date_key) AS date_key, sum(f.net_amount) AS basket_value
    FROM fact_sales f
    GROUP BY f.order_number
)
SELECT d.year, d.quarter,
       count(*) AS transactions,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY b.basket_value) AS median_basket,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY b.basket_value) AS p90_basket
FROM baskets b
JOIN dim_date d ON d.date_key = b.date_key
GROUP BY d.year, d.quarter
ORDER BY d.year, d.quarter;

-- Electronics, Q4 2024: brands ranked within each category (window over an aggregate).
SELECT category, brand, revenue, rnk
FROM (
    SELECT p.category, p.brand, sum(f.net_amount) AS revenue,
           rank() OVER (PARTITION BY p.category ORDER BY sum(f.net_amount) DESC) AS rnk
    FROM fact_sales f
    JOIN dim_product p ON p.product_key = f.product_key
    JOIN dim_date d    ON d.date_key = f.date_key
    WHERE p.department = 'Electronics'
      AND d.year = 2024 AND d.quarter = 4
    GROUP BY p.category, p.brand
) ranked
WHERE rnk <= 3
ORDER BY category, rnk;

-- Finance: revenue by fiscal year and fiscal quarter (fiscal year starts in February), with quarter share of year.
SELECT d.fiscal_year, d.fiscal_quarter, sum(f.net_amount) AS revenue,
       round(100 * sum(f.net_amount) / sum(sum(f.net_amount)) OVER (PARTITION BY d.fiscal_year), 1) AS pct_of_year
FROM fact_sales f
JOIN dim_date d ON d.date_key = f.date_key
WHERE d.fiscal_year BETWEEN 2021 AND 2023
GROUP BY d.fiscal_year, d.fiscal_quarter
ORDER BY d.fiscal_year, d.fiscal_quarter;

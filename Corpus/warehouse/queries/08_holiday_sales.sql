-- Sales on public holidays against the average day of the same year (partial index on holidays + CTE).
WITH daily AS (
    SELECT d.date_key, d.year, d.holiday_name, sum(f.net_amount) AS revenue
    FROM dim_date d
    LEFT JOIN fact_sales f ON f.date_key = d.date_key
    GROUP BY d.date_key, d.year, d.holiday_name
)
SELECT h.year, h.holiday_name, h.revenue,
       round(h.revenue / (SELECT avg(a.revenue) FROM daily a WHERE a.year = h.year), 2) AS vs_average_day
FROM daily h
WHERE h.holiday_name IS NOT NULL
ORDER BY h.year, h.date_key;

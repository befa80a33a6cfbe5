-- Daily revenue and transactions for December 2024 (star join on dim_date, range on the calendar).
SELECT d.full_date, d.day_name,
       count(DISTINCT f.order_number) AS transactions,
       sum(f.net_amount)              AS revenue
FROM fact_sales f
JOIN dim_date d ON d.date_key = f.date_key
WHERE d.year = 2024
  AND d.month = 12
GROUP BY d.full_date, d.day_name
ORDER BY d.full_date;

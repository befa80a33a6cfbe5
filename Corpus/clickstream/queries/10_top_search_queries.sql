-- Site search report for Q4: most frequent queries and their zero-result rate (jsonb ->> with GROUP BY/HAVING).
SELECT properties ->> 'query' AS query,
       count(*) AS searches,
       round(100.0 * count(*) FILTER (WHERE (properties ->> 'results')::int = 0) / count(*), 1) AS zero_result_pct
FROM events
WHERE event_type = 'search'
  AND occurred_at >= '2024-10-01 00:00:00+00'
GROUP BY 1
HAVING count(*) >= 5
ORDER BY searches DESC;

-- Retention: logged-in users grouped by the week of their first session since July, and how many came back
-- 1-4 weeks later (CTEs + date_trunc).
WITH first_seen AS (
    SELECT user_id, date_trunc('week', min(started_at)) AS cohort_week
    FROM sessions
    WHERE user_id IS NOT NULL
    GROUP BY user_id
), activity AS (
    SELECT DISTINCT s.user_id, date_trunc('week', s.started_at) AS week
    FROM sessions s
    WHERE s.user_id IS NOT NULL
)
SELECT f.cohort_week,
       count(DISTINCT f.user_id) AS cohort_size,
       count(DISTINCT a.user_id) FILTER (WHERE a.week = f.cohort_week + interval '1 week')  AS week_1,
       count(DISTINCT a.user_id) FILTER (WHERE a.week = f.cohort_week + interval '2 weeks') AS week_2,
       count(DISTINCT a.user_id) FILTER (WHERE a.week = f.cohort_week + interval '4 weeks') AS week_4
FROM first_seen f
JOIN activity a ON a.user_id = f.user_id
WHERE f.cohort_week >= '2024-09-02 00:00:00+00'
  AND f.cohort_week <  '2024-11-04 00:00:00+00'
GROUP BY f.cohort_week
ORDER BY f.cohort_week;

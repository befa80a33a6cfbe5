-- New customers of Black Friday week: users who signed up in 2024 and purchased between 2024-11-25 and
-- 2024-12-03 (semi-join).
SELECT u.user_id, u.email, u.signup_at, u.acquisition_channel
FROM users u
WHERE u.signup_at >= '2024-01-01 00:00:00+00'
  AND EXISTS (SELECT 1
              FROM events e
              WHERE e.user_id = u.user_id
                AND e.event_type = 'purchase'
                AND e.occurred_at >= '2024-11-25 00:00:00+00'
                AND e.occurred_at <  '2024-12-04 00:00:00+00')
ORDER BY u.signup_at;

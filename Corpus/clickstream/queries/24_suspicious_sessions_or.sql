-- Bot filter review: sessions flagged as bots, or headless browsers, or lasting more than two hours (OR).
SELECT s.session_id, s.started_at, s.ended_at, s.browser, s.is_bot, s.country
FROM sessions s
WHERE s.is_bot
   OR s.browser = 'HeadlessChrome'
   OR s.ended_at - s.started_at > interval '2 hours'
ORDER BY s.started_at;

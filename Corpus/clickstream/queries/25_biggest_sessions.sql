-- The ten sessions with the most events (crawlers dominate), with their device and landing page.
SELECT s.session_id, s.started_at, s.browser, s.is_bot, p.path AS landing_page, c.events
FROM (SELECT session_id, count(*) AS events
      FROM events
      GROUP BY session_id
      ORDER BY events DESC
      LIMIT 10) c
JOIN sessions s ON s.session_id = c.session_id
JOIN pages p    ON p.page_id = s.landing_page_id
ORDER BY c.events DESC, s.session_id;

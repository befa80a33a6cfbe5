-- A/B test readout: checkout_redesign conversion and revenue per variant.
SELECT a.variant,
       count(*) AS sessions,
       count(p.event_id) AS purchases,
       round(100.0 * count(p.event_id) / count(*), 2) AS conversion_pct,
       round(avg((p.properties ->> 'revenue')::numeric), 2) AS avg_order_value
FROM experiment_assignments a
LEFT JOIN events p ON p.session_id = a.session_id AND p.event_type = 'purchase'
WHERE a.experiment = 'checkout_redesign'
GROUP BY a.variant
ORDER BY a.variant;

-- Product page: the most helpful reviews of the best-selling product, with the product's rating summary.
SELECT r.id, r.rating, r.title, r.body, r.helpful_votes, r.created_at, u.full_name,
       count(*) OVER ()             AS review_count,
       round(avg(r.rating) OVER (), 2) AS avg_rating
FROM reviews r
JOIN users u ON u.id = r.user_id
WHERE r.product_id = 1
ORDER BY r.helpful_votes DESC, r.created_at DESC
LIMIT 10;

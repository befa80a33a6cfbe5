-- Payments operations: failed card payments in December, or large bank transfers (OR across columns).
SELECT id, order_id, method, status, amount, failure_reason, created_at
FROM payments
WHERE (status = 'failed' AND created_at >= '2024-12-01 00:00:00+00')
   OR (method = 'bank_transfer' AND amount > 5000)
ORDER BY created_at DESC;

-- Customer service: find an order by the number printed on the invoice, with its payments.
SELECT o.id, o.order_number, o.status, o.total, o.created_at,
       p.method, p.status AS payment_status, p.amount, p.provider_ref
FROM orders o
LEFT JOIN payments p ON p.order_id = o.id
WHERE o.order_number = 'ORD-00005000'
ORDER BY p.created_at;

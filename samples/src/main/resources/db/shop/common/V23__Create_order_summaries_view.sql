-- What the order list page shows, in one place.
CREATE VIEW order_summaries AS
SELECT o.id                           AS order_id,
       o.customer_id                  AS customer_id,
       o.status                       AS status,
       o.currency                     AS currency,
       COUNT(l.line_no)               AS line_count,
       COALESCE(SUM(l.line_total), 0) AS lines_total
FROM orders o
LEFT JOIN order_lines l ON l.order_id = o.id
GROUP BY o.id, o.customer_id, o.status, o.currency;

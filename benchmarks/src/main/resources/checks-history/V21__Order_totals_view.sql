CREATE VIEW order_totals AS
    SELECT order_id, SUM(quantity) AS items FROM order_lines GROUP BY order_id;

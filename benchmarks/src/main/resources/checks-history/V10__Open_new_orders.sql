UPDATE orders SET status = 'open' WHERE status = 'new';

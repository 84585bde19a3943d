UPDATE orders SET created_at = now();

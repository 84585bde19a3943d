UPDATE orders SET created_at = NOW();

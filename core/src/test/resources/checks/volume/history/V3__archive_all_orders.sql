-- linear: one UPDATE of every row, in one transaction
UPDATE orders SET status = 'archived';

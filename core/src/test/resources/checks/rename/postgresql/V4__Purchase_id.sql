ALTER TABLE purchases RENAME id TO purchase_id;
ALTER TABLE IF EXISTS ONLY public.purchases RENAME TO "orders_archive";

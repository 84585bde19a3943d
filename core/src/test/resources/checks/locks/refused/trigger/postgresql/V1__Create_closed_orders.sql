CREATE TABLE orders (id BIGINT PRIMARY KEY, customer VARCHAR(40) NOT NULL, amount INTEGER NOT NULL);
-- The shop is closed: the server refuses every new order, whoever writes it.
CREATE FUNCTION orders_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'orders are closed';
END;
$$;
CREATE TRIGGER orders_closed BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION orders_closed();

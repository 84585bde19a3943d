CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped');
CREATE DOMAIN positive_amount AS numeric(10, 2) NOT NULL CONSTRAINT amount_positive CHECK (VALUE > 0);

CREATE TABLE customers (
    id     integer PRIMARY KEY,
    email  text COLLATE "C" NOT NULL,
    name   varchar(100) NOT NULL DEFAULT 'anonymous',
    credit numeric(8, 2) CONSTRAINT credit_not_negative CHECK (credit >= 0)
);
CREATE UNIQUE INDEX customers_email_lower ON customers (lower(email));
CREATE INDEX customers_name_hash ON customers USING hash (name);
CREATE INDEX customers_rich ON customers (credit) WHERE credit > 1000;

CREATE TABLE orders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers (id) ON DELETE CASCADE ON UPDATE RESTRICT,
    state       order_state NOT NULL DEFAULT 'new',
    net         numeric(10, 2) NOT NULL,
    fee         positive_amount,
    gross       numeric(10, 2) GENERATED ALWAYS AS (net * 1.2) STORED
);

CREATE SEQUENCE invoice_numbers AS bigint START 1000 INCREMENT 10;

CREATE VIEW paid_orders AS SELECT id, customer_id, gross FROM orders WHERE state = 'paid';

CREATE FUNCTION order_total(customer integer) RETURNS numeric LANGUAGE sql STABLE
AS $$ SELECT coalesce(sum(gross), 0) FROM orders WHERE customer_id = customer $$;

CREATE PROCEDURE close_orders(before_id bigint) LANGUAGE plpgsql AS $$
BEGIN
    UPDATE orders SET state = 'shipped' WHERE id < before_id;
END
$$;

CREATE FUNCTION lower_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.email := lower(NEW.email);
    RETURN NEW;
END
$$;

CREATE TRIGGER customers_lower_email BEFORE INSERT OR UPDATE OF email ON customers
    FOR EACH ROW EXECUTE FUNCTION lower_email();

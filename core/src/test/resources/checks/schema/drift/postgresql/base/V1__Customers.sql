CREATE TABLE customers (
    id    integer PRIMARY KEY,
    email text NOT NULL,
    name  text
);

CREATE FUNCTION lower_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.email := lower(NEW.email);
    RETURN NEW;
END
$$;

CREATE TRIGGER customers_lower_email BEFORE INSERT ON customers
    FOR EACH ROW EXECUTE FUNCTION lower_email();

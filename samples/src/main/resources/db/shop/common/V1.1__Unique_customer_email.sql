-- One account per e-mail address.
CREATE UNIQUE INDEX customers_email ON customers (email);

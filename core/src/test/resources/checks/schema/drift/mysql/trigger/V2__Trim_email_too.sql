DROP TRIGGER customers_lower_email;
CREATE TRIGGER customers_lower_email BEFORE INSERT ON customers FOR EACH ROW
    SET NEW.email = lower(trim(NEW.email));

-- Orders so far were charged in the currency of the customer's country.
UPDATE orders
SET currency = CASE (SELECT c.country FROM customers c WHERE c.id = orders.customer_id)
                   WHEN 'GB' THEN 'GBP'
                   WHEN 'US' THEN 'USD'
                   WHEN 'CH' THEN 'CHF'
                   ELSE 'EUR'
               END
WHERE currency IS NULL;

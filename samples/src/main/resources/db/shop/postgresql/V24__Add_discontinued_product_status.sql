-- New enum values go at the end; nothing in this script uses the new value yet.
ALTER TYPE product_status ADD VALUE 'discontinued';

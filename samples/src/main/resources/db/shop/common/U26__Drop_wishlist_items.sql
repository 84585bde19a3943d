-- Undo of V26: wish lists are young enough that nobody would miss them.
DROP TABLE wishlist_items;

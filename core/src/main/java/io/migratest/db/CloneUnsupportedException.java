package io.migratest.db;

import io.migratest.MigratestException;

/**
 * A database holds objects that this engine's copy cannot carry over (e.g. MySQL events or
 * MariaDB sequences). Nothing was created; build the database another way, e.g. by running the
 * migrations again.
 */
public class CloneUnsupportedException extends MigratestException {

    public CloneUnsupportedException(String message) {
        super(message);
    }
}

package io.migratest.migrate;

import io.migratest.MigratestException;

/**
 * A migration did not apply. The message names the database, the migration script, the failing
 * statement and the database's own error, as Flyway reported them.
 */
public class MigrationFailedException extends MigratestException {

    public MigrationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

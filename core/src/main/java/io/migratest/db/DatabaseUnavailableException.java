package io.migratest.db;

import io.migratest.MigratestException;

/** No server of the wanted engine could be started or reached; the message says what to set. */
public class DatabaseUnavailableException extends MigratestException {

    public DatabaseUnavailableException(String message) {
        super(message);
    }

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

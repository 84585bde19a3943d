package io.migratest.compare;

import io.migratest.MigratestException;

/**
 * A {@link DataDiff} whose settings do not fit the data: a key, renamed, ignored or expected column that a query does not return, or expected rows that cannot be ordered by key. The message names the column and lists the columns there are.
 */
public class DiffConfigurationException extends MigratestException {

    private static final long serialVersionUID = 1L;

    public DiffConfigurationException(String message) {
        super(message);
    }

    public DiffConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.migratest.compare;

import io.migratest.MigratestException;

/**
 * Rows could not be captured into a {@link Snapshot} or read back from it; the message names the query and the SQL error.
 */
public class SnapshotException extends MigratestException {

    private static final long serialVersionUID = 1L;

    public SnapshotException(String message) {
        super(message);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.migratest.compare;

import io.migratest.MigratestException;

/**
 * The key columns of a {@link DataDiff} do not identify one source row (or one expected row of a split): the message names the key value and the rows that share it. Duplicate keys in the migrated rows are not this exception but differences in the {@link DiffReport}.
 */
public class DuplicateKeyException extends MigratestException {

    private static final long serialVersionUID = 1L;

    public DuplicateKeyException(String message) {
        super(message);
    }

    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.migratest.compare;

import io.migratest.MigratestException;

/**
 * The expected-transform function of a {@link DataDiff} threw for a source row; the message names the row and its key, the cause is what the function threw.
 */
public class TransformFailedException extends MigratestException {

    private static final long serialVersionUID = 1L;

    public TransformFailedException(String message) {
        super(message);
    }

    public TransformFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.migratest.compare;

import io.migratest.MigratestException;

/**
 * Two values of a {@link DataDiff} have no common meaning (text against a number, a date against a boolean): the message names the key value, the column and the type on each side.
 */
public class IncomparableValuesException extends MigratestException {

    private static final long serialVersionUID = 1L;

    public IncomparableValuesException(String message) {
        super(message);
    }

    public IncomparableValuesException(String message, Throwable cause) {
        super(message, cause);
    }
}

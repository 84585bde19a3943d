package io.migratest;

/**
 * The root of every exception Migratest throws for a problem in its setup or input: a server
 * that cannot be started, a migration that fails, a fixture that cannot be loaded.
 *
 * <p>A verification that finds different data is not an exception of this kind: it fails with
 * an {@link AssertionError}, so test reports count it as a failed test, not as an error.
 */
public class MigratestException extends RuntimeException {

    public MigratestException(String message) {
        super(message);
    }

    public MigratestException(String message, Throwable cause) {
        super(message, cause);
    }
}

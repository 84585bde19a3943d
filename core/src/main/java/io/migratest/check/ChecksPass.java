package io.migratest.check;

import io.migratest.check.internal.SharedPass;

/**
 * One pass of the built-in checks shared by several {@link Checks}: applies from empty, data
 * survives, undo round trip, schema matches snapshot and lock rehearsal then take their results
 * from one run over the versions, instead of each running the history on a database of its own.
 * The pass runs once, on the database of the first {@code Checks} whose step asks for it (which
 * must be new and empty and stay open until that step returns); the steps of the others wait for
 * it and report their own results from it. Make one pass per test class and engine.
 *
 * <pre>{@code
 * ChecksPass pass = ChecksPass.create();
 * Checks.on(database, migrator, options, report).sharing(pass).dataSurvives();
 * }</pre>
 */
public final class ChecksPass {

    final SharedPass pass = SharedPass.create();

    private ChecksPass() {
    }

    /** A pass not run yet. */
    public static ChecksPass create() {
        return new ChecksPass();
    }
}

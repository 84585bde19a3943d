package io.migratest.check;

import java.util.function.Supplier;

/**
 * One step of a check, run on demand: the steps of one check share a database and must run in
 * the order given. A test runner makes each step a test of its own.
 *
 * @param check   the check, e.g. {@code applies from empty}
 * @param subject the step's subject, e.g. {@code V2 Create users}
 * @param action  runs the step and returns its result; never throws for a check failure
 * @param reused  whether the step hands back a verdict kept from an earlier run instead of doing
 *                its work now (see {@link Checks}); a test runner should say so in the test's name
 */
public record CheckStep(String check, String subject, Supplier<CheckResult> action, boolean reused) {

    /** A step that does its work when run. */
    public CheckStep(String check, String subject, Supplier<CheckResult> action) {
        this(check, subject, action, false);
    }

    /** Runs the step. */
    public CheckResult run() {
        return action.get();
    }

    /** The display name: the subject, or the check's name when it has none. */
    public String displayName() {
        return subject.isEmpty() ? check : subject;
    }
}

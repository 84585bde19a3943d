/**
 * The CI report: what ran and what failed, as Markdown for people and JSON for tools.
 *
 * <p>{@link io.migratest.report.Report#current()} is the report of the test on the current
 * thread; anything (checks, diffs, user code) adds {@link io.migratest.report.Outcome}s to it.
 */
package io.migratest.report;

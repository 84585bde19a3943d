/**
 * The CI report: what ran and what failed, as Markdown for people and JSON for tools.
 *
 * <p>A {@link io.migratest.report.Report} is passed to whatever records into it (checks, user
 * code), which adds {@link io.migratest.report.Outcome}s; there is no static current report.
 */
package io.migratest.report;

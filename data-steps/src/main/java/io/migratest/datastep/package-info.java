/**
 * The base class for Flyway data steps written in Java against a Jdbi handle. It lives in an
 * artifact of its own ({@code migratest-data-steps}, depending on Flyway and Jdbi only) because data
 * steps are application code: they ship in {@code src/main}, where no test machinery belongs.
 */
package io.migratest.datastep;

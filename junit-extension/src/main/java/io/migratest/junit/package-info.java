/**
 * JUnit 5 integration: {@link io.migratest.junit.MigrationTest} on a test class, {@link io.migratest.junit.Seed}
 * on a class or method.
 */
package io.migratest.junit;

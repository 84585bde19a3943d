/** AssertJ assertions for migrated data; start at {@link io.migratest.assertj.MigrationAssertions}. */
package io.migratest.assertj;

/**
 * Database providers and servers behind {@link io.migratest.db.DatabaseProvider}, and the one
 * {@link io.migratest.db.internal.Dialect} per engine that holds everything Migratest knows
 * about that engine. Not API: may change in any release.
 */
package io.migratest.db.internal;

/**
 * Database providers and servers behind {@link io.migratest.db.DatabaseProvider}. Not API: may
 * change in any release.
 */
package io.migratest.db.internal;

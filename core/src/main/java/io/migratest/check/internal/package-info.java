/**
 * The machinery behind {@link io.migratest.check}: catalog readers, row generation, lock probes
 * and snapshot files. Not API: anything here may change without notice.
 */
package io.migratest.check.internal;

/**
 * Implementation of {@link io.migratest.compare}: value normalisation, key ordering, streaming
 * cursors and the merge. Not API: anything here may change in any release.
 */
package io.migratest.compare.internal;

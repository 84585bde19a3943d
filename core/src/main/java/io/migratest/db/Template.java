package io.migratest.db;

/**
 * A seeded template a {@link DatabaseServer} handed out, and how it came to be: reused from an
 * earlier run, or built now and why.
 *
 * @param database the template; copy it with {@link DatabaseServer#cloneDatabase}, do not change it
 * @param reused   whether it was built by an earlier run (no migration ran for it now)
 * @param reason   why it was built or whence it was reused, e.g. {@code "V3__split.sql changed"}
 */
public record Template(TestDatabase database, boolean reused, String reason) {
}

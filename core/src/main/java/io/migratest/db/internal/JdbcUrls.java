package io.migratest.db.internal;

import io.migratest.MigratestException;
import java.util.regex.Pattern;

/** Printing JDBC URLs without the secrets some of them carry, and pointing them at a database. */
public final class JdbcUrls {

    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)(password|passwd|pwd)=[^&;)]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]+):([^/@]*)@");

    private JdbcUrls() {
    }

    /** The URL with any password (query parameter or {@code user:password@}) replaced by {@code ****}. */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1=****");
        return USER_INFO.matcher(masked).replaceAll("//$1:****@");
    }

    /**
     * A message (e.g. a driver's exception text) safe to print: URLs in it masked, and the given
     * password replaced where it stands as a password's value ({@code password=…},
     * {@code password: '…'}). Elsewhere its text is left alone: a password {@code postgres} must
     * not turn {@code user "postgres"} into {@code user "****"}.
     */
    public static String scrub(String message, String password) {
        if (message == null) {
            return null;
        }
        String scrubbed = mask(message);
        if (password != null && !password.isEmpty()) {
            Pattern asValue = Pattern.compile("(?i)(password|passwd|pwd)(\\s*[=:]\\s*|\\s+)(['\"]?)"
                    + Pattern.quote(password) + "(?=\\3(?!\\w))");
            scrubbed = asValue.matcher(scrubbed).replaceAll("$1$2$3****");
        }
        return scrubbed;
    }

    /**
     * The same server URL pointing at database {@code database}: the path after the host part is
     * replaced and the query kept, e.g. {@code jdbc:postgresql://h:5432/postgres?ssl=true} becomes
     * {@code jdbc:postgresql://h:5432/<database>?ssl=true}.
     */
    public static String withDatabase(String url, String database) {
        int hosts = url.indexOf("//");
        if (!url.startsWith("jdbc:") || hosts < 0) {
            throw new MigratestException("Cannot use JDBC URL " + mask(url)
                    + ": expected jdbc:<driver>://<host>[:<port>]/[<database>][?<options>]");
        }
        int query = url.indexOf('?', hosts + 2);
        int queryStart = query < 0 ? url.length() : query;
        int path = url.indexOf('/', hosts + 2);
        int authorityEnd = path < 0 || path > queryStart ? queryStart : path;
        return url.substring(0, authorityEnd) + "/" + database + url.substring(queryStart);
    }

    /** {@code url} with {@code options} ({@code a=1&b=2}) added, each unless the URL already sets it. */
    public static String withDefaultOptions(String url, String options) {
        StringBuilder result = new StringBuilder(url);
        for (String option : options.split("&")) {
            if (option.isEmpty()) {
                continue;
            }
            String key = option.substring(0, option.indexOf('=') + 1);
            int query = result.indexOf("?");
            if (query >= 0 && (result.indexOf("?" + key) >= 0 || result.indexOf("&" + key) >= 0)) {
                continue;
            }
            result.append(query < 0 ? '?' : '&').append(option);
        }
        return result.toString();
    }
}

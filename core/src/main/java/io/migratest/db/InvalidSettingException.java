package io.migratest.db;

import io.migratest.MigratestException;
import java.util.List;

/**
 * A setting has a value Migratest cannot use, or a name it does not know (a typo): thrown while
 * {@link Settings} are read, before any database is touched. The message names each key, where
 * it came from, what was expected and what was found.
 */
public class InvalidSettingException extends MigratestException {

    public InvalidSettingException(String message) {
        super(message);
    }

    /** Throws one exception whose message lists every problem, one per line, if there is any. */
    static void throwIfAny(List<String> problems) {
        if (problems.size() == 1) {
            throw new InvalidSettingException(problems.get(0));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingException(problems.size() + " settings are wrong:\n  "
                    + String.join("\n  ", problems));
        }
    }
}

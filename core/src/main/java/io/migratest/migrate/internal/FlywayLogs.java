package io.migratest.migrate.internal;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flyway's log, sent to SLF4J under Flyway's class names at Flyway's levels, except the ERROR
 * lines written inside {@link #holdingErrors}. Those are held until the work ends: when it fails,
 * Migratest throws an exception whose message says what they say and more (script, line,
 * statement, the database's error), and a test may well expect that failure, so they go to DEBUG;
 * when it succeeds they are written at ERROR, as Flyway meant.
 *
 * <p>{@code Migrator} names this class in Flyway's {@code loggers} setting and Flyway creates it,
 * hence the public no-argument constructor.
 */
public final class FlywayLogs implements LogCreator {

    // Flyway keeps one log system per JVM (its LogFactory is static), so the only way to tell
    // which Migratest call a line belongs to is the thread it is written on.
    private static final ThreadLocal<List<Held>> HELD = new ThreadLocal<>();

    private record Held(Logger logger, String message, Exception exception) {
    }

    public FlywayLogs() {
    }

    @Override
    public Log createLogger(Class<?> type) {
        return new Slf4jLog(LoggerFactory.getLogger(type));
    }

    /**
     * Runs {@code work}, holding back the ERROR lines Flyway writes on this thread meanwhile: at
     * DEBUG if it throws, at ERROR if it returns. {@code work} receives the lines held so far, so
     * that the exception it throws can carry what they add (e.g. Flyway's "Changes successfully
     * rolled back." or "Please restore backups").
     */
    public static <T> T holdingErrors(Function<List<String>, T> work) {
        List<Held> outer = HELD.get();
        List<Held> held = new ArrayList<>();
        HELD.set(held);
        boolean failed = true;
        try {
            T result = work.apply(new AbstractList<>() {
                @Override
                public String get(int index) {
                    return held.get(index).message();
                }

                @Override
                public int size() {
                    return held.size();
                }
            });
            failed = false;
            return result;
        } finally {
            if (outer == null) {
                HELD.remove();
            } else {
                HELD.set(outer);
            }
            for (Held line : held) {
                if (failed) {
                    line.logger().debug("(reported by Migratest's exception) {}", line.message(), line.exception());
                } else {
                    line.logger().error(line.message(), line.exception());
                }
            }
        }
    }

    private static final class Slf4jLog implements Log {
        private final Logger logger;

        Slf4jLog(Logger logger) {
            this.logger = logger;
        }

        @Override
        public void debug(String message) {
            logger.debug(message);
        }

        @Override
        public void info(String message) {
            logger.info(message);
        }

        @Override
        public void warn(String message) {
            logger.warn(message);
        }

        @Override
        public void error(String message) {
            error(message, null);
        }

        @Override
        public void error(String message, Exception exception) {
            List<Held> held = HELD.get();
            if (held != null) {
                held.add(new Held(logger, message, exception));
            } else {
                logger.error(message, exception);
            }
        }

        @Override
        public void notice(String message) {
            logger.info(message);
        }
    }
}

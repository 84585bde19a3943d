package io.migratest.assertj;

import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Keeps a chain soft: an assertion reached from a soft proxy (e.g. {@code table(...)} or
 * {@code migratedTo(...)}) is itself made a soft proxy, so its failures are collected too.
 */
final class Soft {

    private Soft() {
    }

    static <A extends SoftChain, T> A next(SoftAssertionsProvider soft, Class<A> assertType, Class<T> actualType, T actual,
                                          java.util.function.Function<T, A> hard) {
        if (soft == null) {
            return hard.apply(actual);
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        A proxy = (A) soft.proxy((Class) assertType, actualType, actual);
        proxy.softly(soft);
        return proxy;
    }

    /** An assertion that can pass its soft collector on to the assertions it returns. */
    interface SoftChain {
        void softly(SoftAssertionsProvider soft);
    }
}

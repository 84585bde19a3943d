package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.MigratestException;
import io.migratest.db.Engine;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** How a failure and a dynamic test come to carry their engine (pure logic; SurefireNamesTest runs it). */
class EngineNamesTest {

    @Test
    void a_failed_assertion_stays_a_failed_assertion_from_the_same_line_with_the_engine_in_front() {
        AssertionFailedError original = new AssertionFailedError("expected: 3 but was: 2", 3, 2);

        Throwable named = EngineNames.withEngine(original, Engine.MARIADB);

        assertThat(named).isInstanceOf(AssertionFailedError.class).hasMessage("[MARIADB] expected: 3 but was: 2")
                .hasCause(original);
        assertThat(((AssertionFailedError) named).getExpected().getValue()).isEqualTo(3);
        assertThat(((AssertionFailedError) named).getActual().getValue()).isEqualTo(2);
        assertThat(named.getStackTrace()).isEqualTo(original.getStackTrace());
    }

    @Test
    void any_assertion_error_and_a_skip_keep_their_kind_and_are_named_once() {
        Throwable failure = EngineNames.withEngine(new AssertionError("rows differ"), Engine.POSTGRES);
        Throwable skip = EngineNames.withEngine(new TestAbortedException("not verified"), Engine.MYSQL);

        assertThat(failure).isInstanceOf(AssertionError.class).hasMessage("[POSTGRES] rows differ");
        assertThat(skip).isInstanceOf(TestAbortedException.class).hasMessage("[MYSQL] not verified");
        assertThat(EngineNames.withEngine(skip, Engine.MYSQL)).isSameAs(skip);
        assertThat(EngineNames.withEngine(new AssertionError(), Engine.POSTGRES)).hasMessage("[POSTGRES]");
    }

    @Test
    void other_exceptions_keep_their_type_which_tests_and_users_match_on() {
        MigratestException error = new MigratestException("Migration V2__Add_price.sql failed on POSTGRES database x");

        assertThat(EngineNames.withEngine(error, Engine.POSTGRES)).isSameAs(error);
    }

    @Test
    void a_dynamic_test_gets_its_factory_and_engine_unless_its_name_has_them() {
        assertThat(EngineNames.testName("V2 Add price", "data survives", Engine.POSTGRES))
                .isEqualTo("data survives · V2 Add price [POSTGRES]");
        assertThat(EngineNames.testName("V2 Add price [POSTGRES]", "data survives", Engine.POSTGRES))
                .isEqualTo("data survives · V2 Add price [POSTGRES]");
        assertThat(EngineNames.testName("lock rehearsal [MYSQL]", "lock rehearsal", Engine.MYSQL))
                .isEqualTo("lock rehearsal [MYSQL]");
    }
}

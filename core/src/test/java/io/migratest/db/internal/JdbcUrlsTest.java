package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migratest.MigratestException;
import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void withDatabase_replaces_the_path_and_keeps_the_options() {
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://h:5432/postgres?ssl=true&a=b", "migratest_x_1"))
                .isEqualTo("jdbc:postgresql://h:5432/migratest_x_1?ssl=true&a=b");
        assertThat(JdbcUrls.withDatabase("jdbc:mariadb://127.0.0.1:3306/", "d")).isEqualTo("jdbc:mariadb://127.0.0.1:3306/d");
        assertThat(JdbcUrls.withDatabase("jdbc:mysql://h", "d")).isEqualTo("jdbc:mysql://h/d");
        assertThat(JdbcUrls.withDatabase("jdbc:mysql://h:3306?useSSL=false", "d")).isEqualTo("jdbc:mysql://h:3306/d?useSSL=false");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://a:1,b:2/app", "d")).isEqualTo("jdbc:postgresql://a:1,b:2/d");
    }

    @Test
    void withDatabase_refuses_a_url_without_hosts_and_masks_it() {
        assertThatThrownBy(() -> JdbcUrls.withDatabase("postgres:secret@h?password=hunter2", "d"))
                .isInstanceOf(MigratestException.class)
                .hasMessageContaining("expected jdbc:<driver>://")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void mask_hides_passwords_in_parameters_and_user_info() {
        assertThat(JdbcUrls.mask("jdbc:postgresql://h/db?user=u&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=****&ssl=true");
        assertThat(JdbcUrls.mask("jdbc:mysql://u:hunter2@h:3306/db")).isEqualTo("jdbc:mysql://u:****@h:3306/db");
        assertThat(JdbcUrls.mask("jdbc:sqlserver://h;user=u;Password=hunter2;x=1"))
                .isEqualTo("jdbc:sqlserver://h;user=u;Password=****;x=1");
    }

    @Test
    void scrub_removes_a_known_password_where_it_is_a_value() {
        assertThat(JdbcUrls.scrub("Access denied for user 'u' (using password: hunter2) at jdbc:x://h?pwd=abc", "hunter2"))
                .doesNotContain("hunter2", "abc")
                .contains("Access denied for user 'u'", "password: ****");
        assertThat(JdbcUrls.scrub("bad password 'hunter2' at jdbc:x://u:hunter2@h/db", "hunter2"))
                .isEqualTo("bad password '****' at jdbc:x://u:****@h/db");
        assertThat(JdbcUrls.scrub("nothing secret", "")).isEqualTo("nothing secret");
    }

    @Test
    void scrub_leaves_the_passwords_text_alone_where_it_is_not_a_value() {
        String message = "FATAL: password authentication failed for user \"postgres\" at jdbc:postgresql://h/postgres";
        assertThat(JdbcUrls.scrub(message, "postgres")).isEqualTo(message);
        assertThat(JdbcUrls.scrub("jdbc:postgresql://h/postgres?user=postgres&password=postgres", "postgres"))
                .isEqualTo("jdbc:postgresql://h/postgres?user=postgres&password=****");
        assertThat(JdbcUrls.scrub("password=postgresql", "postgres")).as("only the whole value")
                .isEqualTo("password=****");
    }

    @Test
    void withDefaultOptions_adds_only_what_the_url_does_not_set() {
        assertThat(JdbcUrls.withDefaultOptions("jdbc:mysql://h/d", "a=1&b=2")).isEqualTo("jdbc:mysql://h/d?a=1&b=2");
        assertThat(JdbcUrls.withDefaultOptions("jdbc:mysql://h/d?b=9", "a=1&b=2")).isEqualTo("jdbc:mysql://h/d?b=9&a=1");
        assertThat(JdbcUrls.withDefaultOptions("jdbc:mariadb://h/d", "")).isEqualTo("jdbc:mariadb://h/d");
    }

    @Test
    void run_ids_are_distinct_match_the_name_pattern_and_carry_their_start_time() {
        String first = RunId.next();
        String second = RunId.next();
        assertThat(first).isNotEqualTo(second).matches(RunId.FORMAT);
        assertThat(ManagedServer.DATABASE_NAME.matcher("migratest_" + first + "_12").matches()).isTrue();
        assertThat(RunId.startedAt(first)).hasValueSatisfying(started ->
                assertThat(started).isBetween(java.time.Instant.now().minusSeconds(5), java.time.Instant.now()));
        assertThat(RunId.startedAt("abc")).isEmpty();
    }
}

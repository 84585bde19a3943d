package io.migratest.check.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The server part of the volume rehearsal's measurement key: scheme, host and port, nothing a run changes. */
class ServerAddressTest {

    @Test
    void the_address_leaves_out_the_database_the_user_and_the_options() {
        assertThat(VerdictKey.serverAddress("jdbc:postgresql://127.0.0.1:5432/migratest_r1_4?user=postgres"))
                .isEqualTo("postgresql://127.0.0.1:5432");
        assertThat(VerdictKey.serverAddress("jdbc:mysql://root:secret@127.0.0.1:3307/migratest_r2_1"))
                .isEqualTo("mysql://127.0.0.1:3307");
        assertThat(VerdictKey.serverAddress("jdbc:mariadb://db.internal:3306/?allowLocalInfile=true"))
                .isEqualTo("mariadb://db.internal:3306");
    }

    @Test
    void another_port_is_another_server() {
        assertThat(VerdictKey.serverAddress("jdbc:mysql://127.0.0.1:49153/a"))
                .isNotEqualTo(VerdictKey.serverAddress("jdbc:mysql://127.0.0.1:49154/a"));
    }
}

package io.duckmirror.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmirror.config.Secret;
import io.duckmirror.config.Source;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SqlTest {
    @Test
    void quotesIdentifiersAndLiterals() {
        assertThat(Sql.quote("plain")).isEqualTo("\"plain\"");
        assertThat(Sql.quote("a \"b\"; DROP")).isEqualTo("\"a \"\"b\"\"; DROP\"");
        assertThat(Sql.qualified("db", "My Schema", "t")).isEqualTo("\"db\".\"My Schema\".\"t\"");
        assertThat(Sql.literal("it's")).isEqualTo("'it''s'");
    }

    @Test
    void theConnectionStringQuotesValuesAndLeavesThePasswordOut() {
        Source source = new Source(Optional.of("db.example"), OptionalInt.of(6543), Optional.of("sales db"),
                Optional.of("o'brien\\x"), Optional.of(new Secret("hunter2")), "require", Optional.empty());

        assertThat(source.connectionString()).isEqualTo("host='db.example' port='6543' dbname='sales db'"
                + " user='o\\'brien\\\\x' sslmode='require' application_name='duckmirror'");
        assertThat(source.toString()).doesNotContain("hunter2");
    }

    @Test
    void aStatementTimeoutReachesEveryConnectionThroughLibpqOptions() {
        Source source = new Source(Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), "prefer", Optional.of(java.time.Duration.ofMillis(1500)));

        assertThat(source.connectionString())
                .isEqualTo("sslmode='prefer' options='-c statement_timeout=1500' application_name='duckmirror'");
    }
}

package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A source that answers and refuses (the credentials, the role, the database, a pg_hba.conf rule,
 * the sslmode) is a configuration error: exit 2 at once, with MAX_RETRIES=5 not one retry, and the
 * one line names the setting to fix. A source that does not answer stays exit 3 (FaultsIT).
 */
class AuthErrorsIT {
    /** pg-sandbox's pg_hba.conf rejects this role by a rule of its own. */
    private static final String HBA_REJECTED = "duckmirror_hba_rejected";
    private static Fixture source;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSource() throws Exception {
        source = Fixture.create("auth_it", "targets.sql");
        source.execute("DROP ROLE IF EXISTS auth_it_nologin");
        source.execute("CREATE ROLE auth_it_nologin NOLOGIN PASSWORD '" + source.password + "'");
        source.execute("DROP ROLE IF EXISTS " + HBA_REJECTED);
        source.execute("CREATE ROLE " + HBA_REJECTED + " LOGIN PASSWORD '" + source.password + "'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            wrong password    | pg_PASSWORD | wrong-password-1234 | password authentication failed for user | check pg_PASSWORD or PGPASSWORD, and pg_USER or PGUSER
            no password       | pg_PASSWORD |                     | fe_sendauth: no password supplied       | set pg_PASSWORD or PGPASSWORD
            no such role      | pg_USER     | auth_it_nobody      | password authentication failed for user | pg_USER or PGUSER
            role cannot login | pg_USER     | auth_it_nologin     | is not permitted to log in              | check pg_USER or PGUSER
            no such database  | pg_DATABASE | auth_it_nosuchdb    | database "auth_it_nosuchdb" does not exist | check pg_DATABASE or PGDATABASE
            """)
    void aRefusingSourceIsExitTwoWithoutRetries(String what, String setting, String value, String reason, String fix) {
        var result = refused(source.app(dir.resolve("t.duckdb")).env(setting, value));

        assertThat(result.stderr().strip().lines().toList()).as(result.toString()).singleElement().asString()
                .startsWith("duckmirror: could not connect to the source ").contains(reason).endsWith(fix);
    }

    @Test
    void aPgHbaRejectionIsExitTwo() throws Exception {
        assumeTrue(!source.query("SELECT 1 FROM pg_hba_file_rules WHERE '" + HBA_REJECTED + "' = ANY(user_name)"
                + " AND auth_method = 'reject'").isEmpty(), "the server's pg_hba.conf rejects " + HBA_REJECTED
                        + " (scripts/pg-sandbox's does)");

        var result = refused(source.app(dir.resolve("t.duckdb")).env("pg_USER", HBA_REJECTED));

        assertThat(result.stderr().strip()).contains("pg_hba.conf rejects connection for host")
                .endsWith("the server's pg_hba.conf rejects this connection: check pg_HOST, pg_USER and pg_DATABASE"
                        + " (or their PG names), or ask its administrator");
    }

    @Test
    void anSslmodeTheServerRefusesIsExitTwo() throws Exception {
        assumeTrue(source.query("SHOW ssl").equals(List.of(List.of("off"))), "the server offers no SSL");

        var result = refused(source.app(dir.resolve("t.duckdb")).env("pg_SSLMODE", "require"));

        assertThat(result.stderr().strip()).contains("server does not support SSL, but SSL was required")
                .endsWith("the server does not offer SSL: check pg_SSLMODE or PGSSLMODE");
    }

    /** Run with attempts to spare: exit 2, one line, no retry, and no target created. */
    private Duckmirror.Result refused(Duckmirror app) {
        var result = app.env("MAX_RETRIES", "5").run("run");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).as(result.toString()).doesNotContain("TRANSIENT").doesNotContain("attempt");
        assertThat(result.stderr().strip().lines()).as(result.toString()).hasSize(1);
        assertThat(dir.resolve("t.duckdb")).as("nothing written").doesNotExist();
        return result;
    }
}

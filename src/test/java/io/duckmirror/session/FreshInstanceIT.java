package io.duckmirror.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.duckmirror.config.Settings;
import io.duckmirror.config.SettingsLoader;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The retry path (a session discarded after a transient failure, then a new one) on a URL that goes
 * through the driver's instance cache, with that instance kept alive meanwhile: what MotherDuck's
 * {@code dbinstance_inactivity_ttl} does to an {@code md:} instance. A named in-memory database is
 * such a URL here. Needs the test PostgreSQL (DUCKMIRROR_TEST_PG_*) for a real source attachment.
 */
class FreshInstanceIT {
    private static final String CACHED_URL = "jdbc:duckdb::memory:fresh_instance_it";
    private static Settings settings;

    @BeforeAll
    static void source() throws Exception {
        assumeThat(System.getenv("DUCKMIRROR_TEST_PG_HOST")).as("a test PostgreSQL").isNotNull();
        Map<String, String> values = new HashMap<>();
        values.put("pg_HOST", System.getenv("DUCKMIRROR_TEST_PG_HOST"));
        values.put("pg_PORT", System.getenv("DUCKMIRROR_TEST_PG_PORT"));
        values.put("pg_USER", System.getenv("DUCKMIRROR_TEST_PG_USER"));
        values.put("pg_DATABASE", "postgres");
        values.put("pg_SSLMODE", "disable");
        values.put("TARGET", Files.createTempDirectory("fresh").resolve("t.duckdb").toString());
        Optional.ofNullable(System.getenv("DUCKDB_EXTENSION_REPOSITORY"))
                .ifPresent(r -> values.put("DUCKDB_EXTENSION_REPOSITORY", r));
        settings = new SettingsLoader(ConfigProvider.getConfig()).load(values);
        ProcessEnvironment.set("PGPASSWORD", System.getenv("DUCKMIRROR_TEST_PG_PASSWORD"));
    }

    @Test
    void aSharedInstanceWouldHandTheRetryTheOldAttachment() {
        Session.Endpoint shared = new Session.Endpoint(CACHED_URL + "_shared", "duckmirror/test", true);
        try (Session lingering = Session.open(settings, shared); Connector connector = new Connector(settings, shared)) {
            connector.session();
            connector.discard();
            assertThatThrownBy(connector::session).isInstanceOf(UnreachableException.class)
                    .hasMessageContaining("already");
        }
    }

    @Test
    void eachRetryGetsAFreshInstanceAndSourceAttachment() throws SQLException {
        Session.Endpoint product = Session.Endpoint.of(settings.target(), "duckmirror/test");
        assertThat(product.shareInstance()).isFalse();
        Session.Endpoint cached = new Session.Endpoint(CACHED_URL, "duckmirror/test", false);
        Session.Endpoint keeperEndpoint = new Session.Endpoint(CACHED_URL, "duckmirror/test", true);
        try (Session lingering = Session.open(settings, keeperEndpoint);
                Connector connector = new Connector(settings, cached)) {
            lingering.attachSource();
            lingering.execute("CREATE TABLE memory.main.left_behind (x INTEGER)");
            for (int attempt = 1; attempt <= 3; attempt++) {
                Session session = connector.session();
                assertThat(count(session, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'left_behind'"))
                        .as("attempt %d sees the lingering instance's table", attempt).isZero();
                assertThat(count(session, "SELECT count(*) FROM pg.information_schema.schemata")).isPositive();
                connector.discard();
            }
        }
    }

    private static long count(Session session, String sql) throws SQLException {
        try (PreparedStatement statement = session.prepare(sql); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

}

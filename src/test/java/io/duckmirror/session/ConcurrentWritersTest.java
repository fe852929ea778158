package io.duckmirror.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmirror.config.Settings;
import io.duckmirror.config.SettingsLoader;
import io.duckmirror.execute.TableCopier;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;

/**
 * Workers starting together on one database (the fan-out's first run): connections of one real
 * DuckDB instance race {@code CREATE SCHEMA IF NOT EXISTS} and the audit table's CREATE/ALTER. The
 * losers' write-write conflicts must be transient, and the audit setup must pass under the retry policy.
 */
@QuarkusTest
@TestProfile(ConcurrentWritersTest.QuickRetries.class)
class ConcurrentWritersTest {
    private static final int WORKERS = 4;

    /** Many attempts, no waits: the race, not the backoff, is under test. */
    public static final class QuickRetries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("MAX_RETRIES", "50", "RETRY_BASE_SECONDS", "0");
        }
    }

    @Inject
    TableCopier copier;

    @Inject
    SettingsLoader loader;

    @Test
    void racingSchemaCreationsConflictAndTheConflictIsTransient() throws Exception {
        List<SQLException> failures = new ArrayList<>();
        // Rounds until the race is lost at least once; a bound against a machine that never loses it.
        for (int round = 0; round < 50 && failures.isEmpty(); round++) {
            String url = "jdbc:duckdb::memory:schemas" + round;
            try (Connection keeper = shared(url)) {
                failures.addAll(race(() -> shared(url), connection -> execute(connection, "CREATE SCHEMA IF NOT EXISTS s")));
            }
        }
        assertThat(failures).as("the race was lost at least once").isNotEmpty();
        assertThat(failures).allSatisfy(f -> {
            assertThat(Failures.firstLine(f)).contains("write-write conflict");
            assertThat(Failures.isTransient(f)).isTrue();
        });
    }

    @Test
    void racingAuditSetupsAllSucceedUnderTheRetryPolicy() throws Exception {
        Path dir = Files.createTempDirectory("race");
        for (int round = 0; round < 10; round++) {
            Settings settings = loader.load(Map.of("TARGET", dir.resolve("race" + round + ".duckdb").toString(),
                    "TARGET_DATABASE", "race"));
            // Connections of one cached instance, as many workers' on one MotherDuck database.
            Session.Endpoint endpoint = new Session.Endpoint("jdbc:duckdb::memory:audit" + round, "duckmirror/test", true);
            List<Connector> connectors = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                connectors.add(new Connector(settings, endpoint));
            }
            ConcurrentLinkedQueue<Connector> pool = new ConcurrentLinkedQueue<>(connectors);
            // Keeps the instance alive between the workers' connections, with their configuration.
            try (Session keeper = Session.open(settings, endpoint)) {
                List<Exception> failures = raceTasks(() -> {
                    copier.prepareAudit(pool.remove());
                    return null;
                });
                assertThat(failures).as("audit setups that failed despite retries").isEmpty();
                keeper.openTarget();
                try (var statement = keeper.prepare("SELECT count(*) FROM duckdb_columns()"
                        + " WHERE database_name = 'race' AND table_name = 'flight_tracker'");
                        ResultSet columns = statement.executeQuery()) {
                    columns.next();
                    assertThat(columns.getInt(1)).as("columns of the audit table").isEqualTo(17);
                }
            } finally {
                connectors.forEach(Connector::close);
            }
        }
    }

    interface Work {
        void run(Connection connection) throws SQLException;
    }

    interface Opener {
        Connection open() throws SQLException;
    }

    /** Each worker opens its connection, then all run the work at once; returns the SQL failures. */
    private static List<SQLException> race(Opener opener, Work work) throws Exception {
        List<SQLException> failures = new ArrayList<>();
        for (Exception e : raceTasks(() -> {
            try (Connection connection = opener.open()) {
                work.run(connection);
            }
            return null;
        })) {
            failures.add((SQLException) e);
        }
        return failures;
    }

    private static List<Exception> raceTasks(Callable<Void> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(WORKERS);
        ExecutorService executor = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                futures.add(executor.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            List<Exception> failures = new ArrayList<>();
            for (Future<Void> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add((Exception) e.getCause());
                }
            }
            return failures;
        } finally {
            executor.shutdown();
        }
    }

    /** A connection of the instance the driver caches under this URL. */
    private static Connection shared(String url) throws SQLException {
        return new DuckDBDriver().connect(url, new Properties());
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

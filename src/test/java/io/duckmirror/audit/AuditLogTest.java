package io.duckmirror.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmirror.TableRef;
import io.duckmirror.config.SettingsLoader;
import io.duckmirror.session.Connector;
import io.duckmirror.session.Session;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit table against a real DuckDB, in-process. */
class AuditLogTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    @TempDir
    Path dir;

    private Connector connector;
    private Session session;

    @BeforeEach
    void open() {
        var config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(
                Map.of("TARGET", dir.resolve("audit.duckdb").toString(), "TARGET_DATABASE", "mirror"), "test", 300)).build();
        connector = Connector.exportingCredentials(new SettingsLoader(config).load(Map.of()));
        session = connector.targetSession();
    }

    @AfterEach
    void close() {
        connector.close();
    }

    @Test
    void preparingTwiceKeepsTheRows() throws Exception {
        AuditLog.prepare(session);
        AuditLog.record(session, succeeded("r1", "orders", 10));
        AuditLog.prepare(session);

        assertThat(AuditLog.read(session, "r1")).hasSize(1);
    }

    @Test
    void aRecordedEntryReadsBackAsItWasWritten() throws Exception {
        AuditLog.prepare(session);
        AuditEntry failed = new AuditEntry("r1", new TableRef("s p", "t\"q"), "mirror", AuditEntry.Status.FAILED,
                OptionalLong.empty(), 3, T0, T0.plusMillis(1_500), Optional.of("permission denied"),
                List.of("a: numeric is read as DOUBLE", "b: x"), Optional.empty());
        AuditLog.record(session, failed);

        assertThat(AuditLog.read(session, "r1")).containsExactly(failed);
        assertThat(failed.durationMillis()).isEqualTo(1_500);
        // The reference's columns are filled as it filled them; timestamps are UTC.
        assertThat(query("SELECT flight_secret_name, destination_schema, destination_table, started_at::VARCHAR,"
                + " status, rows_loaded IS NULL, duration_ms FROM mirror.main.flight_tracker"))
                .containsExactly(List.of("pg", "s p", "t\"q", "2026-01-02 03:04:05.678", "failed", "true", "1500"));
    }

    @Test
    void withoutARunIdTheLatestRunIsRead() throws Exception {
        AuditLog.prepare(session);
        AuditLog.record(session, succeeded("older", "a", 1));
        AuditLog.record(session, succeeded("newer", "b", 2));
        // update_ts is the write time: set the older row's apart rather than wait for the clock.
        session.execute("UPDATE mirror.main.flight_tracker SET update_ts = update_ts - INTERVAL 1 HOUR"
                + " WHERE run_id = 'older'");

        assertThat(AuditLog.latestRun(session)).contains("newer");
        assertThat(AuditLog.read(session, "nope")).isEmpty();
    }

    /** A failure after a copy leaves that copy in place: it stays the table's last copy. */
    @Test
    void theLastCopyIsTheLatestRowThatSucceededOrFoundTheTableUnchanged() throws Exception {
        AuditLog.prepare(session);
        TableRef orders = new TableRef("public", "orders");
        AuditLog.record(session, entry("r1", orders, AuditEntry.Status.SUCCEEDED, 10, "fp-1"));
        AuditLog.record(session, entry("r2", orders, AuditEntry.Status.UNCHANGED, 10, "fp-1"));
        AuditLog.record(session, entry("r3", orders, AuditEntry.Status.FAILED, 0, null));
        AuditLog.record(session, entry("r1", new TableRef("public", "other"), AuditEntry.Status.SUCCEEDED, 4, null));
        // Apart by their write times, oldest first, rather than by waiting for the clock.
        session.execute("UPDATE mirror.main.flight_tracker SET update_ts = update_ts - INTERVAL (CASE run_id"
                + " WHEN 'r1' THEN 3 WHEN 'r2' THEN 2 ELSE 1 END) HOUR");

        assertThat(AuditLog.lastCopies(session)).containsExactlyInAnyOrderEntriesOf(Map.of(
                orders, new AuditLog.LastCopy("r2", OptionalLong.of(10), Optional.of("fp-1")),
                new TableRef("public", "other"), new AuditLog.LastCopy("r1", OptionalLong.of(4), Optional.empty())));
    }

    @Test
    void anEmptyTableHasNoLatestRun() throws Exception {
        AuditLog.prepare(session);

        assertThat(AuditLog.latestRun(session)).isEmpty();
    }

    /** A run that selected nothing has no table rows, only its events: it is still the latest run. */
    @Test
    void aRunWithOnlyEventsIsTheLatestWhenItIsNewer() throws Exception {
        AuditLog.prepare(session);
        AuditLog.record(session, succeeded("with-tables", "a", 1));
        session.execute("UPDATE mirror.main.flight_tracker SET update_ts = update_ts - INTERVAL 1 HOUR");
        RunLog.record(session, new RunLog.RunEvent("empty", "i1", RunLog.Event.STARTED, Set.of(), Optional.empty(),
                Instant.now()));

        assertThat(AuditLog.latestRun(session)).contains("empty");

        AuditLog.record(session, succeeded("later", "a", 1));
        assertThat(AuditLog.latestRun(session)).contains("later");
    }

    @Test
    void runEventsReadBackInOrderWithTheirTables() throws Exception {
        AuditLog.prepare(session);
        Set<TableRef> tables = Set.of(new TableRef("public", "a"), new TableRef("odd.schema", "b,c"));
        RunLog.RunEvent started = new RunLog.RunEvent("r1", "i1", RunLog.Event.STARTED, tables, Optional.empty(), T0);
        RunLog.RunEvent stopped = new RunLog.RunEvent("r1", "i1", RunLog.Event.INTERRUPTED,
                Set.of(new TableRef("public", "a")), Optional.of("why"), T0.plusSeconds(1));
        RunLog.record(session, stopped);
        RunLog.record(session, started);

        assertThat(RunLog.read(session, "r1")).containsExactly(started, stopped);
        assertThat(RunLog.read(session, "r2")).isEmpty();
    }

    private static AuditEntry entry(String run, TableRef table, AuditEntry.Status status, long rows, String fingerprint) {
        return new AuditEntry(run, table, "mirror", status, OptionalLong.of(rows), 1, T0, T0, Optional.empty(), List.of(),
                Optional.ofNullable(fingerprint));
    }

    private static AuditEntry succeeded(String run, String table, long rows) {
        return new AuditEntry(run, new TableRef("public", table), "mirror", AuditEntry.Status.SUCCEEDED,
                OptionalLong.of(rows), 1, T0, T0.plusSeconds(1), Optional.empty(), List.of(), Optional.empty());
    }

    private List<List<String>> query(String sql) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (var statement = session.prepare(sql); ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}

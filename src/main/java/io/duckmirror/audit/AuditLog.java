package io.duckmirror.audit;

import io.duckmirror.TableRef;
import io.duckmirror.session.Session;
import io.duckmirror.session.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The audit table {@code <target>.main.flight_tracker}: the reference flight's columns, so its existing
 * tables keep working, plus status, error and duration. Timestamps are UTC, whatever the machine's zone.
 */
public final class AuditLog {
    public static final String TABLE = "flight_tracker";
    /**
     * The audit tables' names in the target by {@link TableRef#duckdbKey()}: a source table with one of
     * these keys would overwrite it.
     */
    public static final Set<String> TABLE_KEYS = Set.of("main." + TABLE, "main." + RunLog.TABLE);
    /** The reference records which Flights secret held the source; duckmirror reads the same names. */
    private static final String SECRET_NAME = "pg";

    private static final String REFERENCE_COLUMNS = """
            run_id VARCHAR, flight_secret_name VARCHAR, source_schema VARCHAR, source_table VARCHAR,
            destination_database VARCHAR, destination_schema VARCHAR, destination_table VARCHAR,
            rows_loaded BIGINT, attempts INTEGER, started_at TIMESTAMP, finished_at TIMESTAMP,
            update_ts TIMESTAMP""";
    /** Added by duckmirror; added in place to a table the reference created. */
    private static final List<String> ADDED_COLUMNS = List.of("status VARCHAR", "error VARCHAR", "duration_ms BIGINT",
            "conversions VARCHAR", "fingerprint VARCHAR");

    private AuditLog() {
    }

    /** Creates the audit tables, or upgrades a flight_tracker the reference flight made. */
    public static void prepare(Session session) throws SQLException {
        String table = qualified(session);
        session.execute("CREATE TABLE IF NOT EXISTS " + table + " (" + REFERENCE_COLUMNS + ")");
        for (String column : ADDED_COLUMNS) {
            session.execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + column);
        }
        RunLog.prepare(session);
    }

    public static void record(Session session, AuditEntry entry) throws SQLException {
        String insert = "INSERT INTO " + qualified(session) + """
                 (run_id, flight_secret_name, source_schema, source_table, destination_database,
                  destination_schema, destination_table, rows_loaded, attempts, started_at, finished_at,
                  update_ts, status, error, duration_ms, conversions, fingerprint)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        try (PreparedStatement statement = session.prepare(insert)) {
            statement.setString(1, entry.runId());
            statement.setString(2, SECRET_NAME);
            statement.setString(3, entry.table().schema());
            statement.setString(4, entry.table().table());
            statement.setString(5, entry.destinationDatabase());
            statement.setString(6, entry.table().schema());
            statement.setString(7, entry.table().table());
            if (entry.rows().isPresent()) {
                statement.setLong(8, entry.rows().getAsLong());
            } else {
                statement.setNull(8, Types.BIGINT);
            }
            statement.setInt(9, entry.attempts());
            statement.setObject(10, utc(entry.started()));
            statement.setObject(11, utc(entry.finished()));
            statement.setObject(12, utc(Instant.now()));
            statement.setString(13, entry.status().label());
            statement.setString(14, entry.error().orElse(null));
            statement.setLong(15, entry.durationMillis());
            statement.setString(16, entry.conversions().isEmpty() ? null : String.join("; ", entry.conversions()));
            statement.setString(17, entry.fingerprint().orElse(null));
            statement.executeUpdate();
        }
    }

    /** Whether the target has the audit table yet: not before the first run's first row. */
    public static boolean exists(Session session) throws SQLException {
        return exists(session, TABLE);
    }

    static boolean exists(Session session, String table) throws SQLException {
        try (PreparedStatement statement = session.prepare("SELECT count(*) FROM information_schema.tables"
                + " WHERE table_catalog = ? AND table_schema = 'main' AND table_name = ?")) {
            statement.setString(1, session.targetDatabase());
            statement.setString(2, table);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }

    /** The run's rows, in table order and, per table, in the order they were written; none when it has none. */
    public static List<AuditEntry> read(Session session, String runId) throws SQLException {
        if (!exists(session)) {
            return List.of();
        }
        String table = qualified(session);
        String query = "SELECT run_id, source_schema, source_table, destination_database, status, rows_loaded,"
                + " attempts, started_at, finished_at, error, conversions FROM " + table
                + " WHERE run_id = ? ORDER BY source_schema, source_table, update_ts";
        List<AuditEntry> entries = new ArrayList<>();
        try (PreparedStatement statement = session.prepare(query)) {
            statement.setString(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long loaded = rows.getLong(6);
                    OptionalLong rowsLoaded = rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(loaded);
                    entries.add(new AuditEntry(
                            rows.getString(1),
                            new TableRef(rows.getString(2), rows.getString(3)),
                            rows.getString(4),
                            AuditEntry.Status.fromLabel(rows.getString(5)),
                            rowsLoaded,
                            rows.getInt(7),
                            instant(rows.getObject(8, LocalDateTime.class)),
                            instant(rows.getObject(9, LocalDateTime.class)),
                            Optional.ofNullable(rows.getString(10)),
                            rows.getString(11) == null ? List.of() : List.of(rows.getString(11).split("; ")),
                            Optional.empty()));
                }
            }
        }
        return entries;
    }

    /** A table's last copy that left it as the run meant: copied, or found unchanged. */
    public record LastCopy(String runId, OptionalLong rows, Optional<String> fingerprint) {
    }

    /**
     * Each table's last copy, by the audit rows: the latest that succeeded or found it unchanged. A later
     * failure left the copy in place, since each copy replaces its table atomically or not at all.
     */
    public static Map<TableRef, LastCopy> lastCopies(Session session) throws SQLException {
        if (!exists(session) || !hasColumn(session, "fingerprint")) {
            return Map.of();
        }
        String query = "SELECT source_schema, source_table, run_id, rows_loaded, fingerprint FROM " + qualified(session)
                + " WHERE coalesce(status, 'succeeded') IN ('succeeded', 'unchanged')"
                + " QUALIFY row_number() OVER (PARTITION BY source_schema, source_table ORDER BY update_ts DESC) = 1";
        Map<TableRef, LastCopy> copies = new HashMap<>();
        try (PreparedStatement statement = session.prepare(query); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                long loaded = rows.getLong(4);
                copies.put(new TableRef(rows.getString(1), rows.getString(2)), new LastCopy(rows.getString(3),
                        rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(loaded),
                        Optional.ofNullable(rows.getString(5))));
            }
        }
        return copies;
    }

    /** Whether the audit table has this column: one the reference flight made, not yet upgraded by a run, has not. */
    private static boolean hasColumn(Session session, String column) throws SQLException {
        try (PreparedStatement statement = session.prepare("SELECT count(*) FROM information_schema.columns"
                + " WHERE table_catalog = ? AND table_schema = 'main' AND table_name = ? AND column_name = ?")) {
            statement.setString(1, session.targetDatabase());
            statement.setString(2, TABLE);
            statement.setString(3, column);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }

    /**
     * The latest run, by its last row here or in {@link RunLog}: a run that selected nothing has rows
     * only there, one from before duckmirror kept that table only here.
     */
    static Optional<String> latestRun(Session session) throws SQLException {
        Optional<Latest> byRows = latestIn(session, TABLE, "update_ts");
        Optional<Latest> byEvents = latestIn(session, RunLog.TABLE, "event_ts");
        if (byEvents.isPresent() && byRows.isPresent()) {
            return Optional.of(byEvents.get().at().isBefore(byRows.get().at()) ? byRows.get().runId()
                    : byEvents.get().runId());
        }
        return byEvents.or(() -> byRows).map(Latest::runId);
    }

    /** A run, and the time of its last row in one table. */
    private record Latest(String runId, Instant at) {
    }

    private static Optional<Latest> latestIn(Session session, String table, String timestamp) throws SQLException {
        if (!exists(session, table)) {
            return Optional.empty();
        }
        try (PreparedStatement statement = session.prepare("SELECT run_id, max(" + timestamp + ") FROM "
                + Sql.qualified(session.targetDatabase(), "main", table) + " GROUP BY run_id ORDER BY 2 DESC LIMIT 1");
                ResultSet rows = statement.executeQuery()) {
            return rows.next()
                    ? Optional.of(new Latest(rows.getString(1), instant(rows.getObject(2, LocalDateTime.class))))
                    : Optional.empty();
        }
    }

    /** The audit table's name in the target, for messages. */
    public static String describe(String targetDatabase) {
        return targetDatabase + ".main." + TABLE;
    }

    /** The audit table in SQL, for queries elsewhere that read it. */
    public static String qualified(Session session) {
        return Sql.qualified(session.targetDatabase(), "main", TABLE);
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime utc) {
        return utc == null ? Instant.EPOCH : utc.toInstant(ZoneOffset.UTC);
    }
}

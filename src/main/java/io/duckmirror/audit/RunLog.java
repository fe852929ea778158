package io.duckmirror.audit;

import io.duckmirror.TableRef;
import io.duckmirror.config.NameList;
import io.duckmirror.session.Session;
import io.duckmirror.session.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The table {@code <target>.main.duckmirror_runs}: what each invocation of a run set out to do and how
 * it ended, one row per event, appended only. flight_tracker has a row per table outcome, so it cannot
 * tell a run that selected nothing, nor the tables a killed or stopped task never reached: these rows
 * can.
 */
public final class RunLog {
    public static final String TABLE = "duckmirror_runs";

    public enum Event {
        /** The invocation planned these tables and starts copying them. */
        STARTED,
        /** It ended; each table's outcome is in flight_tracker. */
        FINISHED,
        /** A signal stopped it while copying these tables. */
        INTERRUPTED,
        /** It refused to copy these tables, which it was asked for (execute, exit 2). */
        REFUSED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param invocation one process's id: the tasks of a fanned-out run share the run id, not this
     */
    public record RunEvent(String runId, String invocation, Event event, Set<TableRef> tables, Optional<String> detail,
            Instant at) {
        public RunEvent {
            tables = Set.copyOf(tables);
        }
    }

    private RunLog() {
    }

    static void prepare(Session session) throws SQLException {
        session.execute("CREATE TABLE IF NOT EXISTS " + qualified(session)
                + " (run_id VARCHAR, invocation VARCHAR, event VARCHAR, tables VARCHAR, detail VARCHAR, event_ts TIMESTAMP)");
    }

    public static void record(Session session, RunEvent event) throws SQLException {
        try (PreparedStatement statement = session.prepare("INSERT INTO " + qualified(session)
                + " (run_id, invocation, event, tables, detail, event_ts) VALUES (?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, event.runId());
            statement.setString(2, event.invocation());
            statement.setString(3, event.event().label());
            statement.setString(4, NameList.format(event.tables().stream().sorted().toList()));
            statement.setString(5, event.detail().orElse(null));
            statement.setObject(6, LocalDateTime.ofInstant(event.at(), ZoneOffset.UTC));
            statement.executeUpdate();
        }
    }

    /** The run's events in the order they happened; none when the table does not exist yet. */
    static List<RunEvent> read(Session session, String runId) throws SQLException {
        List<RunEvent> events = new ArrayList<>();
        if (!exists(session)) {
            return events;
        }
        try (PreparedStatement statement = session.prepare("SELECT invocation, event, tables, detail, event_ts FROM "
                + qualified(session) + " WHERE run_id = ? ORDER BY event_ts")) {
            statement.setString(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    events.add(new RunEvent(runId, rows.getString(1),
                            Event.valueOf(rows.getString(2).toUpperCase(Locale.ROOT)),
                            NameList.tables(TABLE, rows.getString(3)), Optional.ofNullable(rows.getString(4)),
                            rows.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC)));
                }
            }
        }
        return events;
    }

    private static boolean exists(Session session) throws SQLException {
        return AuditLog.exists(session, TABLE);
    }

    private static String qualified(Session session) {
        return Sql.qualified(session.targetDatabase(), "main", TABLE);
    }
}

package io.duckmirror.audit;

import io.duckmirror.TableRef;
import io.duckmirror.config.ConfigurationException;
import io.duckmirror.config.Settings;
import io.duckmirror.session.Connector;
import io.duckmirror.session.Failures;
import io.duckmirror.session.Session;
import io.duckmirror.session.UnreachableException;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Reads a recorded run back from the target's audit tables, for {@code audit}. */
public final class AuditReader {
    private AuditReader() {
    }

    /**
     * The run the settings name (DUCKMIRROR_RUN_ID, --run-id), or the latest run: every table it
     * touched.
     *
     * @throws ConfigurationException when there is no such run, or no target to read
     * @throws UnreachableException when the target cannot be read
     */
    public static RunAudit read(Settings settings) {
        // Opening a missing DuckDB file would create it: report it instead.
        if (settings.target().missing()) {
            throw new ConfigurationException("TARGET", "no DuckDB file at " + settings.target().describe());
        }
        String table = AuditLog.describe(settings.targetDatabase());
        return withTarget(settings, session -> {
            Optional<String> runId = settings.runId().isPresent() ? settings.runId() : AuditLog.latestRun(session);
            if (runId.isEmpty()) {
                throw new ConfigurationException("TARGET", "no run recorded in " + table);
            }
            List<AuditEntry> rows = AuditLog.read(session, runId.get());
            List<RunLog.RunEvent> events = RunLog.read(session, runId.get());
            if (rows.isEmpty() && events.isEmpty()) {
                throw new ConfigurationException("--run-id", "no run " + runId.get() + " in " + table);
            }
            return RunAudit.of(runId.get(), rows, events);
        });
    }

    /**
     * The run the settings name held against the tables its plan expected: the gate at the end of a
     * fan-out. No target file or audit table yet means that no task wrote a row: every table is missing.
     *
     * @throws ConfigurationException when the settings name no run
     */
    public static RunAudit gate(Settings settings, String option, Collection<TableRef> planned) {
        String runId = settings.runId().orElseThrow(() -> new ConfigurationException(option,
                "needs the run to check: give --run-id or DUCKMIRROR_RUN_ID"));
        if (settings.target().missing()) {
            return RunAudit.of(runId, planned, List.of(), List.of());
        }
        return withTarget(settings,
                session -> RunAudit.of(runId, planned, AuditLog.read(session, runId), RunLog.read(session, runId)));
    }

    private interface Read<T> {
        T from(Session session) throws SQLException;
    }

    private static <T> T withTarget(Settings settings, Read<T> read) {
        try (Connector connector = Connector.exportingCredentials(settings)) {
            return read.from(connector.targetSession());
        } catch (SQLException e) {
            throw new UnreachableException("could not read " + AuditLog.describe(settings.targetDatabase()) + ": "
                    + Failures.redactedLine(e, settings), false, e);
        }
    }
}

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a recorded run back from the target's audit table, for {@code audit}. */
public final class AuditReader {
    private AuditReader() {
    }

    /**
     * The run the settings name (DUCKMIRROR_RUN_ID, --run-id), or the latest run.
     *
     * @throws ConfigurationException when there is no such run, or no target to read
     * @throws UnreachableException when the target cannot be read
     */
    public static AuditReport read(Settings settings) {
        // Opening a missing DuckDB file would create it: report it instead.
        if (settings.target().missing()) {
            throw new ConfigurationException("TARGET", "no DuckDB file at " + settings.target().describe());
        }
        Optional<String> runId = settings.runId();
        String table = AuditLog.describe(settings.targetDatabase());
        List<AuditEntry> entries = entries(settings, runId);
        if (entries.isEmpty()) {
            throw runId.isPresent()
                    ? new ConfigurationException("--run-id", "no run " + runId.get() + " in " + table)
                    : new ConfigurationException("TARGET", "no run recorded in " + table);
        }
        return new AuditReport(entries.getFirst().runId(), entries);
    }

    /**
     * The run the settings name held against the tables its plan expected: the gate at the end of a
     * fan-out. No target file or audit table yet means that no task wrote a row: every table is missing.
     *
     * @throws ConfigurationException when the settings name no run
     */
    public static GateReport gate(Settings settings, String option, Collection<TableRef> planned) {
        String runId = settings.runId().orElseThrow(() -> new ConfigurationException(option,
                "needs the run to check: give --run-id or DUCKMIRROR_RUN_ID"));
        Map<TableRef, AuditEntry> latest = new LinkedHashMap<>();
        if (!settings.target().missing()) {
            // Rows come in update order within a table: a task retried by the orchestrator counts as its last row.
            entries(settings, Optional.of(runId)).forEach(e -> latest.put(e.table(), e));
        }
        List<TableRef> ordered = planned.stream().sorted().distinct().toList();
        return new GateReport(runId,
                ordered.stream().filter(latest::containsKey).map(latest::get).toList(),
                ordered.stream().filter(t -> !latest.containsKey(t)).toList());
    }

    /** The run's rows; none when no run has created the audit table yet. */
    private static List<AuditEntry> entries(Settings settings, Optional<String> runId) {
        try (Connector connector = Connector.exportingCredentials(settings)) {
            Session session = connector.targetSession();
            return AuditLog.exists(session) ? AuditLog.read(session, runId) : List.of();
        } catch (SQLException e) {
            throw new UnreachableException("could not read " + AuditLog.describe(settings.targetDatabase()) + ": "
                    + Failures.redactedLine(e, settings), false, e);
        }
    }
}

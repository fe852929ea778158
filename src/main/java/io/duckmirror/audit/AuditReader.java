package io.duckmirror.audit;

import io.duckmirror.config.ConfigurationException;
import io.duckmirror.config.Settings;
import io.duckmirror.config.Target;
import io.duckmirror.session.Connector;
import io.duckmirror.session.Failures;
import io.duckmirror.session.UnreachableException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Reads a recorded run back from the target's audit table, for {@code audit}. */
public final class AuditReader {
    private AuditReader() {
    }

    /**
     * The run with this id, or the latest run.
     *
     * @throws ConfigurationException when there is no such run, or no target to read
     * @throws UnreachableException when the target cannot be read
     */
    public static AuditReport read(Settings settings, Optional<String> runId) {
        // Opening a missing DuckDB file would create it: report it instead.
        if (settings.target() instanceof Target.LocalFile file && !Files.exists(file.path())) {
            throw new ConfigurationException("TARGET", "no DuckDB file at " + file.path());
        }
        String table = AuditLog.describe(settings.targetDatabase());
        List<AuditEntry> entries;
        try (Connector connector = Connector.exportingCredentials(settings)) {
            entries = AuditLog.read(connector.targetSession(), runId);
        } catch (SQLException e) {
            throw new UnreachableException("could not read " + table + ": " + settings.redact(Failures.firstLine(e)),
                    false, e);
        }
        if (entries.isEmpty()) {
            throw runId.isPresent()
                    ? new ConfigurationException("--run-id", "no run " + runId.get() + " in " + table)
                    : new ConfigurationException("TARGET", "no run recorded in " + table);
        }
        return new AuditReport(entries.getFirst().runId(), entries);
    }
}

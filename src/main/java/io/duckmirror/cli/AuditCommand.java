package io.duckmirror.cli;

import io.duckmirror.audit.AuditEntry;
import io.duckmirror.audit.AuditLog;
import io.duckmirror.config.ConfigurationException;
import io.duckmirror.config.SettingsLoader;
import io.duckmirror.config.Target;
import io.duckmirror.session.Connector;
import io.duckmirror.session.Failures;
import io.duckmirror.session.UnreachableException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Report a run from the audit table (the latest by default); exit 1 if any table in it failed.")
public class AuditCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--run-id", paramLabel = "ID", description = "The run to report (default: the latest).")
    String runId;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final SettingsLoader loader;

    public AuditCommand(SettingsLoader loader) {
        this.loader = loader;
    }

    @Override
    public Integer call() {
        var settings = loader.load(config.overrides());
        // Opening a missing DuckDB file would create it: report it instead.
        if (settings.target() instanceof Target.LocalFile file && !Files.exists(file.path())) {
            throw new ConfigurationException("TARGET", "no DuckDB file at " + file.path());
        }
        List<AuditEntry> entries;
        try (Connector connector = Connector.exportingCredentials(settings)) {
            entries = AuditLog.read(connector.targetSession(), Optional.ofNullable(runId));
        } catch (SQLException e) {
            throw new UnreachableException("could not read " + settings.targetDatabase() + ".main." + AuditLog.TABLE
                    + ": " + settings.redact(Failures.firstLine(e)), false, e);
        }
        if (entries.isEmpty()) {
            throw new ConfigurationException(runId != null ? "--run-id" : "TARGET", runId != null
                    ? "no run " + runId + " in " + settings.targetDatabase() + ".main." + AuditLog.TABLE
                    : "no run recorded in " + settings.targetDatabase() + ".main." + AuditLog.TABLE);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? json(entries) : text(entries));
        out.flush();
        return entries.stream().anyMatch(e -> e.status() == AuditEntry.Status.FAILED) ? 1 : 0;
    }

    private static String text(List<AuditEntry> entries) {
        int width = Math.max(5, entries.stream().mapToInt(e -> e.table().toString().length()).max().orElse(0));
        String row = "%-9s %-" + width + "s %12s %8s %9s  %s%n";
        StringBuilder out = new StringBuilder("run " + entries.getFirst().runId() + "\n");
        out.append(row.formatted("STATUS", "TABLE", "ROWS", "ATTEMPTS", "SECONDS", "ERROR"));
        for (AuditEntry e : entries) {
            out.append(row.formatted(e.status().label(), e.table(),
                    e.rows().isPresent() ? Long.toString(e.rows().getAsLong()) : "-", e.attempts(),
                    "%.1f".formatted(e.durationMillis() / 1000.0), e.error().orElse("")));
        }
        long failed = entries.stream().filter(e -> e.status() == AuditEntry.Status.FAILED).count();
        out.append("%d table(s), %d failed%n".formatted(entries.size(), failed));
        return out.toString();
    }

    private static String json(List<AuditEntry> entries) {
        return entries.stream().map(e -> "{\"run_id\": " + Json.string(e.runId())
                        + ", \"schema\": " + Json.string(e.table().schema())
                        + ", \"table\": " + Json.string(e.table().table())
                        + ", \"status\": " + Json.string(e.status().label())
                        + ", \"rows\": " + (e.rows().isPresent() ? e.rows().getAsLong() : "null")
                        + ", \"attempts\": " + e.attempts()
                        + ", \"duration_ms\": " + e.durationMillis()
                        + ", \"error\": " + e.error().map(Json::string).orElse("null") + "}")
                .collect(Collectors.joining(",\n  ", "[\n  ", "\n]\n"));
    }
}

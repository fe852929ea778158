package io.duckmirror.cli;

import io.duckmirror.audit.AuditEntry;
import io.duckmirror.audit.AuditReader;
import io.duckmirror.audit.AuditReport;
import io.duckmirror.config.SettingsLoader;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
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

    @Option(names = "--json", description = "Print JSON on one line: an array with one object per table.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final SettingsLoader loader;

    public AuditCommand(SettingsLoader loader) {
        this.loader = loader;
    }

    /** One table's row in {@code audit --json}. */
    @RegisterForReflection
    record EntryJson(String runId, String schema, String table, String status, OptionalLong rows, int attempts,
            long durationMs, Optional<String> error) {
        static EntryJson of(AuditEntry e) {
            return new EntryJson(e.runId(), e.table().schema(), e.table().table(), e.status().label(), e.rows(),
                    e.attempts(), e.durationMillis(), e.error());
        }
    }

    @Override
    public Integer call() {
        AuditReport report = AuditReader.read(loader.load(config.overrides()), Optional.ofNullable(runId));
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? JsonOutput.of(report.entries().stream().map(EntryJson::of).toList()) + "\n" : text(report));
        out.flush();
        return report.exitCode().code();
    }

    private static String text(AuditReport report) {
        int width = Math.max(5, report.entries().stream().mapToInt(e -> e.table().toString().length()).max().orElse(0));
        String row = "%-9s %-" + width + "s %12s %8s %9s  %s%n";
        StringBuilder out = new StringBuilder("run " + report.runId() + "\n");
        out.append(row.formatted("STATUS", "TABLE", "ROWS", "ATTEMPTS", "SECONDS", "ERROR"));
        for (AuditEntry e : report.entries()) {
            out.append(row.formatted(e.status().label(), e.table(),
                    e.rows().isPresent() ? Long.toString(e.rows().getAsLong()) : "-", e.attempts(),
                    "%.1f".formatted(e.durationMillis() / 1000.0), e.error().orElse("")));
        }
        out.append("%d table(s), %d failed%n".formatted(report.entries().size(), report.failed()));
        return out.toString();
    }
}

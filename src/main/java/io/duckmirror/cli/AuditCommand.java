package io.duckmirror.cli;

import io.duckmirror.TableRef;
import io.duckmirror.audit.AuditEntry;
import io.duckmirror.audit.AuditReader;
import io.duckmirror.audit.AuditReport;
import io.duckmirror.audit.GateReport;
import io.duckmirror.config.Settings;
import io.duckmirror.config.SettingsLoader;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true, description = {
        "Report a run from the audit table (the latest by default); exit 1 if any table in it failed.",
        "With --expect, the gate at the end of a fan-out: exit 1 unless every table of the plan succeeded in the run." })
public class AuditCommand implements Callable<Integer> {
    private static final String MISSING = "missing";
    private static final String NO_ROW = "no row in the run: its task was killed or never ran";

    @Mixin
    ConfigOptions config;

    @Option(names = "--run-id", paramLabel = "ID", description = "The run to report (DUCKMIRROR_RUN_ID; default: the latest).")
    String runId;

    @Option(names = "--expect", paramLabel = "PLAN_FILE", description = "The file 'plan --tasks' wrote: every table in it must have succeeded in the run.")
    Path expect;

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
        Settings settings = loader.load(RunIdOption.over(config.overrides(), runId));
        PrintWriter out = spec.commandLine().getOut();
        if (expect != null) {
            GateReport gate = AuditReader.gate(settings, "--expect", TaskList.readTables("--expect", expect));
            out.print(json ? JsonOutput.of(gateJson(gate)) + "\n" : text(gate));
            out.flush();
            gate.shortfall().ifPresent(line -> ErrorHandler.report(spec.commandLine(), "duckmirror: " + line));
            return gate.exitCode().code();
        }
        AuditReport report = AuditReader.read(settings);
        out.print(json ? JsonOutput.of(report.entries().stream().map(EntryJson::of).toList()) + "\n" : text(report));
        out.flush();
        return report.exitCode().code();
    }

    /** The gate's rows: each planned table's last row in the run, and a "missing" row for each without one. */
    private static List<EntryJson> gateJson(GateReport gate) {
        return Stream.concat(gate.latest().stream().map(EntryJson::of), gate.missing().stream()
                .map(t -> new EntryJson(gate.runId(), t.schema(), t.table(), MISSING, OptionalLong.empty(), 0, 0,
                        Optional.of(NO_ROW))))
                .toList();
    }

    private static String text(GateReport gate) {
        if (gate.planned() == 0) {
            return "run " + gate.runId() + ": nothing to mirror (the plan is empty)\n";
        }
        StringBuilder out = new StringBuilder(table(gate.runId(), gate.latest(), gate.missing()));
        out.append("%d planned, %d succeeded, %d failed, %d missing%n".formatted(gate.planned(), gate.succeeded(),
                gate.failed().size(), gate.missing().size()));
        return out.toString();
    }

    private static String text(AuditReport report) {
        return table(report.runId(), report.entries(), List.of())
                + "%d table(s), %d failed%n".formatted(report.entries().size(), report.failed());
    }

    private static String table(String runId, List<AuditEntry> entries, List<TableRef> missing) {
        int width = Math.max(5, Stream.concat(entries.stream().map(AuditEntry::table), missing.stream())
                .mapToInt(t -> t.toString().length()).max().orElse(0));
        String row = "%-9s %-" + width + "s %12s %8s %9s  %s%n";
        StringBuilder out = new StringBuilder("run " + runId + "\n");
        out.append(row.formatted("STATUS", "TABLE", "ROWS", "ATTEMPTS", "SECONDS", "ERROR"));
        for (AuditEntry e : entries) {
            out.append(row.formatted(e.status().label(), e.table(),
                    e.rows().isPresent() ? Long.toString(e.rows().getAsLong()) : "-", e.attempts(),
                    "%.1f".formatted(e.durationMillis() / 1000.0), e.error().orElse("")));
        }
        missing.forEach(t -> out.append(row.formatted(MISSING, t, "-", "-", "-", NO_ROW)));
        return out.toString();
    }
}

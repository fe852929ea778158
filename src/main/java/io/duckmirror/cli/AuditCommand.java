package io.duckmirror.cli;

import io.duckmirror.audit.AuditReader;
import io.duckmirror.audit.RunAudit;
import io.duckmirror.config.NameList;
import io.duckmirror.config.Settings;
import io.duckmirror.config.SettingsLoader;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true, description = {
        "Report a run from the audit tables (the latest by default), each table's latest outcome in it;"
                + " exit 1 if any table in it failed or never finished.",
        "With --expect, the gate at the end of a fan-out: exit 1 unless every table of the plan succeeded (or was skipped)"
                + " in the run." })
public class AuditCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Option(names = "--run-id", paramLabel = "ID", description = "The run to report (DUCKMIRROR_RUN_ID; default: the latest).")
    String runId;

    @Option(names = "--expect", paramLabel = "PLAN_FILE", description = "The file 'plan --tasks' wrote: every table in it must have succeeded (or been skipped) in the run.")
    Path expect;

    @Option(names = "--json", description = "Print JSON on one line: an array with one object per table.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final SettingsLoader loader;

    public AuditCommand(SettingsLoader loader) {
        this.loader = loader;
    }

    /**
     * One table's line in {@code audit --json}.
     *
     * @param attempts the latest row's attempts; {@code attemptsInRun}: those of all its rows in the run
     */
    @RegisterForReflection
    record EntryJson(String runId, String schema, String table, String status, OptionalLong rows, int attempts,
            int attemptsInRun, long durationMs, Optional<String> error, List<String> conversions) {
        static EntryJson of(String runId, RunAudit.TableAudit audit) {
            return switch (audit) {
                case RunAudit.Recorded r -> new EntryJson(runId, r.table().schema(), r.table().table(), r.label(),
                        r.latest().rows(), r.latest().attempts(), r.attemptsInRun(), r.latest().durationMillis(),
                        r.latest().error(), r.latest().conversions());
                case RunAudit.Unrecorded u -> new EntryJson(runId, u.table().schema(), u.table().table(), u.label(),
                        OptionalLong.empty(), 0, 0, 0, Optional.of(u.reason()), List.of());
            };
        }
    }

    @Override
    public Integer call() {
        Settings settings = loader.load(RunIdOption.over(target.addTo(new HashMap<>()), runId));
        RunAudit run = expect != null
                ? AuditReader.gate(settings, "--expect", TaskList.readTables("--expect", expect))
                : AuditReader.read(settings);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? JsonOutput.of(run.tables().stream().map(t -> EntryJson.of(run.runId(), t)).toList()) + "\n"
                : text(run, expect != null));
        out.flush();
        if (expect != null && !run.shortfall().isEmpty()) {
            ErrorHandler.report(spec.commandLine(), "duckmirror: run " + run.runId() + ": " + run.shortfall().size()
                    + " of " + run.tables().size() + " planned table(s) not mirrored: " + run.shortfall().stream()
                            .map(t -> NameList.format(t.table()) + " (" + t.label()
                                    + (t instanceof RunAudit.Unrecorded u ? ": " + u.reason() : "") + ")")
                            .collect(Collectors.joining(", ")));
        }
        return run.exitCode().code();
    }

    private static String text(RunAudit run, boolean gate) {
        if (run.tables().isEmpty()) {
            return "run " + run.runId() + ": 0 tables (" + (gate ? "the plan is empty" : "it selected nothing") + ")\n";
        }
        int width = Math.max(5, run.tables().stream().mapToInt(t -> NameList.format(t.table()).length()).max()
                .orElse(0));
        String row = "%-11s %-" + width + "s %12s %10s %9s  %s%n";
        StringBuilder out = new StringBuilder("run " + run.runId() + "\n");
        out.append(row.formatted("STATUS", "TABLE", "ROWS", "ATTEMPTS", "SECONDS", "ERROR"));
        for (RunAudit.TableAudit audit : run.tables()) {
            String name = NameList.format(audit.table());
            switch (audit) {
                case RunAudit.Recorded r -> {
                    var e = r.latest();
                    // A task tried again in the same run: its earlier rows' attempts count too.
                    String attempts = r.attemptsInRun() == e.attempts() ? Integer.toString(e.attempts())
                            : r.attemptsInRun() + " (" + e.attempts() + " last)";
                    out.append(row.formatted(r.label(), name,
                            e.rows().isPresent() ? Long.toString(e.rows().getAsLong()) : "-", attempts,
                            "%.1f".formatted(e.durationMillis() / 1000.0), e.error().orElse("")));
                    e.conversions().forEach(c -> out.append(row.formatted("", "", "", "", "", "converted " + c)));
                }
                case RunAudit.Unrecorded u -> out.append(row.formatted(u.label(), name, "-", "-", "-", u.reason()));
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        List.of("succeeded", "failed").forEach(l -> counts.put(l, 0L));
        if (gate) {
            counts.put(RunAudit.MISSING, 0L);
        }
        run.counts().forEach(counts::put);
        out.append("%d %s: %s%n".formatted(run.tables().size(), gate ? "planned" : "table(s)", counts.entrySet().stream()
                .map(c -> c.getValue() + " " + c.getKey()).collect(Collectors.joining(", "))));
        return out.toString();
    }
}

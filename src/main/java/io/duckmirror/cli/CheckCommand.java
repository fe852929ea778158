package io.duckmirror.cli;

import io.duckmirror.ExitCode;
import io.duckmirror.config.SettingsLoader;
import io.duckmirror.config.SnapshotMode;
import io.duckmirror.execute.ConsistentCopier;
import io.duckmirror.plan.Plan;
import io.duckmirror.plan.Planner;
import io.duckmirror.session.Connector;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true, description = "Preflight: configuration valid (exit 2 on a variable that looks meant as a setting but is none), target writable (a commit's write-ahead log creatable), extension loadable, source reachable (tried once). Creates and moves nothing.")
public class CheckCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    private final SettingsLoader loader;
    private final Planner planner;
    private final ConsistentCopier consistent;

    public CheckCommand(SettingsLoader loader, Planner planner, ConsistentCopier consistent) {
        this.loader = loader;
        this.planner = planner;
        this.consistent = consistent;
    }

    /** Each step throws, with its exit code, when it fails; the lines printed so far show how far it got. */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var settings = loader.load(config.overrides());
        List<String> unknown = loader.unknownSettings();
        out.println(unknown.isEmpty() ? "ok  configuration" : "fail configuration: " + String.join(" ", unknown));
        out.flush();
        try (Connector connector = Connector.exportingCredentials(settings)) {
            String target = connector.checkTarget();
            out.println("ok  target " + settings.target().describe() + " as " + settings.targetDatabase() + ": " + target);
            out.flush();
            Plan plan = planner.planOnce(connector);
            out.println("ok  postgres extension loaded");
            out.println("ok  source reachable: " + settings.source().describe() + " (" + plan.discovered()
                    + " tables and views, " + plan.tables().size() + " selected, " + plan.refused().size() + " refused)");
            plan.warnings().forEach(w -> out.println("warn " + w));
            if (settings.snapshot() == SnapshotMode.CONSISTENT) {
                out.flush();
                consistent.requireSharedSnapshot(connector);
                out.println("ok  one snapshot for all tables: the source is a primary (SNAPSHOT=consistent)");
            }
        }
        out.flush();
        return (unknown.isEmpty() ? ExitCode.OK : ExitCode.USAGE).code();
    }
}

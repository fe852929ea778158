package io.duckmirror.cli;

import io.duckmirror.ExitCode;
import io.duckmirror.TableRef;
import io.duckmirror.config.ConfigurationException;
import io.duckmirror.config.NameList;
import io.duckmirror.config.SettingsLoader;
import io.duckmirror.plan.Changes;
import io.duckmirror.plan.Plan;
import io.duckmirror.plan.Planner;
import io.duckmirror.session.Connector;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true, description = "Connect, discover and select the tables to mirror; print them. Moves no data.")
public class PlanCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger(PlanCommand.class);

    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print JSON on one line: tables, refused and skipped tables, views not mirrored,"
            + " and how many tables and views were discovered.")
    boolean json;

    @Option(names = "--tasks", description = "Print the tasks for an orchestrator to map over: a JSON array of strings,"
            + " each the tables of one 'execute --tables' task, on one line.")
    boolean tasks;

    @Option(names = "--max-tasks", paramLabel = "N", defaultValue = "1024", description = "With --tasks, at most this many tasks (default ${DEFAULT-VALUE}, Airflow's max_map_length);"
            + " tables are grouped into balanced tasks, biggest first.")
    int maxTasks;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to this file instead of stdout (e.g. /airflow/xcom/return.json, or an Argo output parameter's file).")
    Path output;

    @Spec
    CommandSpec spec;

    private final SettingsLoader loader;
    private final Planner planner;

    public PlanCommand(SettingsLoader loader, Planner planner) {
        this.loader = loader;
        this.planner = planner;
    }

    /** {@code plan --json}; each table's {@code name} is what {@code --table} takes. */
    @RegisterForReflection
    record PlanJson(List<TableJson> tables, List<OmittedJson> refused, List<OmittedJson> skipped,
            List<OmittedJson> notMirrored, int discovered, List<PruneJson> prune) {
        static PlanJson of(Plan plan, List<TableRef> prunes, Changes changes) {
            return new PlanJson(
                    plan.tables().stream().map(t -> new TableJson(t.schema(), t.table(), NameList.format(t),
                            plan.conversions(t), changes.of(t).map(ChangeJson::of))).toList(),
                    OmittedJson.of(plan.refused()), OmittedJson.of(plan.skipped()), OmittedJson.of(plan.notMirrored()),
                    plan.discovered(),
                    prunes.stream().map(t -> new PruneJson(t.schema(), t.table(), NameList.format(t))).toList());
        }
    }

    /** A target table PRUNE=true would drop after the run. */
    @RegisterForReflection
    record PruneJson(String schema, String table, String name) {
    }

    /** @param change with SKIP_UNCHANGED=true, whether the run would copy the table, and why; else null */
    @RegisterForReflection
    record TableJson(String schema, String table, String name, List<String> conversions, Optional<ChangeJson> change) {
    }

    /** @param why why it would be copied; null when it would be left unchanged since {@code sinceRun} */
    @RegisterForReflection
    record ChangeJson(boolean unchanged, Optional<String> why, Optional<String> sinceRun, OptionalLong rows) {
        static ChangeJson of(Changes.Change change) {
            return switch (change) {
                case Changes.Unchanged u -> new ChangeJson(true, Optional.empty(), Optional.of(u.sinceRun()),
                        OptionalLong.of(u.rows()));
                case Changes.Changed c -> new ChangeJson(false, Optional.of(c.why()), Optional.empty(), OptionalLong.empty());
            };
        }
    }

    /** A refused or skipped table, or a view not mirrored, with the reason. */
    @RegisterForReflection
    record OmittedJson(String schema, String table, String name, String reason) {
        static List<OmittedJson> of(List<Plan.Omission> omissions) {
            return omissions.stream().map(o -> new OmittedJson(o.table().schema(), o.table().table(),
                    NameList.format(o.table()), o.reason())).toList();
        }
    }

    @Override
    public Integer call() {
        if (tasks && json) {
            throw new ConfigurationException("--tasks", "cannot be combined with --json: choose one output");
        }
        if (maxTasks < 1) {
            throw new ConfigurationException("--max-tasks", "'" + maxTasks + "' is not a number of tasks from 1 up");
        }
        var settings = loader.load(config.overrides());
        Plan plan;
        List<TableRef> prunes;
        Changes changes;
        try (Connector connector = Connector.exportingCredentials(settings)) {
            plan = planner.plan(connector);
            prunes = planner.prunes(connector, plan);
            changes = settings.skipUnchanged() && !tasks ? planner.changes(connector, plan) : Changes.NONE;
        }
        plan.warnings().forEach(LOG::warn);
        if (tasks) {
            // Refused tables are no task; the orchestrator's log still says why each is left out.
            plan.refused().forEach(r -> LOG.warnf("REFUSED %s: %s", NameList.format(r.table()), r.reason()));
            plan.skipped().forEach(s -> LOG.warnf("SKIPPED %s: %s", NameList.format(s.table()), s.reason()));
        }
        String text = tasks ? TaskList.json(plan.tasks(maxTasks)) + "\n"
                : json ? JsonOutput.of(PlanJson.of(plan, prunes, changes)) + "\n"
                        : text(plan, prunes, changes);
        OutputTarget.write(spec.commandLine().getOut(), output, text);
        return ExitCode.OK.code();
    }

    private static String text(Plan plan, List<TableRef> prunes, Changes changes) {
        StringBuilder out = new StringBuilder();
        int width = Math.max(5, Stream.of(plan.tables(), names(plan.refused()), names(plan.skipped()),
                names(plan.notMirrored()), prunes).flatMap(List::stream).mapToInt(t -> NameList.format(t).length())
                .max().orElse(0));
        String row = "%-" + width + "s  %s%n";
        out.append(row.formatted("TABLE", "ACTION"));
        for (TableRef table : plan.tables()) {
            out.append(row.formatted(NameList.format(table), switch (changes.of(table).orElse(null)) {
                case null -> "mirror";
                case Changes.Unchanged u -> "unchanged since run " + u.sinceRun() + " (" + u.rows() + " rows): not copied";
                case Changes.Changed c -> "mirror: " + c.why();
            }));
            plan.conversions(table).forEach(c -> out.append(row.formatted("", "  lossy " + c)));
        }
        plan.refused().forEach(r -> out.append(row.formatted(NameList.format(r.table()), "refused: " + r.reason())));
        plan.skipped().forEach(s -> out.append(row.formatted(NameList.format(s.table()), "skipped: " + s.reason())));
        plan.notMirrored().forEach(
                v -> out.append(row.formatted(NameList.format(v.table()), v.reason())));
        prunes.forEach(
                t -> out.append(row.formatted(NameList.format(t), "prune: mirrored by duckmirror, its source table is gone")));
        long unchanged = changes.unchangedCount();
        out.append("%d to mirror%s, %d refused%s%s, %d discovered%s%n".formatted(plan.tables().size(),
                changes.byTable().isEmpty() ? "" : " (" + unchanged + " unchanged)", plan.refused().size(),
                plan.skipped().isEmpty() ? "" : ", " + plan.skipped().size() + " skipped",
                plan.notMirrored().isEmpty() ? "" : ", " + plan.notMirrored().size() + " not mirrored",
                plan.discovered(), prunes.isEmpty() ? "" : ", " + prunes.size() + " to prune"));
        return out.toString();
    }

    private static List<TableRef> names(List<Plan.Omission> omissions) {
        return omissions.stream().map(Plan.Omission::table).toList();
    }
}

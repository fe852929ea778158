package io.duckmirror.cli;

import io.duckmirror.TableRef;
import io.duckmirror.config.SettingsLoader;
import io.duckmirror.plan.Plan;
import io.duckmirror.plan.Planner;
import io.duckmirror.session.Connector;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Connect, discover and select the tables to mirror; print them. Moves no data.")
public class PlanCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger(PlanCommand.class);

    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print JSON, for orchestrators (Airflow task mapping, Argo withParam).")
    boolean json;

    @Spec
    CommandSpec spec;

    private final SettingsLoader loader;
    private final Planner planner;

    public PlanCommand(SettingsLoader loader, Planner planner) {
        this.loader = loader;
        this.planner = planner;
    }

    @Override
    public Integer call() {
        var settings = loader.load(config.overrides());
        Plan plan;
        try (Connector connector = Connector.exportingCredentials(settings)) {
            plan = planner.plan(connector);
        }
        plan.warnings().forEach(LOG::warn);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? json(plan) : text(plan));
        out.flush();
        return 0;
    }

    /** {@code {"tables": [...], "refused": [...]}}; each table's "name" is what --table takes. */
    static String json(Plan plan) {
        String tables = plan.tables().stream().map(t -> "{" + fields(t) + ", \"conversions\": "
                        + plan.conversions(t).stream().map(Json::string).collect(Collectors.joining(", ", "[", "]")) + "}")
                .collect(Collectors.joining(",\n    ", "[\n    ", "\n  ]"));
        String refused = plan.refused().stream()
                .map(r -> "{" + fields(r.table()) + ", \"reason\": " + Json.string(r.reason()) + "}")
                .collect(Collectors.joining(",\n    ", "[\n    ", "\n  ]"));
        return "{\n  \"tables\": " + (plan.tables().isEmpty() ? "[]" : tables)
                + ",\n  \"refused\": " + (plan.refused().isEmpty() ? "[]" : refused)
                + ",\n  \"discovered\": " + plan.discovered() + "\n}\n";
    }

    private static String fields(TableRef table) {
        return "\"schema\": " + Json.string(table.schema()) + ", \"table\": " + Json.string(table.table())
                + ", \"name\": " + Json.string(gateName(table));
    }

    /** The table as a gate or --table entry: parts quoted only when they must be. */
    static String gateName(TableRef table) {
        return gatePart(table.schema()) + "." + gatePart(table.table());
    }

    private static String gatePart(String name) {
        boolean plain = !name.isEmpty() && name.strip().equals(name) && name.chars().noneMatch(c -> c == '.' || c == ',' || c == '"');
        return plain ? name : '"' + name.replace("\"", "\"\"") + '"';
    }

    static String text(Plan plan) {
        StringBuilder out = new StringBuilder();
        int width = Math.max(5, plan.tables().stream().mapToInt(t -> gateName(t).length()).max().orElse(0));
        String row = "%-" + width + "s  %s%n";
        out.append(row.formatted("TABLE", "ACTION"));
        for (TableRef table : plan.tables()) {
            out.append(row.formatted(gateName(table), "mirror"));
            plan.conversions(table).forEach(c -> out.append(row.formatted("", "  lossy " + c)));
        }
        plan.refused().forEach(r -> out.append(row.formatted(gateName(r.table()), "refused: " + r.reason())));
        out.append("%d to mirror, %d refused, %d discovered%n".formatted(
                plan.tables().size(), plan.refused().size(), plan.discovered()));
        return out.toString();
    }
}

package io.duckmirror.cli;

import io.duckmirror.TableRef;
import io.duckmirror.config.ConfigurationException;
import io.duckmirror.config.NameList;
import io.duckmirror.config.SettingsLoader;
import io.duckmirror.execute.Mirror;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "execute", mixinStandardHelpOptions = true, description = "Mirror the planned tables, or only those named with --tables or --table: one orchestrator task.")
public class ExecuteCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--tables", paramLabel = "LIST", description = "A task from 'plan --tasks': planned tables as in INCLUDED_TABLES, separated by commas.")
    String taskTables;

    @Option(names = "--table", paramLabel = "SCHEMA.TABLE", description = "Mirror this planned table; repeatable. Quote names containing dots: '\"a.b\".c'.")
    List<String> tables = List.of();

    @Mixin
    RunIdOption runId;

    private final SettingsLoader loader;
    private final Mirror mirror;

    public ExecuteCommand(SettingsLoader loader, Mirror mirror) {
        this.loader = loader;
        this.mirror = mirror;
    }

    @Override
    public Integer call() {
        Set<TableRef> only = new LinkedHashSet<>();
        if (taskTables != null) {
            only.addAll(NameList.tables("--tables", taskTables));
            if (only.isEmpty()) {
                // A task that names nothing must not turn into a mirror of every table.
                throw new ConfigurationException("--tables", "names no table");
            }
        }
        tables.forEach(t -> only.addAll(NameList.tables("--table", t)));
        var settings = loader.load(runId.over(config.overrides()));
        return (only.isEmpty() ? mirror.run(settings)
                : mirror.execute(settings, taskTables != null ? "--tables" : "--table", only)).exitCode().code();
    }
}

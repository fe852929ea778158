package io.duckmirror.cli;

import io.duckmirror.TableRef;
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

@Command(name = "execute", mixinStandardHelpOptions = true,
        description = "Mirror the planned tables, or only those named with --table (one task per table).")
public class ExecuteCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--table", paramLabel = "SCHEMA.TABLE",
            description = "Mirror only this planned table; repeatable. Quote names containing dots: '\"a.b\".c'.")
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
        var settings = loader.load(config.overrides());
        Set<TableRef> only = new LinkedHashSet<>();
        tables.forEach(t -> only.addAll(NameList.tables("--table", t)));
        return mirror.run(settings, only, runId.value()).exitCode().code();
    }
}

package io.duckmirror.cli;

import io.duckmirror.config.SettingsLoader;
import io.duckmirror.execute.Mirror;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Plan, mirror every selected table and audit: the reference flight's whole job.")
public class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Mixin
    RunIdOption runId;

    private final SettingsLoader loader;
    private final Mirror mirror;

    public RunCommand(SettingsLoader loader, Mirror mirror) {
        this.loader = loader;
        this.mirror = mirror;
    }

    @Override
    public Integer call() {
        return mirror.run(loader.load(runId.over(config.overrides()))).exitCode().code();
    }
}

package io.duckmirror.cli;

import io.duckmirror.session.Versions;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@TopCommand
@Command(name = "duckmirror", mixinStandardHelpOptions = true, versionProvider = DuckmirrorCommand.Version.class, description = "Mirror PostgreSQL tables into MotherDuck or a local DuckDB file.", subcommands = {
        RunCommand.class, PlanCommand.class, ExecuteCommand.class, AuditCommand.class, CheckCommand.class })
public class DuckmirrorCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to do: that is a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required: run, plan, execute, audit or check");
    }

    /** duckmirror's version, then DuckDB's and its extensions': MotherDuck accepts a window of client versions. */
    static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Stream<String> duckmirror = Stream.of("duckmirror " + ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.application.version", String.class).orElse("unknown"));
            return Stream.concat(duckmirror, Versions.describe().stream()).toArray(String[]::new);
        }
    }
}

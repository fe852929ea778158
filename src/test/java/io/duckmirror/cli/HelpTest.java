package io.duckmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmirror.config.Setting;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each command's help lists the environment variables it reads, and --version the versions; the source has no options. */
@QuarkusMainTest
class HelpTest {
    private static final List<String> COMMANDS = List.of("run", "plan", "execute", "audit", "check");

    @Test
    void everyCommandsHelpListsEverySettingItReads(QuarkusMainLauncher launcher) {
        for (String command : COMMANDS) {
            LaunchResult result = launcher.launch(command, "--help");
            String help = result.getOutput();

            assertThat(result.exitCode()).as(command).isZero();
            assertThat(help).as(command).contains("Environment (also system properties or config/application.yaml");
            // Before the exit codes, each setting on a line of its own with what it is for.
            assertThat(help.indexOf("Environment")).as(command).isLessThan(help.indexOf("Exit codes:"));
            for (Setting setting : Setting.values()) {
                assertThat(help.lines().map(String::strip))
                        .as(command + " --help lists " + setting)
                        .anyMatch(line -> line.startsWith(String.join(", ", setting.names()) + " ")
                                && line.contains(setting.description().substring(0, 15)));
            }
        }
    }

    /** MotherDuck accepts a window of client versions: every command names duckmirror's and DuckDB's. */
    @Test
    void everyCommandPrintsTheVersions(QuarkusMainLauncher launcher) {
        for (String command : COMMANDS) {
            LaunchResult result = launcher.launch(command, "--version");

            assertThat(result.exitCode()).as(command).isZero();
            assertThat(result.getOutput().lines()).as(command).hasSizeGreaterThanOrEqualTo(4)
                    .anySatisfy(l -> assertThat(l).startsWith("duckmirror "))
                    .anySatisfy(l -> assertThat(l).matches("DuckDB v\\d+\\.\\d+\\.\\d+ \\(\\w+\\)"))
                    .anySatisfy(l -> assertThat(l).startsWith("postgres extension"));
        }
    }

    /** The password and the rest of the connection come from pg_* or PG* only: no option repeats them. */
    @Test
    void theSourceConnectionHasNoCommandLineOption(QuarkusMainLauncher launcher) {
        for (String command : COMMANDS) {
            String help = launcher.launch(command, "--help").getOutput();
            List<String> options = help.lines().map(String::strip).filter(l -> l.startsWith("-"))
                    .flatMap(l -> Arrays.stream(l.split("[ ,=]+")).filter(w -> w.startsWith("--"))).toList();

            assertThat(options).as(command).isNotEmpty()
                    .noneMatch(o -> o.matches("--(pg|host|port|user|password|dbname|database|sslmode|source).*"));
        }
    }
}

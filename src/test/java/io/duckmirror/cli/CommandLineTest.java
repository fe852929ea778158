package io.duckmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmirror.ExitCode;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command line's contract, run in-process (fast); {@link CommandLineIT} runs the same tests
 * against the packaged application. Data goes to stdout, one-line errors to stderr, and the exit
 * code says what happened.
 */
@QuarkusMainTest
class CommandLineTest {

    @Test
    @Launch("--help")
    void helpListsTheCommandsAndEveryExitCode(LaunchResult result) {
        assertThat(result.getOutput()).contains("run", "plan", "execute", "audit", "check", "Exit codes:");
        // picocli wraps long lines: compare with the blanks collapsed.
        String help = result.getOutput().replaceAll("\\s+", " ");
        Arrays.stream(ExitCode.values()).forEach(code -> assertThat(help).contains(" " + code.code() + " " + code.meaning()));
    }

    @Test
    void everyCommandsHelpListsTheExitCodes(QuarkusMainLauncher launcher) {
        for (String command : List.of("run", "plan", "execute", "audit", "check")) {
            LaunchResult result = launcher.launch(command, "--help");
            assertThat(result.exitCode()).as(command).isZero();
            assertThat(result.getOutput().replaceAll("\\s+", " ")).as(command).contains("Exit codes:",
                    ExitCode.INTERNAL.meaning());
        }
        assertThat(launcher.launch("audit", "--help").getOutput()).contains("--run-id");
    }

    @Test
    @Launch(value = {}, exitCode = 2)
    void withoutACommandItIsAUsageError(LaunchResult result) {
        assertOneLineError(result, "duckmirror: a command is required: run, plan, execute, audit or check"
                + " (see 'duckmirror --help')");
    }

    @Test
    @Launch(value = { "run", "--bogus" }, exitCode = 2)
    void anUnknownOptionIsAUsageError(LaunchResult result) {
        assertOneLineError(result, "duckmirror: Unknown option: '--bogus' (see 'duckmirror run --help')");
    }

    @Test
    @Launch(value = "frobnicate", exitCode = 2)
    void anUnknownCommandIsAUsageError(LaunchResult result) {
        assertOneLineError(result, "duckmirror: Unmatched argument at index 0: 'frobnicate' (see 'duckmirror --help')");
    }

    @Test
    @Launch(value = { "execute", "--table", "orders" }, exitCode = 2)
    void aTableThatIsNotSchemaDotTableIsAUsageError(LaunchResult result) {
        assertOneLineError(result, "duckmirror: --table: 'orders' is not schema.table"
                + " (quote a name that contains a dot: \"my.schema\".\"my.table\")");
    }

    @Test
    @Launch(value = { "plan", "--target-database", "1x" }, exitCode = 2)
    void aBadOptionValueNamesTheSetting(LaunchResult result) {
        assertThat(errors(result)).singleElement().asString()
                .startsWith("duckmirror: TARGET_DATABASE: '1x' is not a valid database name");
        assertThat(result.getOutput()).isEmpty();
    }

    private static void assertOneLineError(LaunchResult result, String line) {
        assertThat(errors(result)).containsExactly(line);
        assertThat(result.getOutput()).isEmpty();
    }

    /**
     * stderr without Quarkus's own start and stop lines: the integration-test launcher turns io.quarkus
     * up to INFO to see the application start (a user's run keeps it at WARN).
     */
    static java.util.List<String> errors(LaunchResult result) {
        return result.getErrorOutput().lines()
                .filter(line -> !line.matches(
                        "\\d{4}-\\d\\d-\\d\\d [\\d:.]+ INFO  (duckmirror.* (started|stopped) in |Profile |Installed features: ).*"))
                .filter(line -> !line.isBlank())
                .toList();
    }
}

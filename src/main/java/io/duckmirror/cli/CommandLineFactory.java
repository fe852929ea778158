package io.duckmirror.cli;

import io.duckmirror.ExitCode;
import io.duckmirror.config.Setting;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * The command line Quarkus runs, with duckmirror's one-line error handling, and the settings it reads,
 * its exit codes and its versions in every command.
 */
@ApplicationScoped
class CommandLineFactory {
    private static final String ENVIRONMENT = "environment";

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory, ErrorHandler errors) {
        CommandLine commandLine = factory.create()
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
        listSettingsAndExitCodes(commandLine);
        // Each command takes --version (mixinStandardHelpOptions): without this, it printed nothing.
        commandLine.getSubcommands().values()
                .forEach(c -> c.getCommandSpec().versionProvider(new DuckmirrorCommand.Version()));
        return commandLine;
    }

    private static void listSettingsAndExitCodes(CommandLine command) {
        command.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.descriptions());
        // Every command loads (and validates) every setting, so each lists them all.
        command.getHelpSectionMap().put(ENVIRONMENT, help -> help.createHeading(
                "%nEnvironment (also system properties or config/application.yaml; options win):%n")
                + help.createTextTable(settings()));
        List<String> sections = new ArrayList<>(command.getHelpSectionKeys());
        sections.add(sections.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING),
                ENVIRONMENT);
        command.setHelpSectionKeys(sections);
        command.getSubcommands().values().forEach(CommandLineFactory::listSettingsAndExitCodes);
    }

    /** The names of each setting (the second, libpq's, read when the first is unset), and what it is for. */
    private static Map<String, String> settings() {
        return Arrays.stream(Setting.values()).collect(Collectors.toMap(s -> String.join(", ", s.names()),
                Setting::description, (a, b) -> a, LinkedHashMap::new));
    }
}

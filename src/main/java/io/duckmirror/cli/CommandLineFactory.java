package io.duckmirror.cli;

import io.duckmirror.ExitCode;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** The command line Quarkus runs, with duckmirror's one-line error handling and exit codes in every help. */
@ApplicationScoped
class CommandLineFactory {
    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory, ErrorHandler errors) {
        CommandLine commandLine = factory.create()
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
        listExitCodes(commandLine);
        return commandLine;
    }

    private static void listExitCodes(CommandLine command) {
        command.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.descriptions());
        command.getSubcommands().values().forEach(CommandLineFactory::listExitCodes);
    }
}

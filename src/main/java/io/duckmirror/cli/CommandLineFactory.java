package io.duckmirror.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** The command line Quarkus runs, with duckmirror's one-line error handling. */
@ApplicationScoped
class CommandLineFactory {
    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory, ErrorHandler errors) {
        return factory.create()
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }
}

package io.duckmirror.cli;

import io.duckmirror.DuckmirrorException;
import io.duckmirror.session.Failures;
import jakarta.enterprise.context.ApplicationScoped;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and an exit code: a user's mistake is not a stack trace.
 * The exception's message is already free of secrets (see DuckmirrorException).
 */
@ApplicationScoped
public class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static final int USAGE = 2;
    static final int FAILED = 1;

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println("duckmirror: " + Failures.firstLine(e) + " (see '"
                + command.getCommandSpec().qualifiedName() + " --help')");
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        if (e instanceof DuckmirrorException known) {
            command.getErr().println("duckmirror: " + known.getMessage());
            return known.exitCode();
        }
        if (e instanceof ParameterException usage) {
            return handleParseException(usage, parseResult.originalArgs().toArray(String[]::new));
        }
        // A bug, not a user mistake: one line still, the class name saying where to look.
        command.getErr().println("duckmirror: unexpected " + e.getClass().getName() + ": " + Failures.firstLine(e));
        return FAILED;
    }
}

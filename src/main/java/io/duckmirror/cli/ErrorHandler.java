package io.duckmirror.cli;

import io.duckmirror.DuckmirrorException;
import io.duckmirror.ExitCode;
import io.duckmirror.config.SettingsLoader;
import io.duckmirror.session.Failures;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.jboss.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and an exit code: a user's mistake is not a stack trace.
 * The exception's message is already free of secrets (see DuckmirrorException).
 */
@ApplicationScoped
public class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    private static final Logger LOG = Logger.getLogger(ErrorHandler.class);

    private final SettingsLoader settings;

    public ErrorHandler(SettingsLoader settings) {
        this.settings = settings;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println("duckmirror: " + Failures.firstLine(e) + " (see '"
                + command.getCommandSpec().qualifiedName() + " --help')");
        return ExitCode.USAGE.code();
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        if (e instanceof DuckmirrorException known) {
            command.getErr().println("duckmirror: " + known.getMessage());
            return known.exitCode().code();
        }
        if (e instanceof ParameterException usage) {
            return handleParseException(usage, parseResult.originalArgs().toArray(String[]::new));
        }
        // A bug, not a user mistake: its own exit code, so that an orchestrator does not read it as a
        // failed table; one line still, and the whole trace at DEBUG for the report.
        if (LOG.isDebugEnabled()) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            LOG.debug(settings.redactConfigured(trace.toString()));
        }
        command.getErr().println("duckmirror: unexpected " + e.getClass().getName() + ": "
                + settings.redactConfigured(Failures.firstLine(e)) + " (an internal error; rerun with"
                + " QUARKUS_LOG_CATEGORY__IO_DUCKMIRROR__LEVEL=DEBUG for its trace)");
        return ExitCode.INTERNAL.code();
    }
}

package io.duckmirror.cli;

import io.duckmirror.DuckmirrorException;
import io.duckmirror.ExitCode;
import io.duckmirror.config.SettingsLoader;
import io.duckmirror.session.Failures;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.eclipse.microprofile.config.ConfigProvider;
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
        report(command, "duckmirror: " + Failures.firstLine(e) + " (see '"
                + command.getCommandSpec().qualifiedName() + " --help')");
        return ExitCode.USAGE.code();
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        if (e instanceof DuckmirrorException known) {
            report(command, "duckmirror: " + known.getMessage());
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
        report(command, "duckmirror: unexpected " + e.getClass().getName() + ": "
                + settings.redactConfigured(Failures.firstLine(e)) + " (an internal error; rerun with"
                + " QUARKUS_LOG_CATEGORY__IO_DUCKMIRROR__LEVEL=DEBUG for its trace)");
        return ExitCode.INTERNAL.code();
    }

    /**
     * The error's one line: as is for humans, or as a log record when QUARKUS_LOG_CONSOLE_JSON makes
     * every stderr line a JSON object (application.yaml maps it to this key).
     */
    static void report(CommandLine command, String line) {
        if (ConfigProvider.getConfig().getOptionalValue("quarkus.log.console.json.enabled", Boolean.class)
                .orElse(false)) {
            LOG.error(line);
        } else {
            command.getErr().println(line);
        }
    }
}

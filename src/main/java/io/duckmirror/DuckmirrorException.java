package io.duckmirror;

/**
 * A failure the user can act on. Its message is one line, already free of secrets, and the CLI prints
 * it without a stack trace; the subtype (ConfigurationException, UnreachableException) decides the
 * exit code.
 */
public abstract class DuckmirrorException extends RuntimeException {

    protected DuckmirrorException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract ExitCode exitCode();
}

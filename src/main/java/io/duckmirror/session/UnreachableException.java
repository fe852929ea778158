package io.duckmirror.session;

import io.duckmirror.DuckmirrorException;
import io.duckmirror.ExitCode;

/** The source, the target or the postgres extension could not be reached at all. Exit code 3. */
public final class UnreachableException extends DuckmirrorException {
    private final boolean transientFailure;

    public UnreachableException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** Whether trying again later could help (a server restarting), as opposed to a wrong password. */
    public boolean isTransient() {
        return transientFailure;
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.UNREACHABLE;
    }
}

package io.duckmirror.session;

import io.duckmirror.DuckmirrorException;
import io.duckmirror.ExitCode;
import java.util.function.Predicate;

/** The source, the target or the postgres extension could not be reached at all. Exit code 3. */
public final class UnreachableException extends DuckmirrorException implements Retried {
    private final boolean transientFailure;

    public UnreachableException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** Whether trying again later could help (a server restarting), as opposed to a wrong password. */
    public boolean isTransient() {
        return transientFailure;
    }

    /** For {@code @RetryWhen}: an unreachable source or target that may answer when tried again. */
    public static final class IfTransient implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable failure) {
            return failure instanceof UnreachableException u && u.isTransient();
        }
    }

    @Override
    public String subject() {
        return "unreachable";
    }

    @Override
    public String reason() {
        return getMessage();
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.UNREACHABLE;
    }
}

package io.duckmirror.execute;

/**
 * A table could not be copied. {@link Transient} failures are retried on a fresh connection; any
 * other failure ends the table's attempts at once.
 */
public sealed class CopyFailure extends RuntimeException permits CopyFailure.Transient {

    CopyFailure(Throwable cause) {
        super(cause.getMessage(), cause);
    }

    public static final class Transient extends CopyFailure {
        Transient(Throwable cause) {
            super(cause);
        }
    }
}

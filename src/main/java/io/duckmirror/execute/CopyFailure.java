package io.duckmirror.execute;

import io.duckmirror.session.Retried;

/**
 * A table could not be copied. {@link Transient} failures are retried on a fresh connection; any
 * other failure ends the table's attempts at once.
 */
public sealed class CopyFailure extends RuntimeException permits CopyFailure.Transient {

    CopyFailure(Throwable cause) {
        super(cause.getMessage(), cause);
    }

    /** @param subject what failed, for the retry's line; @param reason why, redacted */
    public static final class Transient extends CopyFailure implements Retried {
        private final String subject;
        private final String reason;

        Transient(String subject, String reason, Throwable cause) {
            super(cause);
            this.subject = subject;
            this.reason = reason;
        }

        @Override
        public String subject() {
            return subject;
        }

        @Override
        public String reason() {
            return reason;
        }
    }
}

package io.duckmirror.session;

/**
 * A failure that the retry policy tries again after: what failed and why, for the one line the
 * backoff logs with the attempt and the wait (ReferenceBackoff).
 */
public interface Retried {
    /** What failed: a table, the consistent set, or "unreachable" for the source or target. */
    String subject();

    /** Why, on one line, secrets already redacted. */
    String reason();
}

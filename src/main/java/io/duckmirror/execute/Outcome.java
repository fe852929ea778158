package io.duckmirror.execute;

import io.duckmirror.TableRef;
import java.time.Duration;
import java.time.Instant;

/** What happened to one table in a run. */
public sealed interface Outcome {
    TableRef table();

    int attempts();

    Instant started();

    Instant finished();

    default Duration duration() {
        return Duration.between(started(), finished());
    }

    record Succeeded(TableRef table, long rows, int attempts, Instant started, Instant finished)
            implements Outcome {
    }

    /** @param error one line, secrets already redacted */
    record Failed(TableRef table, String error, int attempts, Instant started, Instant finished)
            implements Outcome {
    }
}

package io.duckmirror.execute;

import io.duckmirror.TableRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What happened to one table in a run. */
public sealed interface Outcome {
    TableRef table();

    int attempts();

    Instant started();

    Instant finished();

    /** The columns whose values or types the copy changed, or would have (see TableRead). */
    List<String> conversions();

    default Duration duration() {
        return Duration.between(started(), finished());
    }

    record Succeeded(TableRef table, long rows, int attempts, Instant started, Instant finished,
            List<String> conversions) implements Outcome {
    }

    /** @param error one line, secrets already redacted */
    record Failed(TableRef table, String error, int attempts, Instant started, Instant finished,
            List<String> conversions) implements Outcome {
    }

    /** Dropped from the target by PRUNE=true: its source table is gone. Neither a success nor a failure. */
    record Pruned(TableRef table, Instant started, Instant finished) implements Outcome {
        @Override
        public int attempts() {
            return 1;
        }

        @Override
        public List<String> conversions() {
            return List.of();
        }
    }
}

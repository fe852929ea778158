package io.duckmirror.execute;

import io.duckmirror.TableRef;
import io.duckmirror.audit.AuditEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** What happened to one table in a run: each kind is one audit status. */
public sealed interface Outcome {
    TableRef table();

    int attempts();

    Instant started();

    Instant finished();

    /** The columns whose values or types the copy changed, or would have (see TableRead). */
    List<String> conversions();

    AuditEntry.Status status();

    /** Rows the mirror holds after the run: those copied, or those of the copy left in place. */
    default OptionalLong rows() {
        return OptionalLong.empty();
    }

    /** Why the table was not copied: one line, secrets already redacted. */
    default Optional<String> reason() {
        return Optional.empty();
    }

    default Duration duration() {
        return Duration.between(started(), finished());
    }

    record Succeeded(TableRef table, long copiedRows, int attempts, Instant started, Instant finished,
            List<String> conversions) implements Outcome {
        @Override
        public AuditEntry.Status status() {
            return AuditEntry.Status.SUCCEEDED;
        }

        @Override
        public OptionalLong rows() {
            return OptionalLong.of(copiedRows);
        }
    }

    /** @param error one line, secrets already redacted */
    record Failed(TableRef table, String error, int attempts, Instant started, Instant finished,
            List<String> conversions) implements Outcome {
        @Override
        public AuditEntry.Status status() {
            return AuditEntry.Status.FAILED;
        }

        @Override
        public Optional<String> reason() {
            return Optional.of(error);
        }
    }

    /** Never attempted: the plan left it out, or found it unchanged, for the reason it gives. */
    sealed interface NotCopied extends Outcome {
        /** One line, for the audit row's error column. */
        String why();

        @Override
        default Optional<String> reason() {
            return Optional.of(why());
        }

        @Override
        default int attempts() {
            return 0;
        }

        @Override
        default Instant finished() {
            return started();
        }

        /** None, unless the mirror left in place holds converted columns. */
        @Override
        default List<String> conversions() {
            return List.of();
        }
    }

    /** Not copied by design (see Plan#refused): a failure of the run. */
    record Refused(TableRef table, String why, Instant started) implements NotCopied {
        @Override
        public AuditEntry.Status status() {
            return AuditEntry.Status.REFUSED;
        }
    }

    /** Nothing DuckDB can hold (see Plan#skipped): not a failure. */
    record Skipped(TableRef table, String why, Instant started) implements NotCopied {
        @Override
        public AuditEntry.Status status() {
            return AuditEntry.Status.SKIPPED;
        }
    }

    /** Left as it was (SKIP_UNCHANGED=true): the source shows no change since the copy of run {@code sinceRun}. */
    record Unchanged(TableRef table, long heldRows, String sinceRun, Instant started, List<String> conversions)
            implements
                NotCopied {
        @Override
        public AuditEntry.Status status() {
            return AuditEntry.Status.UNCHANGED;
        }

        @Override
        public OptionalLong rows() {
            return OptionalLong.of(heldRows);
        }

        @Override
        public String why() {
            return "not copied: unchanged since run " + sinceRun;
        }
    }

    /** Dropped from the target by PRUNE=true: its source table is gone. */
    record Pruned(TableRef table, Instant started, Instant finished) implements Outcome {
        @Override
        public AuditEntry.Status status() {
            return AuditEntry.Status.PRUNED;
        }

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

package io.duckmirror.audit;

import io.duckmirror.TableRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One row of the audit table: one table's outcome in one run.
 *
 * @param conversions the table's columns whose values the copy changed (see Plan#conversions)
 * @param fingerprint with SKIP_UNCHANGED=true, what the source showed of the table before its copy
 *        (see plan/Fingerprint); written, not read back into the report
 */
public record AuditEntry(
        String runId,
        TableRef table,
        String destinationDatabase,
        Status status,
        OptionalLong rows,
        int attempts,
        Instant started,
        Instant finished,
        Optional<String> error,
        List<String> conversions,
        Optional<String> fingerprint) {

    public enum Status {
        SUCCEEDED(true),
        FAILED(false),
        /** Not mirrored by design: its name would overwrite another table, or it left the plan. */
        REFUSED(false),
        /** Left as it was with SKIP_UNCHANGED=true: the source shows no change since its last copy. */
        UNCHANGED(true),
        /** Nothing to mirror (a table DuckDB cannot hold): not a failure. */
        SKIPPED(true),
        /** Dropped by PRUNE=true: its source table is gone. */
        PRUNED(true);

        private final boolean ok;

        Status(boolean ok) {
            this.ok = ok;
        }

        /** Whether the table ended as the run meant it to: what the exit code and the gate count. */
        public boolean ok() {
            return ok;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Rows written by the reference flight have no status: it only recorded successes. */
        static Status fromLabel(String label) {
            return label == null ? SUCCEEDED : valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public long durationMillis() {
        return finished.toEpochMilli() - started.toEpochMilli();
    }
}

package io.duckmirror.plan;

import io.duckmirror.TableRef;
import java.util.Map;
import java.util.Optional;

/**
 * SKIP_UNCHANGED=true: which planned tables PostgreSQL shows unchanged since their last copy, and why
 * each other one is copied. With the setting off there are none: every table is copied, as the
 * reference flight does, and no fingerprint is read.
 */
public record Changes(Map<TableRef, Change> byTable) {
    public static final Changes NONE = new Changes(Map.of());

    public Changes {
        byTable = Map.copyOf(byTable);
    }

    public sealed interface Change {
        /** The fingerprint its audit row records, once it is left as it is or copied. */
        Optional<Fingerprint> fingerprint();
    }

    /** Left as it is: nothing changed since the copy of run {@code sinceRun}, which held {@code rows}. */
    public record Unchanged(Fingerprint current, String sinceRun, long rows) implements Change {
        @Override
        public Optional<Fingerprint> fingerprint() {
            return Optional.of(current);
        }
    }

    /** Copied, for this reason; no fingerprint where PostgreSQL's counters cannot be trusted. */
    public record Changed(String why, Optional<Fingerprint> fingerprint) implements Change {
    }

    public Optional<Change> of(TableRef table) {
        return Optional.ofNullable(byTable.get(table));
    }

    /** How many of the plan's tables are left unchanged. */
    public long unchangedCount() {
        return byTable.values().stream().filter(Unchanged.class::isInstance).count();
    }

    public Optional<Unchanged> unchanged(TableRef table) {
        return of(table).filter(Unchanged.class::isInstance).map(Unchanged.class::cast);
    }

    /** Why the table is copied, with SKIP_UNCHANGED=true; empty when it is not, or the setting is off. */
    public Optional<String> whyCopied(TableRef table) {
        return of(table).filter(Changed.class::isInstance).map(c -> ((Changed) c).why());
    }

    /** The fingerprint to record with the table's audit row, in the audit table's form. */
    public Optional<String> fingerprint(TableRef table) {
        return of(table).flatMap(Change::fingerprint).map(Fingerprint::encoded);
    }
}

package io.duckmirror.audit;

import io.duckmirror.ExitCode;
import io.duckmirror.TableRef;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A run held against its plan, at the end of a fan-out: every planned table must have succeeded in
 * the run. A table with no row in it was in a task that was killed or never ran.
 *
 * @param latest each planned table's last row in the run, in table order
 * @param missing the planned tables with no row in the run
 */
public record GateReport(String runId, List<AuditEntry> latest, List<TableRef> missing) {

    public GateReport {
        latest = List.copyOf(latest);
        missing = List.copyOf(missing);
    }

    /** How many tables the plan holds: each has its last row, or is missing. */
    public int planned() {
        return latest.size() + missing.size();
    }

    public List<TableRef> failed() {
        return latest.stream().filter(e -> e.status() == AuditEntry.Status.FAILED).map(AuditEntry::table).toList();
    }

    public long succeeded() {
        return latest.size() - failed().size();
    }

    /** One line naming every planned table not mirrored in the run, if any. */
    public Optional<String> shortfall() {
        if (missing.isEmpty() && failed().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("run " + runId + ": " + (failed().size() + missing.size()) + " of " + planned()
                + " planned table(s) not mirrored: " + Stream.concat(
                        failed().stream().map(t -> t + " (failed)"),
                        missing.stream().map(t -> t + " (no row: its task was killed or never ran)"))
                        .collect(Collectors.joining(", ")));
    }

    public ExitCode exitCode() {
        return missing.isEmpty() && failed().isEmpty() ? ExitCode.OK : ExitCode.TABLE_FAILED;
    }
}

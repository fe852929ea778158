package io.duckmirror.execute;

import io.duckmirror.ExitCode;
import io.duckmirror.audit.AuditEntry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A run's outcomes, in order.
 *
 * @param auditFailures outcomes whose audit row could not be written; the tables themselves count as
 *        they went
 */
public record RunReport(String runId, List<Outcome> outcomes, int auditFailures, Duration elapsed) {

    public RunReport {
        outcomes = List.copyOf(outcomes);
    }

    public long count(AuditEntry.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    /** Rows copied by this run: a table left unchanged copied none. */
    public long rows() {
        return outcomes.stream().filter(Outcome.Succeeded.class::isInstance).mapToLong(o -> o.rows().orElse(0)).sum();
    }

    /** "7 succeeded, 1 failed, 2 refused": succeeded and failed always, the other statuses when present. */
    public String counts() {
        return Arrays.stream(AuditEntry.Status.values())
                .filter(s -> s == AuditEntry.Status.SUCCEEDED || s == AuditEntry.Status.FAILED || count(s) > 0)
                .map(s -> count(s) + " " + s.label())
                .collect(Collectors.joining(", "));
    }

    public ExitCode exitCode() {
        return outcomes.stream().allMatch(o -> o.status().ok()) ? ExitCode.OK : ExitCode.TABLE_FAILED;
    }
}

package io.duckmirror.audit;

import io.duckmirror.ExitCode;
import java.util.List;

/** One run as the audit table recorded it: a row per table outcome, in table order. */
public record AuditReport(String runId, List<AuditEntry> entries) {

    public AuditReport {
        entries = List.copyOf(entries);
    }

    public long failed() {
        return entries.stream().filter(e -> e.status() == AuditEntry.Status.FAILED).count();
    }

    /** As for the run itself: 1 when any table failed. */
    public ExitCode exitCode() {
        return failed() == 0 ? ExitCode.OK : ExitCode.TABLE_FAILED;
    }
}

package io.duckmirror.execute;

import io.duckmirror.ExitCode;
import java.time.Duration;
import java.util.List;

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

    public long succeeded() {
        return outcomes.stream().filter(o -> o instanceof Outcome.Succeeded).count();
    }

    public long failed() {
        return outcomes.stream().filter(o -> o instanceof Outcome.Failed).count();
    }

    public long rows() {
        return outcomes.stream().mapToLong(o -> o instanceof Outcome.Succeeded s ? s.rows() : 0).sum();
    }

    public ExitCode exitCode() {
        return failed() == 0 ? ExitCode.OK : ExitCode.TABLE_FAILED;
    }
}

package io.duckmirror.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmirror.ExitCode;
import io.duckmirror.TableRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a run's rows and events add up to each table's standing. */
class RunAuditTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final TableRef A = new TableRef("public", "a");
    private static final TableRef B = new TableRef("public", "b");
    private static final TableRef C = new TableRef("public", "c");

    /** An orchestrator retried a failed task with the same run id: the retry's success stands. */
    @Test
    void aTableStandsByItsLatestRowAndCountsEveryAttempt() {
        RunAudit run = RunAudit.of("r", List.of(row(A, AuditEntry.Status.FAILED, 5), row(A, AuditEntry.Status.SUCCEEDED, 1)),
                List.of());

        assertThat(run.tables()).singleElement().satisfies(t -> {
            assertThat(t.label()).isEqualTo("succeeded");
            assertThat(((RunAudit.Recorded) t).attemptsInRun()).isEqualTo(6);
        });
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void aSignalLeavesTheTableBeingCopiedAndThoseNotStartedInterrupted() {
        RunAudit run = RunAudit.of("r", List.of(row(A, AuditEntry.Status.SUCCEEDED, 1)), List.of(
                event("i1", RunLog.Event.STARTED, Set.of(A, B, C), 0),
                event("i1", RunLog.Event.INTERRUPTED, Set.of(B), 1)));

        assertThat(run.tables()).extracting(RunAudit.TableAudit::label)
                .containsExactly("succeeded", "interrupted", "interrupted");
        assertThat(((RunAudit.Unrecorded) run.tables().get(1)).reason()).contains("while it was being copied");
        assertThat(((RunAudit.Unrecorded) run.tables().get(2)).reason()).contains("not started");
        assertThat(run.exitCode()).isEqualTo(ExitCode.TABLE_FAILED);
    }

    @Test
    void aTableWithoutARowSaysWhetherItsTaskRefusedItRanOnOrNeverRan() {
        RunAudit run = RunAudit.of("r", Set.of(A, B, C), List.of(), List.of(
                event("i1", RunLog.Event.REFUSED, Set.of(A), 0),
                event("i2", RunLog.Event.STARTED, Set.of(B), 1)));

        assertThat(run.tables()).extracting(RunAudit.TableAudit::label).containsExactly("refused", "missing", "missing");
        assertThat(run.tables()).extracting(t -> ((RunAudit.Unrecorded) t).reason()).satisfiesExactly(
                a -> assertThat(a).isEqualTo("its task ran and refused it: detail"),
                b -> assertThat(b).contains("never finished"),
                c -> assertThat(c).contains("never ran"));
    }

    /** A later task that ran the table to the end supersedes an earlier one that was killed. */
    @Test
    void theLatestTaskThatNamedATableExplainsIt() {
        RunAudit run = RunAudit.of("r", Set.of(A), List.of(), List.of(
                event("i1", RunLog.Event.STARTED, Set.of(A), 0),
                event("i2", RunLog.Event.REFUSED, Set.of(A), 1)));

        assertThat(run.tables()).extracting(RunAudit.TableAudit::label).containsExactly("refused");
    }

    @Test
    void aRunThatSelectedNothingIsAnEmptySuccess() {
        RunAudit run = RunAudit.of("r", List.of(), List.of(event("i1", RunLog.Event.STARTED, Set.of(), 0),
                event("i1", RunLog.Event.FINISHED, Set.of(), 1)));

        assertThat(run.tables()).isEmpty();
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    }

    private static AuditEntry row(TableRef table, AuditEntry.Status status, int attempts) {
        return new AuditEntry("r", table, "db", status, OptionalLong.empty(), attempts, T0, T0, Optional.empty(),
                List.of(), Optional.empty());
    }

    private static RunLog.RunEvent event(String invocation, RunLog.Event event, Set<TableRef> tables, int second) {
        return new RunLog.RunEvent("r", invocation, event, tables, Optional.of("detail"), T0.plusSeconds(second));
    }
}

package io.duckmirror.execute;

import io.duckmirror.TableRef;
import io.duckmirror.audit.AuditEntry;
import io.duckmirror.audit.AuditLog;
import io.duckmirror.audit.RunLog;
import io.duckmirror.config.NameList;
import io.duckmirror.plan.Changes;
import io.duckmirror.session.Connector;
import io.duckmirror.session.Failures;
import io.duckmirror.session.Session;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Logs and audits one run: each table's outcome as soon as it is known (its line, and its row in
 * flight_tracker), and the run's own events in duckmirror_runs. Rows not committed with their copy go
 * through the run's own connection, one at a time. A failed audit write never changes an outcome: it
 * is logged and counted. Thread-safe.
 */
final class Recorder {
    private static final Logger LOG = Logger.getLogger(Recorder.class);

    private final Connector connector;
    private final String runId;
    /** The fingerprints to record with the tables' rows (SKIP_UNCHANGED=true). */
    private final Changes changes;
    /** This process: the tasks of a fanned-out run share the run id. */
    private final String invocation = UUID.randomUUID().toString();
    private final AtomicInteger auditFailures = new AtomicInteger();

    Recorder(Connector connector, String runId, Changes changes) {
        this.connector = connector;
        this.runId = runId;
        this.changes = changes;
    }

    String runId() {
        return runId;
    }

    /** Outcomes whose audit row could not be written. */
    int auditFailures() {
        return auditFailures.get();
    }

    /** Logs the outcome and writes its audit row. */
    synchronized void record(Outcome outcome) {
        log(outcome);
        try {
            AuditLog.record(connector.targetSession(), entry(outcome));
        } catch (SQLException | RuntimeException e) {
            auditFailures.incrementAndGet();
            LOG.errorf("AUDIT %s: row not written: %s", NameList.format(outcome.table()),
                    Failures.redactedLine(e, connector.settings()));
        }
    }

    /**
     * Logs the outcomes and writes their audit rows in one transaction: hundreds of unchanged tables
     * would otherwise pay a commit each.
     */
    synchronized void recordAll(List<? extends Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        outcomes.forEach(this::log);
        Session session = connector.targetSession();
        try {
            session.execute("BEGIN TRANSACTION");
            try {
                for (Outcome outcome : outcomes) {
                    AuditLog.record(session, entry(outcome));
                }
                session.commit();
            } catch (SQLException | RuntimeException e) {
                TableCopier.rollbackQuietly(session);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            auditFailures.addAndGet(outcomes.size());
            LOG.errorf("AUDIT %s: %d row(s) not written: %s", NameList.format(outcomes.stream().map(Outcome::table)
                    .toList()), outcomes.size(), Failures.redactedLine(e, connector.settings()));
        }
    }

    /** The audit row of an outcome, for a copy that commits it with its table. */
    AuditEntry entry(Outcome outcome) {
        return new AuditEntry(runId, outcome.table(), connector.settings().targetDatabase(), outcome.status(),
                outcome.rows(), outcome.attempts(), outcome.started(), outcome.finished(), outcome.reason(),
                outcome.conversions(), outcome.status().ok() ? changes.fingerprint(outcome.table()) : Optional.empty());
    }

    /** The invocation planned these tables and starts on them. */
    synchronized void started(Collection<TableRef> tables) {
        event(connector.targetSession(), RunLog.Event.STARTED, tables, Optional.empty());
    }

    synchronized void finished() {
        event(connector.targetSession(), RunLog.Event.FINISHED, List.of(), Optional.empty());
    }

    /** The invocation refused to copy the tables it was asked for: the reason is the error it exits with. */
    synchronized void refused(Collection<TableRef> tables, String reason) {
        event(connector.targetSession(), RunLog.Event.REFUSED, tables, Optional.of(reason));
    }

    /** A signal stopped the invocation while these tables were being copied; written on the given session. */
    void interrupted(Session session, Collection<TableRef> copying) {
        event(session, RunLog.Event.INTERRUPTED, copying, Optional.empty());
    }

    private void event(Session session, RunLog.Event event, Collection<TableRef> tables, Optional<String> detail) {
        try {
            RunLog.record(session, new RunLog.RunEvent(runId, invocation, event, Set.copyOf(tables), detail,
                    Instant.now()));
        } catch (SQLException | RuntimeException e) {
            // The tables' own rows still tell their outcomes; only the run-level record is lost.
            LOG.errorf("AUDIT run %s: event %s not written: %s", runId, event,
                    Failures.redactedLine(e, connector.settings()));
        }
    }

    /**
     * The outcome's lines. Its facts also go into the MDC for those calls: the text format ignores them,
     * and QUARKUS_LOG_CONSOLE_JSON=true turns them into fields a log collector can query. The reason
     * is already redacted; nothing else here can hold a secret.
     */
    void log(Outcome outcome) {
        String name = NameList.format(outcome.table());
        double seconds = outcome.duration().toMillis() / 1000.0;
        List<String> keys = List.of("event", "schema", "table", "status", "rows", "attempts", "duration_ms");
        MDC.put("schema", outcome.table().schema());
        MDC.put("table", outcome.table().table());
        try {
            MDC.put("event", "conversion");
            outcome.conversions().forEach(c -> LOG.warnf("CONVERTED %s: %s", name, c));
            MDC.put("event", "outcome");
            MDC.put("status", outcome.status().label());
            MDC.put("attempts", Integer.toString(outcome.attempts()));
            MDC.put("duration_ms", Long.toString(outcome.duration().toMillis()));
            outcome.rows().ifPresent(rows -> MDC.put("rows", Long.toString(rows)));
            switch (outcome) {
                case Outcome.Succeeded s ->
                    LOG.infof("OK   %-50s %12d rows  attempts=%d  %.1fs", name, s.copiedRows(), s.attempts(), seconds);
                case Outcome.Failed f ->
                    LOG.errorf("FAIL %-50s attempts=%d  %.1fs  %s", name, f.attempts(), seconds, f.error());
                case Outcome.Refused r -> LOG.errorf("REFUSED %s: not mirrored: %s", name, r.why());
                case Outcome.Skipped s -> LOG.warnf("SKIPPED %s: not mirrored: %s", name, s.why());
                case Outcome.Unchanged u -> LOG.infof("UNCHANGED %s: not copied; its copy of run %s stands (%d rows)",
                        name, u.sinceRun(), u.heldRows());
                case Outcome.Pruned p -> LOG.infof("PRUNED %s: its source table is gone", name);
            }
        } finally {
            keys.forEach(MDC::remove);
        }
    }
}

package io.duckmirror.execute;

import io.duckmirror.TableRef;
import io.duckmirror.audit.AuditEntry;
import io.duckmirror.audit.AuditLog;
import io.duckmirror.config.Settings;
import io.duckmirror.config.SnapshotMode;
import io.duckmirror.plan.Plan;
import io.duckmirror.plan.Planner;
import io.duckmirror.plan.TableRead;
import io.duckmirror.session.Connector;
import io.duckmirror.session.Failures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Mirrors the planned tables one after another. A table's failure is recorded and the run goes on;
 * every outcome, failures included, gets an audit row as soon as it is known.
 */
@ApplicationScoped
public class Mirror {
    private static final Logger LOG = Logger.getLogger(Mirror.class);

    private final Planner planner;
    private final TableCopier copier;
    private final ConsistentCopier consistent;

    public Mirror(Planner planner, TableCopier copier, ConsistentCopier consistent) {
        this.planner = planner;
        this.copier = copier;
        this.consistent = consistent;
    }

    /** Plans and mirrors every planned table; then, with PRUNE=true, prunes. */
    public RunReport run(Settings settings) {
        return run(settings, plan -> plan, settings.prune());
    }

    /**
     * Plans and mirrors only these planned tables: one orchestrator task.
     *
     * @param option the command-line option that named them, for the error
     * @throws io.duckmirror.config.ConfigurationException when one of them is not in the plan
     */
    public RunReport execute(Settings settings, String option, Set<TableRef> only) {
        return run(settings, plan -> plan.restrictedTo(option, only), false);
    }

    private RunReport run(Settings settings, UnaryOperator<Plan> choose, boolean prune) {
        String runId = settings.runId().orElseGet(() -> UUID.randomUUID().toString());
        try (Connector connector = Connector.exportingCredentials(settings)) {
            Plan plan = planner.plan(connector);
            plan.warnings().forEach(LOG::warn);
            plan = choose.apply(plan);
            LOG.infof("Run %s: %d table(s) to mirror from %s into %s (database %s)", runId, plan.tables().size(),
                    settings.source().describe(), settings.target().describe(), settings.targetDatabase());
            return run(connector, plan, runId, prune);
        }
    }

    private RunReport run(Connector connector, Plan plan, String runId, boolean prune) {
        Instant start = Instant.now();
        boolean oneSnapshot = connector.settings().snapshot() == SnapshotMode.CONSISTENT;
        if (oneSnapshot) {
            consistent.requireSharedSnapshot(connector);
        }
        copier.prepareAudit(connector);
        List<Outcome> outcomes = new ArrayList<>();
        int auditFailures = 0;
        for (Plan.Refusal refusal : plan.refused()) {
            Instant now = Instant.now();
            Outcome outcome = new Outcome.Failed(refusal.table(), "not mirrored: " + refusal.reason(), 0, now, now,
                    List.of());
            auditFailures += finish(connector, runId, outcome, outcomes);
        }
        if (oneSnapshot) {
            for (Outcome outcome : copyConsistent(connector, plan)) {
                auditFailures += finish(connector, runId, outcome, outcomes);
            }
        } else {
            auditFailures += copyEach(connector, plan, runId, outcomes);
        }
        if (prune) {
            for (Outcome notPruned : Pruner.prune(connector, plan, runId)) {
                auditFailures += finish(connector, runId, notPruned, outcomes);
            }
        }
        return report(runId, outcomes, auditFailures, start);
    }

    /** Each table on its own, its outcome logged and audited as soon as it is known; returns the audit rows not written. */
    private int copyEach(Connector connector, Plan plan, String runId, List<Outcome> outcomes) {
        int auditFailures = 0;
        AtomicReference<TableRef> copying = new AtomicReference<>();
        Thread onSignal = stopNotice(plan, copying, runId);
        Runtime.getRuntime().addShutdownHook(onSignal);
        try (Progress progress = Progress.every(connector.settings().progressInterval(), runId)) {
            for (TableRef table : plan.tables()) {
                copying.set(table);
                auditFailures += finish(connector, runId, copy(connector, table, plan.read(table), progress), outcomes);
            }
        }
        copying.set(null);
        removeQuietly(onSignal);
        return auditFailures;
    }

    private static RunReport report(String runId, List<Outcome> outcomes, int auditFailures, Instant start) {
        RunReport report = new RunReport(runId, outcomes, auditFailures, Duration.between(start, Instant.now()));
        LOG.infof("Summary: %d succeeded, %d failed, %d rows in %.1fs (run %s)", report.succeeded(),
                report.failed(), report.rows(), report.elapsed().toMillis() / 1000.0, runId);
        if (auditFailures > 0) {
            LOG.errorf("%d audit row(s) could not be written; the tables' outcomes above stand", auditFailures);
        }
        return report;
    }

    /**
     * What an orchestrator's SIGTERM (or Ctrl-C) leaves, said on stderr: the JVM exits (code 143)
     * while DuckDB's statement is uncommitted, so the table being copied keeps its previous version,
     * and the tables after it were not started. Their audit rows are missing; those before are there.
     */
    private static Thread stopNotice(Plan plan, AtomicReference<TableRef> copying, String runId) {
        return Thread.ofPlatform().unstarted(() -> {
            TableRef table = copying.get();
            if (table != null) {
                List<TableRef> tables = plan.tables();
                System.err.println("duckmirror: stopped by a signal while copying " + table + " (run " + runId
                        + "): its previous version, if any, is intact; not started: "
                        + (tables.size() - tables.indexOf(table) - 1) + " table(s)");
            }
        });
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    /** Logs and audits an outcome as soon as it is known; returns 1 if its audit row was not written. */
    private static int finish(Connector connector, String runId, Outcome outcome, List<Outcome> outcomes) {
        outcomes.add(outcome);
        log(outcome, runId);
        return audit(connector, runId, outcome) ? 0 : 1;
    }

    /**
     * SNAPSHOT=consistent: every table in one transaction, so every outcome is known only at its end,
     * and the audit rows are written then. One table's failure is every table's: none was replaced.
     */
    private List<Outcome> copyConsistent(Connector connector, Plan plan) {
        AtomicInteger attempts = new AtomicInteger();
        Instant started = Instant.now();
        try {
            List<ConsistentCopier.Copied> copied = consistent.copyAll(connector, plan, attempts);
            Instant committed = Instant.now();
            return copied.stream().<Outcome>map(c -> new Outcome.Succeeded(c.table(), c.rows(), attempts.get(),
                    c.started(), committed, c.conversions())).toList();
        } catch (ConsistentCopier.SetFailure failure) {
            String error = connector.settings().redact(Failures.firstLine(failure.getCause()));
            return notSwapped(plan, attempts.get(), started, failure.table(), error,
                    "not swapped: " + failure.table() + " failed, and SNAPSHOT=consistent replaces every table or none");
        } catch (CopyFailure failure) {
            String error = "not swapped: the consistent set failed: "
                    + connector.settings().redact(Failures.firstLine(failure.getCause()));
            return notSwapped(plan, attempts.get(), started, null, error, error);
        }
    }

    private static List<Outcome> notSwapped(Plan plan, int attempts, Instant started, TableRef culprit,
            String culpritError, String othersError) {
        Instant now = Instant.now();
        return plan.tables().stream().<Outcome>map(t -> new Outcome.Failed(t, t.equals(culprit) ? culpritError
                : othersError, attempts, started, now, plan.conversions(t))).toList();
    }

    private Outcome copy(Connector connector, TableRef table, TableRead read, Progress progress) {
        AtomicInteger attempts = new AtomicInteger();
        Instant started = Instant.now();
        try {
            TableCopier.Copied copied = copier.copy(connector, table, read, attempts, progress);
            return new Outcome.Succeeded(table, copied.rows(), attempts.get(), started, Instant.now(),
                    copied.conversions());
        } catch (CopyFailure failure) {
            String error = connector.settings().redact(Failures.firstLine(failure.getCause()));
            return new Outcome.Failed(table, error, attempts.get(), started, Instant.now(), read.conversions());
        }
    }

    /** Writes the outcome's audit row; a failure here never changes the table's outcome. */
    private static boolean audit(Connector connector, String runId, Outcome outcome) {
        AuditEntry entry = switch (outcome) {
            case Outcome.Succeeded s -> entry(connector, runId, s, AuditEntry.Status.SUCCEEDED,
                    OptionalLong.of(s.rows()), Optional.empty());
            case Outcome.Failed f -> entry(connector, runId, f, AuditEntry.Status.FAILED,
                    OptionalLong.empty(), Optional.of(f.error()));
        };
        try {
            AuditLog.record(connector.targetSession(), entry);
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.errorf("AUDIT %s: row not written: %s", outcome.table(),
                    connector.settings().redact(Failures.firstLine(e)));
            return false;
        }
    }

    private static AuditEntry entry(Connector connector, String runId, Outcome outcome, AuditEntry.Status status,
            OptionalLong rows, Optional<String> error) {
        return new AuditEntry(runId, outcome.table(), connector.settings().targetDatabase(), status, rows,
                outcome.attempts(), outcome.started(), outcome.finished(), error, outcome.conversions());
    }

    /**
     * The outcome's line. Its facts also go into the MDC for that one call: the text format ignores
     * them, and QUARKUS_LOG_CONSOLE_JSON=true turns them into fields a log collector can query.
     * The error is already redacted; nothing else here can hold a secret.
     */
    private static void log(Outcome outcome, String runId) {
        outcome.conversions().forEach(c -> LOG.warnf("CONVERTED %s: %s", outcome.table(), c));
        double seconds = outcome.duration().toMillis() / 1000.0;
        List<String> keys = List.of("event", "run_id", "schema", "table", "status", "rows", "attempts", "duration_ms");
        MDC.put("event", "outcome");
        MDC.put("run_id", runId);
        MDC.put("schema", outcome.table().schema());
        MDC.put("table", outcome.table().table());
        MDC.put("attempts", Integer.toString(outcome.attempts()));
        MDC.put("duration_ms", Long.toString(outcome.duration().toMillis()));
        try {
            switch (outcome) {
                case Outcome.Succeeded s -> {
                    MDC.put("status", "succeeded");
                    MDC.put("rows", Long.toString(s.rows()));
                    LOG.infof("OK   %-50s %12d rows  attempts=%d  %.1fs", s.table(), s.rows(), s.attempts(), seconds);
                }
                case Outcome.Failed f -> {
                    MDC.put("status", "failed");
                    LOG.errorf("FAIL %-50s attempts=%d  %.1fs  %s", f.table(), f.attempts(), seconds, f.error());
                }
            }
        } finally {
            keys.forEach(MDC::remove);
        }
    }
}

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
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Mirrors the planned tables, PARALLEL_TABLES at a time. A table's failure is recorded and the run goes
 * on; every outcome, failures included, gets an audit row as soon as it is known. With
 * SNAPSHOT=consistent, all tables go in one transaction instead (ConsistentCopier), and their rows are
 * written at its end. With PRUNE=true, a whole run then prunes (Pruner).
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
        AtomicInteger auditFailures = new AtomicInteger();
        for (Plan.Refusal refusal : plan.refused()) {
            Instant now = Instant.now();
            Outcome outcome = new Outcome.Failed(refusal.table(), "not mirrored: " + refusal.reason(), 0, now, now,
                    List.of());
            outcomes.add(outcome);
            auditFailures.addAndGet(finish(connector, runId, outcome));
        }
        if (!plan.tables().isEmpty()) {
            copier.prepareSchemas(connector, plan.tables().stream().map(TableRef::schema).toList());
        }
        if (oneSnapshot) {
            for (Outcome outcome : copyConsistent(connector, plan)) {
                auditFailures.addAndGet(finish(connector, runId, outcome));
                outcomes.add(outcome);
            }
        } else if (!plan.tables().isEmpty()) {
            Map<TableRef, Outcome> copied = new ConcurrentHashMap<>();
            int workers = Math.min(connector.settings().parallelTables(), plan.tables().size());
            Schedule schedule = new Schedule(plan.tables(), plan.pages(), workers,
                    connector.settings().tablesPerCommit());
            Thread onSignal = stopNotice(schedule, runId);
            Runtime.getRuntime().addShutdownHook(onSignal);
            copyAll(connector, plan, runId, workers, schedule, copied, auditFailures);
            removeQuietly(onSignal);
            plan.tables().forEach(table -> outcomes.add(copied.get(table)));
        }
        if (prune) {
            for (Outcome pruned : Pruner.prune(connector, plan)) {
                auditFailures.addAndGet(finish(connector, runId, pruned));
                outcomes.add(pruned);
            }
        }
        RunReport report = new RunReport(runId, outcomes, auditFailures.get(), Duration.between(start, Instant.now()));
        LOG.infof("Summary: %d succeeded, %d failed, %d rows in %.1fs (run %s)", report.succeeded(),
                report.failed(), report.rows(), report.elapsed().toMillis() / 1000.0, runId);
        if (report.auditFailures() > 0) {
            LOG.errorf("%d audit row(s) could not be written; the tables' outcomes above stand", report.auditFailures());
        }
        return report;
    }

    /**
     * Copies the plan's tables on PARALLEL_TABLES worker threads, each taking the next table the
     * schedule gives and copying it on its own connection of the run's DuckDB instance. A copied
     * table's audit row is committed with it; other outcomes are logged and audited one at a time,
     * through the run's own connection, as soon as each is known.
     */
    private void copyAll(Connector connector, Plan plan, String runId, int workers, Schedule schedule,
            Map<TableRef, Outcome> copied, AtomicInteger auditFailures) {
        // Connectors are made here, on this thread: making one touches the run's own session.
        List<Connector> connectors = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            connectors.add(connector.worker());
        }
        Object auditing = new Object();
        // A table's audit row goes in with it, in its copy's transaction; once that fails, the rest of
        // the run writes rows apart, as failures' rows are, rather than copy each table twice.
        AtomicBoolean auditInCopy = new AtomicBoolean(true);
        List<Future<?>> running = new ArrayList<>();
        // Daemon threads: a signal ends the process without waiting for a copy (see stopNotice).
        try (Progress progress = Progress.every(connector.settings().progressInterval(), runId);
                ExecutorService pool = Executors.newFixedThreadPool(workers,
                        Thread.ofPlatform().daemon().name("copy-", 1).factory())) {
            for (Connector worker : connectors) {
                running.add(pool.submit(() -> {
                    try (worker) {
                        for (List<TableRef> next = schedule.next(); !next.isEmpty(); next = schedule.next()) {
                            List<Copy> copies;
                            try {
                                copies = copy(worker, runId, next, plan, progress, auditInCopy);
                            } finally {
                                next.forEach(schedule::done);
                            }
                            for (Copy copy : copies) {
                                copied.put(copy.outcome().table(), copy.outcome());
                                if (copy.audited()) {
                                    log(copy.outcome(), runId);
                                } else {
                                    synchronized (auditing) {
                                        auditFailures.addAndGet(finish(connector, runId, copy.outcome()));
                                    }
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
        }
        for (Future<?> worker : running) {
            try {
                worker.get();
            } catch (ExecutionException e) {
                // A bug in a worker, not a table's failure: as if it had happened on this thread.
                if (e.getCause() instanceof RuntimeException bug) {
                    throw bug;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while copying", e);
            }
        }
    }

    /**
     * What an orchestrator's SIGTERM (or Ctrl-C) leaves, said on stderr: the JVM exits (code 143)
     * while DuckDB's statements are uncommitted, so the tables being copied keep their previous
     * versions, and the tables not started yet were not. Their audit rows are missing; those of the
     * tables finished are there.
     */
    private static Thread stopNotice(Schedule schedule, String runId) {
        return Thread.ofPlatform().unstarted(() -> schedule.notice(runId).ifPresent(System.err::println));
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    /** Logs and audits an outcome as soon as it is known; returns 1 if its audit row was not written. */
    private static int finish(Connector connector, String runId, Outcome outcome) {
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
            List<TableCopier.Copied> copied = consistent.copyAll(connector, plan, attempts);
            Instant committed = Instant.now();
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < copied.size(); i++) {
                TableCopier.Copied c = copied.get(i);
                outcomes.add(new Outcome.Succeeded(plan.tables().get(i), c.rows(), attempts.get(), c.started(),
                        committed, c.conversions()));
            }
            return outcomes;
        } catch (ConsistentCopier.SetFailure failure) {
            String error = Failures.redactedLine(failure.getCause(), connector.settings());
            return notSwapped(plan, attempts.get(), started, failure.table(), error,
                    "not swapped: " + failure.table() + " failed, and SNAPSHOT=consistent replaces every table or none");
        } catch (CopyFailure failure) {
            String error = "not swapped: the consistent set failed: "
                    + Failures.redactedLine(failure.getCause(), connector.settings());
            return notSwapped(plan, attempts.get(), started, null, error, error);
        }
    }

    private static List<Outcome> notSwapped(Plan plan, int attempts, Instant started, TableRef culprit,
            String culpritError, String othersError) {
        Instant now = Instant.now();
        return plan.tables().stream().<Outcome> map(t -> new Outcome.Failed(t, t.equals(culprit) ? culpritError
                : othersError, attempts, started, now, plan.conversions(t))).toList();
    }

    /** A table's outcome, and whether its audit row was committed with the table. */
    private record Copy(Outcome outcome, boolean audited) {
    }

    /** The tables the schedule gave: one alone, or several small ones together. */
    private List<Copy> copy(Connector connector, String runId, List<TableRef> tables, Plan plan, Progress progress,
            AtomicBoolean auditInCopy) {
        if (tables.size() > 1) {
            return copyTogether(connector, runId, tables, plan, progress, auditInCopy);
        }
        TableRef table = tables.getFirst();
        return List.of(copy(connector, runId, table, plan.read(table), progress, auditInCopy, Optional.empty()));
    }

    /**
     * One table alone, under the retry policy; {@code failedInGroup}: its statement's failure in a
     * group, which counts as its first attempt.
     */
    private Copy copy(Connector connector, String runId, TableRef table, TableRead read, Progress progress,
            AtomicBoolean auditInCopy, Optional<SQLException> failedInGroup) {
        AtomicInteger attempts = new AtomicInteger();
        Instant started = Instant.now();
        boolean inCopy = auditInCopy.get();
        TableCopier.InCopy auditRow = inCopy
                ? (session, t, c) -> AuditLog.record(session,
                        entry(connector, runId, succeeded(t, c, attempts.get(), started)))
                : TableCopier.InCopy.NOTHING;
        try {
            TableCopier.Copied copied = copier.copy(connector, table, read, attempts, progress, auditRow, failedInGroup);
            if (inCopy && !copied.recorded()) {
                auditInCopy.set(false);
            }
            return new Copy(succeeded(table, copied, attempts.get(), started), inCopy && copied.recorded());
        } catch (CopyFailure failure) {
            String error = Failures.redactedLine(failure.getCause(), connector.settings());
            return new Copy(new Outcome.Failed(table, error, attempts.get(), started, Instant.now(),
                    read.conversions()), false);
        }
    }

    /**
     * Small tables in one transaction, each with its own statement, outcome, log line and audit row;
     * each succeeded at its first attempt. If the group is not committed, each table is copied alone
     * instead, the failed statement counting as its table's first attempt: the group changes no
     * table's attempts or outcome, only what a table's own transaction would have cost.
     */
    private List<Copy> copyTogether(Connector connector, String runId, List<TableRef> tables, Plan plan,
            Progress progress, AtomicBoolean auditInCopy) {
        boolean inCopy = auditInCopy.get();
        TableCopier.InCopy auditRows = inCopy
                ? (session, t, c) -> AuditLog.record(session, entry(connector, runId, succeeded(t, c, 1, c.started())))
                : TableCopier.InCopy.NOTHING;
        try {
            List<TableCopier.Copied> copied = TableCopier.copyTogether(connector, tables, plan::read, progress,
                    auditRows);
            List<Copy> copies = new ArrayList<>();
            for (int i = 0; i < tables.size(); i++) {
                TableCopier.Copied c = copied.get(i);
                copies.add(new Copy(succeeded(tables.get(i), c, 1, c.started()), inCopy));
            }
            return copies;
        } catch (TableCopier.GroupFailure failure) {
            if (tables.stream().allMatch(t -> failure.firstAttemptOf(t).isEmpty())) {
                // No table's own failure, which its copy alone would report: say it here.
                LOG.warnf("GROUP %s: not committed: %s; copying each table alone", tables,
                        Failures.redactedLine(failure.getCause(), connector.settings()));
            }
            return tables.stream().map(t -> copy(connector, runId, t, plan.read(t), progress, auditInCopy,
                    failure.firstAttemptOf(t))).toList();
        }
    }

    private static Outcome.Succeeded succeeded(TableRef table, TableCopier.Copied copied, int attempts,
            Instant started) {
        return new Outcome.Succeeded(table, copied.rows(), attempts, started, copied.finished(),
                copied.conversions());
    }

    /** Writes the outcome's audit row; a failure here never changes the table's outcome. */
    private static boolean audit(Connector connector, String runId, Outcome outcome) {
        try {
            AuditLog.record(connector.targetSession(), entry(connector, runId, outcome));
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.errorf("AUDIT %s: row not written: %s", outcome.table(),
                    Failures.redactedLine(e, connector.settings()));
            return false;
        }
    }

    private static AuditEntry entry(Connector connector, String runId, Outcome outcome) {
        return switch (outcome) {
            case Outcome.Succeeded s -> entry(connector, runId, s, AuditEntry.Status.SUCCEEDED,
                    OptionalLong.of(s.rows()), Optional.empty());
            case Outcome.Failed f -> entry(connector, runId, f, AuditEntry.Status.FAILED,
                    OptionalLong.empty(), Optional.of(f.error()));
            case Outcome.Pruned p -> entry(connector, runId, p, AuditEntry.Status.PRUNED,
                    OptionalLong.empty(), Optional.empty());
        };
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
                case Outcome.Pruned p -> {
                    MDC.put("status", "pruned");
                    LOG.infof("PRUNED %s: its source table is gone", p.table());
                }
            }
        } finally {
            keys.forEach(MDC::remove);
        }
    }
}

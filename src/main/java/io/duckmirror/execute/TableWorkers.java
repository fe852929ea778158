package io.duckmirror.execute;

import io.duckmirror.TableRef;
import io.duckmirror.audit.AuditLog;
import io.duckmirror.config.NameList;
import io.duckmirror.plan.Plan;
import io.duckmirror.plan.TableRead;
import io.duckmirror.session.Connector;
import io.duckmirror.session.Failures;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * SNAPSHOT=table: copies the plan's tables on PARALLEL_TABLES worker threads, each taking the next
 * tables the schedule gives (one, or a group of small ones) and copying them on its own connection of
 * the run's DuckDB instance. A copied table's audit row is committed with it; every other outcome is
 * recorded as soon as it is known.
 */
final class TableWorkers {
    private static final Logger LOG = Logger.getLogger(TableWorkers.class);

    private final TableCopier copier;
    private final Connector connector;
    private final Plan plan;
    private final Recorder recorder;
    /**
     * A table's audit row goes in with it, in its copy's transaction; once that fails, the rest of the
     * run writes rows apart, as failures' rows are, rather than copy each table twice.
     */
    private final AtomicBoolean auditInCopy = new AtomicBoolean(true);

    TableWorkers(TableCopier copier, Connector connector, Plan plan, Recorder recorder) {
        this.copier = copier;
        this.connector = connector;
        this.plan = plan;
        this.recorder = recorder;
    }

    /** Each planned table's outcome, in the plan's order; every one already logged and audited. */
    List<Outcome> copyAll(Schedule schedule, int workers) {
        Map<TableRef, Outcome> outcomes = new ConcurrentHashMap<>();
        // Connectors are made here, on this thread: making one touches the run's own session.
        List<Connector> connectors = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            connectors.add(connector.worker());
        }
        List<Future<?>> running = new ArrayList<>();
        // Daemon threads: a signal ends the process without waiting for a copy (see StopNotice).
        try (Progress progress = Progress.every(connector.settings().progressInterval(), recorder.runId());
                ExecutorService pool = Executors.newFixedThreadPool(workers,
                        Thread.ofPlatform().daemon().name("copy-", 1).factory())) {
            for (Connector worker : connectors) {
                running.add(pool.submit(() -> {
                    MDC.put("run_id", recorder.runId());
                    try (worker) {
                        for (List<TableRef> next = schedule.next(); !next.isEmpty(); next = schedule.next()) {
                            List<Copy> copies;
                            try {
                                copies = copy(worker, next, progress);
                            } finally {
                                next.forEach(schedule::done);
                            }
                            for (Copy copy : copies) {
                                outcomes.put(copy.outcome().table(), copy.outcome());
                                if (copy.audited()) {
                                    recorder.log(copy.outcome());
                                } else {
                                    recorder.record(copy.outcome());
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
        return plan.tables().stream().map(outcomes::get).toList();
    }

    /** A table's outcome, and whether its audit row was committed with the table. */
    private record Copy(Outcome outcome, boolean audited) {
    }

    /** The tables the schedule gave: one alone, or several small ones together. */
    private List<Copy> copy(Connector worker, List<TableRef> tables, Progress progress) {
        if (tables.size() > 1) {
            return copyTogether(worker, tables, progress);
        }
        TableRef table = tables.getFirst();
        return List.of(copy(worker, table, plan.read(table), progress, Optional.empty()));
    }

    /**
     * One table alone, under the retry policy; {@code failedInGroup}: its statement's failure in a
     * group, which counts as its first attempt.
     */
    private Copy copy(Connector worker, TableRef table, TableRead read, Progress progress,
            Optional<SQLException> failedInGroup) {
        AtomicInteger attempts = new AtomicInteger();
        Instant started = Instant.now();
        // The lines of its attempts (TRANSIENT, AUDIT) name the table as fields too, for a log collector.
        MDC.put("schema", table.schema());
        MDC.put("table", table.table());
        boolean inCopy = auditInCopy.get();
        TableCopier.InCopy auditRow = inCopy
                ? (session, t, c) -> AuditLog.record(session, recorder.entry(succeeded(t, c, attempts.get(), started)))
                : TableCopier.InCopy.NOTHING;
        try {
            TableCopier.Copied copied = copier.copy(worker, table, read, attempts, progress, auditRow, failedInGroup);
            if (inCopy && !copied.recorded()) {
                auditInCopy.set(false);
            }
            return new Copy(succeeded(table, copied, attempts.get(), started), inCopy && copied.recorded());
        } catch (CopyFailure failure) {
            String error = Failures.redactedLine(failure.getCause(), connector.settings());
            return new Copy(new Outcome.Failed(table, error, attempts.get(), started, Instant.now(),
                    read.conversions()), false);
        } finally {
            MDC.remove("schema");
            MDC.remove("table");
        }
    }

    /**
     * Small tables in one transaction, each with its own statement, outcome, log line and audit row;
     * each succeeded at its first attempt. If the group is not committed, each table is copied alone
     * instead, the failed statement counting as its table's first attempt: the group changes no
     * table's attempts or outcome, only what a table's own transaction would have cost.
     */
    private List<Copy> copyTogether(Connector worker, List<TableRef> tables, Progress progress) {
        boolean inCopy = auditInCopy.get();
        TableCopier.InCopy auditRows = inCopy
                ? (session, t, c) -> AuditLog.record(session, recorder.entry(succeeded(t, c, 1, c.started())))
                : TableCopier.InCopy.NOTHING;
        try {
            List<TableCopier.Copied> copied = TableCopier.copyTogether(worker, tables, plan::read, progress, auditRows);
            List<Copy> copies = new ArrayList<>();
            for (int i = 0; i < tables.size(); i++) {
                TableCopier.Copied c = copied.get(i);
                copies.add(new Copy(succeeded(tables.get(i), c, 1, c.started()), inCopy));
            }
            return copies;
        } catch (TableCopier.GroupFailure failure) {
            if (tables.stream().allMatch(t -> failure.firstAttemptOf(t).isEmpty())) {
                // No table's own failure, which its copy alone would report: say it here.
                LOG.warnf("GROUP %s: not committed: %s; copying each table alone", NameList.format(tables),
                        Failures.redactedLine(failure.getCause(), connector.settings()));
            }
            return tables.stream().map(t -> copy(worker, t, plan.read(t), progress, failure.firstAttemptOf(t))).toList();
        }
    }

    static Outcome.Succeeded succeeded(TableRef table, TableCopier.Copied copied, int attempts, Instant started) {
        return new Outcome.Succeeded(table, copied.rows(), attempts, started, copied.finished(), copied.conversions());
    }
}

package io.duckmirror.execute;

import io.duckmirror.TableRef;
import io.duckmirror.config.ConfigurationException;
import io.duckmirror.config.NameList;
import io.duckmirror.config.Settings;
import io.duckmirror.config.SnapshotMode;
import io.duckmirror.plan.Changes;
import io.duckmirror.plan.Plan;
import io.duckmirror.plan.Planner;
import io.duckmirror.session.Connector;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * A run's order: plan, set up the audit and the schemas, copy every planned table (PARALLEL_TABLES at
 * a time with TableWorkers, or all in one transaction with SNAPSHOT=consistent), prune with PRUNE=true,
 * summarise. Every outcome is recorded (Recorder) as soon as it is known; a table's failure is recorded
 * and the run goes on.
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
        return run(settings, Optional.empty(), settings.prune());
    }

    /**
     * Plans and mirrors only these planned tables: one orchestrator task.
     *
     * @param option the command-line option that named them, for the error
     * @throws ConfigurationException when one of them is not in the plan
     */
    public RunReport execute(Settings settings, String option, Set<TableRef> only) {
        return run(settings, Optional.of(new Only(option, only)), false);
    }

    /** The tables an execute task was given, and the option that named them. */
    private record Only(String option, Set<TableRef> tables) {
    }

    private RunReport run(Settings settings, Optional<Only> only, boolean prune) {
        String runId = settings.runId().orElseGet(() -> UUID.randomUUID().toString());
        MDC.put("run_id", runId);
        try (Connector connector = Connector.exportingCredentials(settings)) {
            Plan planned = planner.plan(connector);
            planned.warnings().forEach(LOG::warn);
            copier.prepareAudit(connector);
            Plan plan = admitted(connector, runId, planned, only);
            // Read before any copy starts: a write committed after it shows at the next run.
            Changes changes = settings.skipUnchanged() ? planner.changes(connector, plan) : Changes.NONE;
            long unchanged = changes.unchangedCount();
            LOG.infof("Run %s: %d table(s) to mirror%s%s%s, from %s into %s (database %s)", runId, plan.tables().size(),
                    settings.skipUnchanged() ? ", " + unchanged + " unchanged since their last copy" : "",
                    plan.refused().isEmpty() ? "" : ", " + plan.refused().size() + " refused",
                    plan.skipped().isEmpty() ? "" : ", " + plan.skipped().size() + " skipped",
                    settings.source().describe(), settings.target().describe(), settings.targetDatabase());
            return run(connector, plan, new Recorder(connector, runId, changes), changes, prune);
        } finally {
            MDC.remove("run_id");
        }
    }

    /** The plan, restricted to an execute task's tables; a refusal is recorded before it is thrown. */
    private Plan admitted(Connector connector, String runId, Plan planned, Optional<Only> only) {
        try {
            Plan plan = only.map(o -> planned.restrictedTo(o.option(), o.tables())).orElse(planned);
            if (connector.settings().snapshot() == SnapshotMode.CONSISTENT) {
                consistent.requireSharedSnapshot(connector);
            }
            return plan;
        } catch (ConfigurationException e) {
            // The gate at the end of a fan-out then tells this task's tables from those of a task that never ran.
            new Recorder(connector, runId, Changes.NONE).refused(
                    only.map(Only::tables).orElse(Set.copyOf(planned.tables())), e.getMessage());
            throw e;
        }
    }

    private RunReport run(Connector connector, Plan plan, Recorder recorder, Changes changes, boolean prune) {
        Instant start = Instant.now();
        recorder.started(plan.tables());
        List<Outcome> outcomes = new ArrayList<>();
        Stream.concat(plan.refused().stream().map(r -> new Outcome.Refused(r.table(), r.reason(), Instant.now())),
                plan.skipped().stream().map(s -> new Outcome.Skipped(s.table(), s.reason(), Instant.now())))
                .forEach(notCopied -> {
                    recorder.record(notCopied);
                    outcomes.add(notCopied);
                });
        List<TableRef> toCopy = new ArrayList<>();
        List<Outcome> unchanged = new ArrayList<>();
        for (TableRef table : plan.tables()) {
            Optional<Changes.Unchanged> same = changes.unchanged(table);
            if (same.isPresent()) {
                unchanged.add(new Outcome.Unchanged(table, same.get().rows(), same.get().sinceRun(), Instant.now(),
                        plan.conversions(table)));
            } else {
                changes.whyCopied(table).ifPresent(why -> LOG.infof("COPY %s: %s", NameList.format(table), why));
                toCopy.add(table);
            }
        }
        recorder.recordAll(unchanged);
        outcomes.addAll(unchanged);
        if (!toCopy.isEmpty()) {
            Plan copying = plan.copying(toCopy);
            copier.prepareSchemas(connector, toCopy.stream().map(TableRef::schema).toList());
            outcomes.addAll(copy(connector, copying, recorder));
        }
        if (prune) {
            // The whole plan: a table left unchanged is still mirrored, not one to prune.
            for (Outcome pruned : Pruner.prune(connector, plan)) {
                recorder.record(pruned);
                outcomes.add(pruned);
            }
        }
        recorder.finished();
        RunReport report = new RunReport(recorder.runId(), outcomes, recorder.auditFailures(),
                Duration.between(start, Instant.now()));
        LOG.infof("Summary: %s, %d rows copied in %.1fs (run %s)", report.counts(), report.rows(),
                report.elapsed().toMillis() / 1000.0, recorder.runId());
        if (report.auditFailures() > 0) {
            LOG.errorf("%d audit row(s) could not be written; the tables' outcomes above stand", report.auditFailures());
        }
        return report;
    }

    /** The planned tables' outcomes, each recorded, with a notice and a record should a signal stop the copying. */
    private List<Outcome> copy(Connector connector, Plan plan, Recorder recorder) {
        if (connector.settings().snapshot() == SnapshotMode.CONSISTENT) {
            List<Outcome> outcomes;
            try (var stop = StopNotice.install(recorder, connector,
                    new StopNotice.ConsistentSet(Set.copyOf(plan.tables())))) {
                outcomes = ConsistentRun.copyAll(consistent, connector, plan);
            }
            outcomes.forEach(recorder::record);
            return outcomes;
        }
        int workers = Math.min(connector.settings().parallelTables(), plan.tables().size());
        Schedule schedule = new Schedule(plan.tables(), plan.pages(), workers, connector.settings().tablesPerCommit());
        try (var stop = StopNotice.install(recorder, connector, schedule)) {
            return new TableWorkers(copier, connector, plan, recorder).copyAll(schedule, workers);
        }
    }
}

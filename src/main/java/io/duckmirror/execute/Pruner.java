package io.duckmirror.execute;

import io.duckmirror.TableRef;
import io.duckmirror.audit.AuditEntry;
import io.duckmirror.audit.AuditLog;
import io.duckmirror.plan.Plan;
import io.duckmirror.plan.Prunes;
import io.duckmirror.session.Connector;
import io.duckmirror.session.Failures;
import io.duckmirror.session.Session;
import io.duckmirror.session.Sql;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * PRUNE=true, after a whole run: drops the target tables duckmirror mirrored whose source table is gone
 * (see {@link Prunes}), each with an audit row {@code pruned}. It runs only after a run whose
 * discovery succeeded, and never when the source showed no table at all: a wrong database or an
 * empty replica would otherwise empty the mirror.
 */
final class Pruner {
    private static final Logger LOG = Logger.getLogger(Pruner.class);

    private Pruner() {
    }

    /**
     * @return the tables that could not be dropped, as failed outcomes for the run to log and audit;
     *         the pruned ones are audited and logged here
     */
    static List<Outcome> prune(Connector connector, Plan plan, String runId) {
        if (plan.discovered() == 0) {
            LOG.warn("PRUNE skipped: the source has no tables at all, which looks more like the wrong database than"
                    + " a source whose tables were all dropped");
            return List.of();
        }
        List<Outcome> failed = new ArrayList<>();
        Session target = connector.targetSession();
        List<TableRef> prunes;
        try {
            prunes = Prunes.find(target, plan, connector.settings().selection());
        } catch (SQLException e) {
            LOG.errorf("PRUNE skipped: could not read what was mirrored: %s",
                    connector.settings().redact(Failures.firstLine(e)));
            return List.of();
        }
        for (TableRef table : prunes) {
            Instant started = Instant.now();
            try {
                target.execute("DROP TABLE " + Sql.qualified(target.targetDatabase(), table.schema(), table.table()));
            } catch (SQLException e) {
                String error = "not pruned: " + connector.settings().redact(Failures.firstLine(e));
                failed.add(new Outcome.Failed(table, error, 1, started, Instant.now(), List.of()));
                continue;
            }
            LOG.infof("PRUNED %s: its source table is gone", table);
            try {
                AuditLog.record(target, new AuditEntry(runId, table, target.targetDatabase(), AuditEntry.Status.PRUNED,
                        OptionalLong.empty(), 1, started, Instant.now(), Optional.empty(), List.of()));
            } catch (SQLException e) {
                LOG.errorf("AUDIT %s: row not written: %s", table, connector.settings().redact(Failures.firstLine(e)));
            }
        }
        return failed;
    }
}

package io.duckmirror.execute;

import io.duckmirror.TableRef;
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
import org.jboss.logging.Logger;

/**
 * PRUNE=true, after a whole run: drops the target tables duckmirror mirrored whose source table is gone
 * (see {@link Prunes}); each drop is an outcome the run logs and audits ({@code pruned}). It runs only after a run whose
 * discovery succeeded, and never when the source showed no table at all (Prunes).
 */
final class Pruner {
    private static final Logger LOG = Logger.getLogger(Pruner.class);

    private Pruner() {
    }

    /** @return each candidate's outcome, pruned or failed, for the run to log and audit like a table's */
    static List<Outcome> prune(Connector connector, Plan plan) {
        Session target = connector.targetSession();
        List<TableRef> prunes;
        try {
            prunes = Prunes.find(target, plan, connector.settings().selection());
        } catch (SQLException e) {
            LOG.errorf("PRUNE skipped: could not read what was mirrored: %s", Failures.redactedLine(e, connector.settings()));
            return List.of();
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (TableRef table : prunes) {
            Instant started = Instant.now();
            try {
                target.execute("DROP TABLE " + Sql.qualified(target.targetDatabase(), table.schema(), table.table()));
                outcomes.add(new Outcome.Pruned(table, started, Instant.now()));
            } catch (SQLException e) {
                outcomes.add(new Outcome.Failed(table, "not pruned: " + Failures.redactedLine(e, connector.settings()), 1,
                        started, Instant.now(), List.of()));
            }
        }
        return outcomes;
    }
}

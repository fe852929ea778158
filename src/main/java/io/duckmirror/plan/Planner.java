package io.duckmirror.plan;

import io.duckmirror.TableRef;
import io.duckmirror.config.Settings;
import io.duckmirror.session.Connector;
import io.duckmirror.session.Failures;
import io.duckmirror.session.ReferenceBackoff;
import io.duckmirror.session.Session;
import io.duckmirror.session.UnreachableException;
import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Plans under the retry policy: a source that is restarting, or not up yet when an orchestrator
 * starts the worker, is waited for like a table's transient failure, each attempt on a fresh
 * connection. A wrong password or a missing database fails at once.
 */
@ApplicationScoped
public class Planner {

    /** The numbers come from MAX_RETRIES and RETRY_BASE_SECONDS, as for TableCopier.copy. */
    @Retry(maxRetries = 4, delay = 2000, maxDuration = 0, jitter = 0)
    @RetryWhen(exception = UnreachableException.IfTransient.class)
    @CustomBackoff(ReferenceBackoff.class)
    public Plan plan(Connector connector) {
        try {
            return planOnce(connector);
        } catch (UnreachableException e) {
            if (e.isTransient()) {
                connector.discard();
            }
            throw e;
        }
    }

    /** One attempt, no retries: for {@code check}, which a person runs by hand and wants answered now. */
    public Plan planOnce(Connector connector) {
        return TableDiscovery.plan(connector.sourceSession(), connector.settings());
    }

    /**
     * Which of the plan's tables are unchanged since their last copy (SKIP_UNCHANGED=true), read before
     * any is copied. Not retried: the plan just read the same source.
     */
    public Changes changes(Connector connector, Plan plan) {
        Settings settings = connector.settings();
        Optional<Session> target = settings.target().missing() ? Optional.empty() : Optional.of(connector.targetSession());
        try {
            return ChangeCheck.check(connector.sourceSession(), target, plan, settings.numericPolicy());
        } catch (SQLException e) {
            throw new UnreachableException("could not tell which tables changed: " + Failures.redactedLine(e, settings),
                    Failures.isTransient(e), e);
        }
    }

    /**
     * What PRUNE=true would drop after a run of this plan: nothing when pruning is off, or when the
     * target file does not exist yet (plan never creates one).
     */
    public List<TableRef> prunes(Connector connector, Plan plan) {
        Settings settings = connector.settings();
        if (!settings.prune() || settings.target().missing()) {
            return List.of();
        }
        try {
            return Prunes.find(connector.targetSession(), plan, settings.selection());
        } catch (SQLException e) {
            throw new UnreachableException("could not read what " + settings.targetDatabase() + " holds: "
                    + Failures.redactedLine(e, settings), Failures.isTransient(e), e);
        }
    }
}

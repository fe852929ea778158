package io.duckmirror.execute;

import io.duckmirror.TableRef;
import io.duckmirror.audit.AuditLog;
import io.duckmirror.config.NumericPolicy;
import io.duckmirror.plan.ReadPlanner;
import io.duckmirror.plan.TableRead;
import io.duckmirror.session.Connector;
import io.duckmirror.session.Failures;
import io.duckmirror.session.ReferenceBackoff;
import io.duckmirror.session.Session;
import io.duckmirror.session.Sql;
import io.duckmirror.session.UnreachableException;
import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

/** Moves one table in one atomic statement, and sets up the audit table, under the configured retry policy. */
@ApplicationScoped
public class TableCopier {
    private static final Logger LOG = Logger.getLogger(TableCopier.class);
    private static final String RAGGED_ARRAY = "Expected an array with";

    /** A table copied: its row count and the columns whose values or types the copy changed. */
    public record Copied(long rows, List<String> conversions) {
    }

    /**
     * The annotation's numbers are placeholders: application.yaml sets them from MAX_RETRIES and
     * RETRY_BASE_SECONDS (see RetrySettingsInterceptor). {@code maxDuration = 0}: no time limit, only
     * the attempt count ends the retries.
     */
    @Retry(maxRetries = 4, delay = 2000, maxDuration = 0, jitter = 0, retryOn = CopyFailure.Transient.class)
    @CustomBackoff(ReferenceBackoff.class)
    public Copied copy(Connector connector, TableRef table, TableRead read, AtomicInteger attempts,
            Progress progress) {
        attempts.incrementAndGet();
        try {
            Session session = connector.session();
            if (progress.enabled()) {
                session.trackProgress();
            }
            return copyOn(session, table, read, connector.settings().numericPolicy(), progress);
        } catch (SQLException | UnreachableException e) {
            if (e instanceof UnreachableException u ? u.isTransient() : Failures.isTransient(e)) {
                LOG.warnf("TRANSIENT %s: attempt %d failed: %s", table, attempts.get(),
                        Failures.redactedLine(e, connector.settings()));
                connector.discard();
                throw new CopyFailure.Transient(e);
            }
            throw new CopyFailure(e);
        }
    }

    /**
     * One attempt at a table, on the given session: the swap and its row count. The table's schema
     * must exist ({@link #prepareSchemas}).
     */
    public static Copied copyOn(Session session, TableRef table, TableRead read, NumericPolicy numericPolicy,
            Progress progress) throws SQLException {
        try {
            return swapAndCount(session, table, read, progress);
        } catch (SQLException e) {
            if (!isRaggedArray(e)) {
                throw e;
            }
            // Rows hold arrays of other dimensions than their column's type, which the extension
            // cannot read as lists: read those columns, and only those, as PostgreSQL's text.
            TableRead textArrays = ReadPlanner.withRaggedArraysAsText(session, table, numericPolicy)
                    .orElseThrow(() -> e);
            return swapAndCount(session, table, textArrays, progress);
        }
    }

    /** Whether the native read refused a table's arrays for their dimensions. */
    static boolean isRaggedArray(SQLException e) {
        return String.valueOf(e.getMessage()).contains(RAGGED_ARRAY);
    }

    /**
     * The table's one long statement, its progress reported while it runs, and its row count. The
     * whole load is one statement: readers see the old table or the new one, never a partial one.
     */
    static Copied swapAndCount(Session session, TableRef table, TableRead read, Progress progress) throws SQLException {
        String target = Sql.qualified(session.targetDatabase(), table.schema(), table.table());
        try (PreparedStatement statement = session.prepare("CREATE OR REPLACE TABLE " + target + " AS " + read.select());
                Progress.Watch watch = progress.watch(table, statement)) {
            statement.execute();
        }
        // DuckDB's driver (1.5.5.1) reports no row count for CREATE TABLE AS: getUpdateCount() is -1
        // and executeQuery() refuses it. Counting a DuckDB table reads its row-group metadata only.
        try (PreparedStatement statement = session.prepare("SELECT count(*) FROM " + target);
                ResultSet count = statement.executeQuery()) {
            count.next();
            return new Copied(count.getLong(1), read.conversions());
        }
    }

    /**
     * Creates the target schemas of a run's tables once, before any copy, under the same retry policy:
     * workers of one run would otherwise race {@code CREATE SCHEMA IF NOT EXISTS} for each table, and
     * workers of other processes on one MotherDuck database still may (write-write conflicts, transient).
     *
     * @throws UnreachableException when it still fails: no table could land (exit 3)
     */
    @Retry(maxRetries = 4, delay = 2000, maxDuration = 0, jitter = 0)
    @RetryWhen(exception = UnreachableException.IfTransient.class)
    @CustomBackoff(ReferenceBackoff.class)
    public void prepareSchemas(Connector connector, Collection<String> schemas) {
        for (String schema : new TreeSet<>(schemas)) {
            setUp(connector, "schema " + schema, "could not create the schema " + schema + " in "
                    + connector.settings().targetDatabase(),
                    session -> session.execute("CREATE SCHEMA IF NOT EXISTS "
                            + Sql.qualified(session.targetDatabase(), schema)));
        }
    }

    /**
     * Creates or upgrades the audit table under the same retry policy as a copy: workers starting
     * together on one database race its CREATE/ALTER, and the losers' catalog write-write conflicts
     * pass when tried again. Each retry runs on a fresh connection.
     *
     * @throws UnreachableException when it still fails: the run cannot be audited (exit 3)
     */
    @Retry(maxRetries = 4, delay = 2000, maxDuration = 0, jitter = 0)
    @RetryWhen(exception = UnreachableException.IfTransient.class)
    @CustomBackoff(ReferenceBackoff.class)
    public void prepareAudit(Connector connector) {
        setUp(connector, "audit table", "could not create the audit table in " + connector.settings().targetDatabase(),
                AuditLog::prepare);
    }

    /** A step of setting up the target, on a session with it open. */
    private interface SetUpStep {
        void run(Session session) throws SQLException;
    }

    /**
     * Runs a set-up step; a transient failure drops the connection, so that the retry the caller's
     * {@code @Retry} makes runs on a fresh one.
     *
     * @throws UnreachableException when it fails, transient or not
     */
    private static void setUp(Connector connector, String what, String failure, SetUpStep step) {
        try {
            step.run(connector.targetSession());
        } catch (SQLException e) {
            boolean transientFailure = Failures.isTransient(e);
            String reason = Failures.redactedLine(e, connector.settings());
            if (transientFailure) {
                LOG.warnf("TRANSIENT %s: %s", what, reason);
                connector.discard();
            }
            throw new UnreachableException(failure + ": " + reason, transientFailure, e);
        } catch (UnreachableException e) {
            if (e.isTransient()) {
                connector.discard();
            }
            throw e;
        }
    }
}

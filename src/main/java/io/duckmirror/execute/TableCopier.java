package io.duckmirror.execute;

import io.duckmirror.TableRef;
import io.duckmirror.audit.AuditLog;
import io.duckmirror.config.NameList;
import io.duckmirror.config.NumericPolicy;
import io.duckmirror.config.Settings;
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
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

/**
 * Moves a table in one atomic statement, alone under the configured retry policy or with other small
 * tables in one transaction, and sets up the target's schemas and audit table.
 */
@ApplicationScoped
public class TableCopier {
    private static final Logger LOG = Logger.getLogger(TableCopier.class);
    private static final String RAGGED_ARRAY = "Expected an array with";

    /**
     * A table copied: its row count, the columns whose values or types the copy changed, when its
     * statement started and when its count ended, and whether the {@link InCopy} step was committed
     * with it.
     */
    public record Copied(long rows, List<String> conversions, Instant started, Instant finished, boolean recorded) {
        Copied asRecorded() {
            return new Copied(rows, conversions, started, finished, true);
        }
    }

    /**
     * What is written in a copy's own transaction, beside the table: its audit row. The table and its
     * row are then committed together, in one commit: a killed worker leaves both or neither.
     */
    @FunctionalInterface
    public interface InCopy {
        InCopy NOTHING = (session, table, copied) -> {
        };

        void write(Session session, TableRef table, Copied copied) throws SQLException;
    }

    /**
     * A group of tables was not committed: the table whose statement failed, or none (the transaction
     * failed around them), and why. None of the group's tables was replaced.
     */
    public static final class GroupFailure extends Exception {
        private final transient TableRef table;

        GroupFailure(TableRef table, Exception cause) {
            super(cause.getMessage(), cause);
            this.table = table;
        }

        /** The table whose statement failed; empty when the transaction failed around the tables. */
        public Optional<TableRef> table() {
            return Optional.ofNullable(table);
        }

        /**
         * The group's failure as this table's first attempt, when the failure was its statement's: its
         * copy alone then goes on from there under the retry policy, so the group changes neither its
         * attempts nor its outcome. Empty for the others, and for a table whose arrays the native read
         * refused: its copy alone reads them as text.
         */
        public Optional<SQLException> firstAttemptOf(TableRef other) {
            return other.equals(table) && getCause() instanceof SQLException e && !isRaggedArray(e)
                    ? Optional.of(e)
                    : Optional.empty();
        }
    }

    /**
     * The annotation's numbers are placeholders: application.yaml sets them from MAX_RETRIES and
     * RETRY_BASE_SECONDS (see RetrySettingsInterceptor). {@code maxDuration = 0}: no time limit, only
     * the attempt count ends the retries.
     */
    @Retry(maxRetries = 4, delay = 2000, maxDuration = 0, jitter = 0, retryOn = CopyFailure.Transient.class)
    @CustomBackoff(ReferenceBackoff.class)
    public Copied copy(Connector connector, TableRef table, TableRead read, AtomicInteger attempts,
            Progress progress, InCopy inCopy, Optional<SQLException> failedInGroup) {
        attempts.incrementAndGet();
        try {
            if (attempts.get() == 1 && failedInGroup.isPresent()) {
                throw failedInGroup.get();
            }
            Session session = connector.session();
            if (progress.enabled()) {
                session.trackProgress();
            }
            NumericPolicy numericPolicy = connector.settings().numericPolicy();
            try {
                return inTransaction(session, table, read, progress, inCopy, connector.settings());
            } catch (SQLException e) {
                if (!isRaggedArray(e)) {
                    throw e;
                }
                // Rows hold arrays of other dimensions than their column's type, which the extension
                // cannot read as lists: read those columns, and only those, as PostgreSQL's text.
                TableRead textArrays = ReadPlanner.withRaggedArraysAsText(session, table, numericPolicy,
                        connector.settings().numericNanCheck())
                        .orElseThrow(() -> e);
                return inTransaction(session, table, textArrays, progress, inCopy, connector.settings());
            }
        } catch (SQLException | UnreachableException e) {
            if (e instanceof UnreachableException u ? u.isTransient() : Failures.isTransient(e)) {
                connector.discard();
                throw new CopyFailure.Transient(NameList.format(table), Failures.redactedLine(e, connector.settings()), e);
            }
            throw new CopyFailure(e);
        }
    }

    /** Whether the native read refused a table's arrays for their dimensions. */
    static boolean isRaggedArray(SQLException e) {
        return String.valueOf(e.getMessage()).contains(RAGGED_ARRAY);
    }

    /**
     * One attempt at a table in one transaction: the swap, its row count and the in-copy step, one
     * commit. Should the step fail, the transaction is lost with it (DuckDB has no savepoints): the
     * table is then copied again on its own, and {@link Copied#recorded()} says the step did not land,
     * so that the caller writes it apart. The table is never lost to its audit row.
     */
    private static Copied inTransaction(Session session, TableRef table, TableRead read, Progress progress,
            InCopy inCopy, Settings settings) throws SQLException {
        session.execute("BEGIN TRANSACTION");
        try {
            Copied copied = swapAndCount(session, table, read, progress);
            try {
                inCopy.write(session, table, copied);
            } catch (SQLException | RuntimeException stepFailed) {
                rollbackQuietly(session);
                LOG.warnf("AUDIT %s: row not written with the table (%s); copying the table again without it",
                        NameList.format(table), Failures.redactedLine(stepFailed, settings));
                return swapAndCount(session, table, read, progress);
            }
            session.commit();
            return copied.asRecorded();
        } catch (SQLException e) {
            rollbackQuietly(session);
            throw e;
        }
    }

    /**
     * Copies small tables in one transaction, each in its own statement as {@link #copy} does, with
     * their in-copy steps, in one commit: what a table's own transaction costs (the commit, and the
     * source connection the postgres extension checks out, tests and resets for it) is paid once for
     * the group. Tried once: on any failure nothing is replaced, and the caller copies each table
     * alone, under the retry policy.
     *
     * @throws GroupFailure naming the table whose statement failed, if one did
     */
    public static List<Copied> copyTogether(Connector connector, List<TableRef> tables, Function<TableRef, TableRead> reads,
            Progress progress, InCopy inCopy) throws GroupFailure {
        Session session = null;
        TableRef current = null;
        try {
            session = connector.session();
            if (progress.enabled()) {
                session.trackProgress();
            }
            session.execute("BEGIN TRANSACTION");
            List<Copied> copied = new ArrayList<>();
            for (TableRef table : tables) {
                current = table;
                copied.add(swapAndCount(session, table, reads.apply(table), progress));
            }
            current = null;
            for (int i = 0; i < tables.size(); i++) {
                inCopy.write(session, tables.get(i), copied.get(i));
            }
            session.commit();
            return copied.stream().map(Copied::asRecorded).toList();
        } catch (SQLException | UnreachableException e) {
            if (session != null) {
                rollbackQuietly(session);
            }
            if (e instanceof UnreachableException u ? u.isTransient() : Failures.isTransient(e)) {
                // whatever copies them next must start on a fresh connection
                connector.discard();
            }
            throw new GroupFailure(current, e);
        }
    }

    /**
     * The table's one long statement, its progress reported while it runs, and its row count. The
     * whole load is one statement: readers see the old table or the new one, never a partial one. Run
     * directly rather than prepared: a prepared statement would bind in a transaction of its own, and
     * the extension hands each transaction a source connection, checked and reset.
     */
    static Copied swapAndCount(Session session, TableRef table, TableRead read, Progress progress) throws SQLException {
        String target = Sql.qualified(session.targetDatabase(), table.schema(), table.table());
        Instant started = Instant.now();
        try (Statement statement = session.statement();
                Progress.Watch watch = progress.watch(table, statement)) {
            Session.execute(statement, "CREATE OR REPLACE TABLE " + target + " AS " + read.select());
        }
        // DuckDB's driver (1.5.5.1) reports no row count for CREATE TABLE AS: getUpdateCount() is -1
        // and executeQuery() refuses it. Counting a DuckDB table reads its row-group metadata only.
        try (PreparedStatement statement = session.prepare("SELECT count(*) FROM " + target);
                ResultSet count = statement.executeQuery()) {
            count.next();
            return new Copied(count.getLong(1), read.conversions(), started, Instant.now(), false);
        }
    }

    static void rollbackQuietly(Session session) {
        try {
            session.execute("ROLLBACK");
        } catch (SQLException alreadyOver) {
            // DuckDB rolls back a failed transaction itself; nothing more to undo
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
            setUp(connector, "could not create the schema " + schema + " in "
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
        setUp(connector, "could not create the audit table in " + connector.settings().targetDatabase(),
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
    private static void setUp(Connector connector, String failure, SetUpStep step) {
        try {
            step.run(connector.targetSession());
        } catch (SQLException e) {
            boolean transientFailure = Failures.isTransient(e);
            String reason = Failures.redactedLine(e, connector.settings());
            if (transientFailure) {
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

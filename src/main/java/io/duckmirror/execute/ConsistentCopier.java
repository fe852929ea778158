package io.duckmirror.execute;

import io.duckmirror.TableRef;
import io.duckmirror.config.ConfigurationException;
import io.duckmirror.config.NameList;
import io.duckmirror.config.SnapshotMode;
import io.duckmirror.plan.Plan;
import io.duckmirror.plan.ReadPlanner;
import io.duckmirror.plan.TableRead;
import io.duckmirror.session.Connector;
import io.duckmirror.session.Failures;
import io.duckmirror.session.ReferenceBackoff;
import io.duckmirror.session.Session;
import io.duckmirror.session.UnreachableException;
import io.smallrye.faulttolerance.api.CustomBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * SNAPSHOT=consistent: every planned table copied in one DuckDB transaction, swapped together at its
 * commit. The postgres extension reads every scan of one DuckDB transaction from one PostgreSQL
 * snapshot (its parallel readers import the snapshot the first one exported), so the mirror holds
 * what the source held at one moment. If any table fails, the transaction is rolled back and no
 * table is replaced; a transient failure retries the whole set on a fresh connection.
 */
@ApplicationScoped
public class ConsistentCopier {
    private static final String IN_RECOVERY = Session.sourceQuery("SELECT pg_is_in_recovery()");

    /** The set was not swapped because of this table's permanent failure. */
    public static final class SetFailure extends RuntimeException {
        private final transient TableRef table;

        SetFailure(TableRef table, Throwable cause) {
            super(cause.getMessage(), cause);
            this.table = table;
        }

        public TableRef table() {
            return table;
        }
    }

    /**
     * A hot standby cannot give the extension's connections one snapshot to share: refuse the mode
     * there rather than give less than it promises.
     */
    public void requireSharedSnapshot(Connector connector) {
        try (PreparedStatement statement = connector.sourceSession().prepare(IN_RECOVERY);
                ResultSet row = statement.executeQuery()) {
            if (row.next() && row.getBoolean(1)) {
                throw new ConfigurationException(SnapshotMode.SETTING, "consistent needs the source's primary: "
                        + connector.settings().source().describe() + " is a hot standby (pg_is_in_recovery()), where"
                        + " the postgres extension's connections cannot share one snapshot; use SNAPSHOT=table there");
            }
        } catch (SQLException e) {
            throw new UnreachableException("could not ask the source whether it is a standby: "
                    + Failures.redactedLine(e, connector.settings()), Failures.isTransient(e), e);
        }
    }

    /**
     * Copies every planned table in one transaction and commits it: all replaced, or none. The
     * copies, in the plan's order.
     *
     * @throws SetFailure when a table failed for good: nothing was replaced
     * @throws CopyFailure when the set failed otherwise: nothing was replaced
     */
    @Retry(maxRetries = 4, delay = 2000, maxDuration = 0, jitter = 0, retryOn = CopyFailure.Transient.class)
    @CustomBackoff(ReferenceBackoff.class)
    public List<TableCopier.Copied> copyAll(Connector connector, Plan plan, AtomicInteger attempts) {
        attempts.incrementAndGet();
        Map<TableRef, TableRead> reads = new LinkedHashMap<>();
        plan.tables().forEach(t -> reads.put(t, plan.read(t)));
        // A table whose arrays the native read refuses is found only by trying it: the transaction is
        // then lost, so the set starts again with that table's ragged columns read as text.
        while (true) {
            try {
                return TableCopier.copyTogether(connector, plan.tables(), reads::get, Progress.NONE,
                        TableCopier.InCopy.NOTHING);
            } catch (TableCopier.GroupFailure failure) {
                Optional<TableRef> culprit = failure.table();
                Throwable e = failure.getCause();
                if (culprit.isPresent() && e instanceof SQLException s && TableCopier.isRaggedArray(s)) {
                    var textArrays = ReadPlanner.withRaggedArraysAsText(connector.session(), culprit.get(),
                            connector.settings().numericPolicy(), connector.settings().numericNanCheck());
                    if (textArrays.isPresent() && !textArrays.get().equals(reads.get(culprit.get()))) {
                        reads.put(culprit.get(), textArrays.get());
                        continue;
                    }
                }
                if (e instanceof UnreachableException u ? u.isTransient() : Failures.isTransient(e)) {
                    throw new CopyFailure.Transient("consistent set" + culprit.map(t -> " at " + NameList.format(t)).orElse(""),
                            Failures.redactedLine(e, connector.settings()), e);
                }
                if (culprit.isPresent()) {
                    throw new SetFailure(culprit.get(), e);
                }
                throw new CopyFailure(e);
            }
        }
    }
}

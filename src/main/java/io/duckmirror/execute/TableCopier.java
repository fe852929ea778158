package io.duckmirror.execute;

import io.duckmirror.TableRef;
import io.duckmirror.session.Connector;
import io.duckmirror.session.Failures;
import io.duckmirror.session.Session;
import io.duckmirror.session.Sql;
import io.duckmirror.session.UnreachableException;
import io.smallrye.faulttolerance.api.CustomBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.faulttolerance.Retry;

/** Moves one table in one atomic statement, under the configured retry policy. */
@ApplicationScoped
public class TableCopier {

    /**
     * The annotation's numbers are placeholders: application.yaml sets them from MAX_RETRIES and
     * RETRY_BASE_SECONDS (see RetrySettingsInterceptor). {@code maxDuration = 0}: no time limit, only
     * the attempt count ends the retries.
     */
    @Retry(maxRetries = 4, delay = 2000, maxDuration = 0, jitter = 0, retryOn = CopyFailure.Transient.class)
    @CustomBackoff(ReferenceBackoff.class)
    public long copy(Connector connector, TableRef table, AtomicInteger attempts) {
        attempts.incrementAndGet();
        try {
            Session session = connector.session();
            String schema = Sql.qualified(session.targetDatabase(), table.schema());
            String target = Sql.qualified(session.targetDatabase(), table.schema(), table.table());
            String source = Sql.qualified(Session.SOURCE, table.schema(), table.table());
            session.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            // The whole load: readers see the old table or the new one, never a partial one.
            session.execute("CREATE OR REPLACE TABLE " + target + " AS SELECT * FROM " + source);
            // DuckDB's driver reports no row count for CREATE TABLE AS.
            try (PreparedStatement statement = session.prepare("SELECT count(*) FROM " + target);
                    ResultSet count = statement.executeQuery()) {
                count.next();
                return count.getLong(1);
            }
        } catch (SQLException | UnreachableException e) {
            if (e instanceof UnreachableException u ? u.isTransient() : Failures.isTransient(e)) {
                connector.discard();
                throw new CopyFailure.Transient(e);
            }
            throw new CopyFailure(e);
        }
    }
}

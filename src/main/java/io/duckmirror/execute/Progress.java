package io.duckmirror.execute;

import io.duckmirror.TableRef;
import io.duckmirror.config.NameList;
import io.duckmirror.session.Session;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.QueryProgress;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Logs, at a steady interval, how far a running copy has got, so a long table shows it is alive.
 * The figures are DuckDB's own ({@link DuckDBPreparedStatement#getQueryProgress()}), which it tracks
 * only while {@code enable_progress_bar} is on (see {@link Session#trackProgress()}). One per run: a single daemon
 * thread, so a run that ends, or a JVM that exits, never waits for it.
 */
final class Progress implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Progress.class);

    private final Duration interval;
    private final String runId;
    private final ScheduledExecutorService scheduler;

    private Progress(Duration interval, String runId, ScheduledExecutorService scheduler) {
        this.interval = interval;
        this.runId = runId;
        this.scheduler = scheduler;
    }

    /** Never reports: for copies whose progress is not shown (one transaction of many tables). */
    static final Progress NONE = new Progress(Duration.ZERO, "", null);

    /** Reports every {@code interval}; a zero interval never reports and starts no thread. */
    static Progress every(Duration interval, String runId) {
        ScheduledExecutorService scheduler = interval.isZero() ? null
                : Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().daemon().name("duckmirror-progress").factory());
        return new Progress(interval, runId, scheduler);
    }

    boolean enabled() {
        return scheduler != null;
    }

    /** Starts watching a statement about to run; close the watch as soon as it has ended. */
    Watch watch(TableRef table, Statement statement) throws SQLException {
        if (!enabled() || !statement.isWrapperFor(DuckDBPreparedStatement.class)) {
            return () -> {
            };
        }
        Ticker ticker = new Ticker(table, statement.unwrap(DuckDBPreparedStatement.class), System.nanoTime());
        long millis = interval.toMillis();
        ticker.future = scheduler.scheduleAtFixedRate(ticker::report, millis, millis, TimeUnit.MILLISECONDS);
        return ticker;
    }

    /** One statement's reports; once closed, no report of it follows. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    private final class Ticker implements Watch {
        private final TableRef table;
        private final DuckDBPreparedStatement statement;
        private final long startedNanos;
        private ScheduledFuture<?> future;
        private boolean stopped;

        private Ticker(TableRef table, DuckDBPreparedStatement statement, long startedNanos) {
            this.table = table;
            this.statement = statement;
            this.startedNanos = startedNanos;
        }

        private synchronized void report() {
            if (stopped) {
                return;
            }
            QueryProgress progress;
            try {
                progress = statement.getQueryProgress();
            } catch (SQLException | RuntimeException e) {
                // The statement ended between the tick and this call: nothing left to report.
                return;
            }
            // DuckDB's row count adds up the rows each operator has seen, which can pass the table's own
            // size, so only its percentage is shown; it is -1 until DuckDB can tell.
            double percent = progress.getPercentage();
            String known = percent >= 0 ? String.format(Locale.ROOT, "%.0f%%", percent) : "percent unknown";
            MDC.put("event", "progress");
            MDC.put("run_id", runId);
            MDC.put("schema", table.schema());
            MDC.put("table", table.table());
            if (percent >= 0) {
                MDC.put("percent", String.format(Locale.ROOT, "%.1f", percent));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
            MDC.put("elapsed_ms", Long.toString(elapsed.toMillis()));
            try {
                LOG.infof("PROGRESS %s: %s after %d s", NameList.format(table), known, elapsed.toSeconds());
            } finally {
                MDC.clear();
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                stopped = true;
            }
            future.cancel(false);
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}

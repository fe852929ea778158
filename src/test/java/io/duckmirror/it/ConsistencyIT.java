package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SNAPSHOT=consistent: every table from one PostgreSQL snapshot, swapped together or not at all
 * (fixture accounts.sql: two tables whose amounts always sum to 10,000,000).
 */
class ConsistencyIT {
    private static final long INVARIANT = 10_000_000;
    private static final String MIRROR_TOTAL = "SELECT (SELECT sum(amount) FROM public.acct_a) + (SELECT sum(amount) FROM public.acct_b)";

    private Fixture source;

    @TempDir
    Path dir;

    @BeforeEach
    void createSource() throws Exception {
        source = Fixture.create("consistency_it", "accounts.sql");
    }

    /** A writer moves amounts between the tables all through the copy: the mirror still sums exactly. */
    @Test
    void aConsistentRunHoldsTheSourcesInvariantWhileAWriterMovesAmounts() throws Exception {
        Path target = dir.resolve("t.duckdb");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger moves = new AtomicInteger();
        Thread writer = Thread.ofPlatform().start(() -> {
            try (Connection connection = source.admin()) {
                connection.setAutoCommit(false);
                while (!stop.get()) {
                    move(connection, 1 + ThreadLocalRandom.current().nextInt(40));
                    moves.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Duckmirror.Result result;
        try {
            // A bound against a hang, not a timing: the writer is moving before the copy starts.
            while (moves.get() < 20 && writer.isAlive()) {
                Thread.sleep(10);
            }
            // Groups of small tables share one snapshot too: without them, only the mode can hold the sum.
            result = source.app(target).env("SNAPSHOT", "consistent").env("TABLES_PER_COMMIT", "1").run("run");
        } finally {
            stop.set(true);
            writer.join();
        }

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(moves.get()).as("the writer kept moving during the copy").isGreaterThan(20);
        assertThat(TargetFile.single(target, MIRROR_TOTAL)).isEqualTo(Long.toString(INVARIANT));
        assertThat(source.query("SELECT sum(amount) FROM (SELECT amount FROM acct_a UNION ALL SELECT amount FROM acct_b) t"))
                .containsExactly(List.of(Long.toString(INVARIANT)));
    }

    /**
     * The same move made at one chosen moment: after acct_a's copy has begun, before acct_b's. With a
     * snapshot per table, the mirror counts the moved amount twice; with one snapshot, once.
     */
    @Test
    void aMoveBetweenTwoTablesCopiesIsSeenTwiceWithASnapshotPerTableAndOnceWithOne() throws Exception {
        assertThat(runWithAMoveDuringTheCopy(dir.resolve("table.duckdb"), "table"))
                .as("per-table snapshots: the mirror holds a total the source never had").isEqualTo(INVARIANT + 1_000);
        assertThat(runWithAMoveDuringTheCopy(dir.resolve("consistent.duckdb"), "consistent"))
                .as("one snapshot: the source's total").isEqualTo(INVARIANT);
    }

    /** One table unreadable: a consistent run replaces nothing, and every audit row says why. */
    @Test
    void aConsistentRunWithAnUnreadableTableReplacesNothing() throws Exception {
        Path target = dir.resolve("t.duckdb");
        assertThat(source.app(target).run("run", "--run-id", "before").exitCode()).isZero();
        source.execute("UPDATE acct_a SET amount = 0; UPDATE acct_b SET amount = 100; INSERT INTO unrelated VALUES (11)");
        source.execute("REVOKE SELECT ON public.acct_b FROM " + source.role);

        var result = source.app(target).run("run", "--snapshot", "consistent", "--run-id", "after");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(TargetFile.rows(target,
                "SELECT (SELECT sum(amount) FROM public.acct_a), (SELECT count(*) FROM public.unrelated)"))
                .as("the previous mirror, whole").containsExactly(List.of("5000000", "10"));
        assertThat(TargetFile.rows(target, "SELECT source_table, status, rows_loaded IS NULL, error FROM main.flight_tracker"
                + " WHERE run_id = 'after' ORDER BY 1")).satisfiesExactly(
                        row -> assertThat(row).startsWith("acct_a", "failed", "true").last().asString()
                                .isEqualTo(
                                        "not swapped: public.acct_b failed, and SNAPSHOT=consistent replaces every table or none"),
                        row -> assertThat(row).startsWith("acct_b", "failed", "true").last().asString()
                                .contains("permission denied for table acct_b"),
                        row -> assertThat(row).startsWith("unrelated", "failed", "true").last().asString()
                                .startsWith("not swapped: public.acct_b failed"));
    }

    @Test
    void checkSaysOneSnapshotIsPossibleOnAPrimary() {
        var check = source.app(dir.resolve("t.duckdb")).run("check", "--snapshot", "consistent");

        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.stdout().lines()).containsExactly(
                "ok  configuration",
                "ok  target " + dir.resolve("t.duckdb") + " as postgres_ingest: will be created",
                "ok  postgres extension loaded",
                "ok  source reachable: " + source.describe() + " (3 tables and views, 3 selected, 0 refused)",
                "ok  one snapshot for all tables: the source is a primary (SNAPSHOT=consistent)");
    }

    @Test
    void aBadSnapshotModeIsAUsageError() {
        var result = source.app(dir.resolve("t.duckdb")).run("run", "--snapshot", "sometimes");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("SNAPSHOT: 'sometimes' is not table or consistent");
    }

    /**
     * acct_a's copy is held on the test's lock; the test's own transaction, which holds it, moves 1,000
     * from acct_a to acct_b and commits; the copies then go on. Returns the mirror's total.
     */
    private long runWithAMoveDuringTheCopy(Path target, String snapshot) throws Exception {
        Duckmirror.Result result;
        try (Connection locker = source.lock("public.acct_a")) {
            // One table after the other, so that acct_b's copy starts only after the move (with two
            // at once it would start before it, and hit the other half of the same problem); each in
            // a transaction of its own, since small tables copied in one transaction share its snapshot.
            Duckmirror.Running running = source.app(target).env("SNAPSHOT", snapshot).env("PARALLEL_TABLES", "1")
                    .env("TABLES_PER_COMMIT", "1").env("INCLUDED_TABLES", "public.acct_a,public.acct_b").start("run");
            source.awaitWaitingCopy(running, "acct_a");
            move(locker, 1_000);
            result = running.await();
        }
        source.execute("UPDATE acct_a SET amount = 50 WHERE id = 1; UPDATE acct_b SET amount = 50 WHERE id = 1");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return Long.parseLong(TargetFile.single(target, MIRROR_TOTAL));
    }

    /** Moves an amount from acct_a's row 1 to acct_b's row 1 in one transaction. */
    private static void move(Connection connection, int amount) throws Exception {
        Rows.execute(connection, "UPDATE acct_a SET amount = amount - " + amount + " WHERE id = 1;"
                + " UPDATE acct_b SET amount = amount + " + amount + " WHERE id = 1");
        connection.commit();
    }
}

package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PARALLEL_TABLES: several tables at once give exactly what one at a time gives, in the tables and in
 * every audit row, with a permanent failure and a transient one among them; a signal names every
 * table in flight. Copies are held in place by the test's locks, as in FaultsIT, never by timing.
 */
class ParallelIT {
    /** Every table of the fixture, in the audit's order, with what a copy of it must carry. */
    private static final List<String> TABLES = List.of("alpha.empty", "alpha.medium", "alpha.small", "beta.held",
            "beta.one", "beta.two", "public.forbidden", "public.last", "public.locked");
    private static final Pattern NOTICE = Pattern.compile(
            "duckmirror: stopped by a signal while copying (.+) \\(run [^)]+\\): (.+); not started: (\\d+) table\\(s\\)");

    private static Fixture source;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSource() throws Exception {
        source = Fixture.create("parallel_it", "parallel.sql");
        source.execute("REVOKE SELECT ON public.forbidden FROM " + source.role);
    }

    @Test
    void fourAtOnceGiveEveryTableAndAuditRowExactlyAsOneAtATime() throws Exception {
        Path sequential = dir.resolve("one.duckdb");
        Path parallel = dir.resolve("four.duckdb");

        // One at a time, each table in its own transaction, against four at once in groups.
        var one = copyInterruptedOnce(source.app(sequential).env("PARALLEL_TABLES", "1").env("TABLES_PER_COMMIT", "1"));
        var four = copyInterruptedOnce(source.app(parallel).env("PARALLEL_TABLES", "4"));

        for (var result : List.of(one, four)) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stderr()).as(result.toString())
                    .contains("TRANSIENT public.locked: attempt 1 of ").contains("FAIL public.forbidden")
                    .contains("Summary: 8 succeeded, 1 failed, 27060 rows");
        }
        String audit = """
                SELECT source_schema || '.' || source_table, status, attempts, rows_loaded,
                       error LIKE '%permission denied for table forbidden%'
                FROM main.flight_tracker ORDER BY 1""";
        List<List<String>> expected = List.of(
                Arrays.asList("alpha.empty", "succeeded", "1", "0", null),
                Arrays.asList("alpha.medium", "succeeded", "1", "20000", null),
                Arrays.asList("alpha.small", "succeeded", "1", "10", null),
                Arrays.asList("beta.held", "succeeded", "1", "700", null),
                Arrays.asList("beta.one", "succeeded", "1", "300", null),
                Arrays.asList("beta.two", "succeeded", "1", "5000", null),
                Arrays.asList("public.forbidden", "failed", "1", null, "true"),
                Arrays.asList("public.last", "succeeded", "1", "50", null),
                Arrays.asList("public.locked", "succeeded", "2", "1000", null));
        assertThat(TargetFile.rows(sequential, audit)).as("one at a time").isEqualTo(expected);
        assertThat(TargetFile.rows(parallel, audit)).as("four at once").isEqualTo(expected);
        assertThat(TargetFile.single(parallel, "SELECT count(DISTINCT run_id) FROM main.flight_tracker")).isEqualTo("1");

        for (String table : TABLES) {
            if (table.equals("public.forbidden")) {
                assertThat(TargetFile.rows(parallel, "SELECT table_name FROM information_schema.tables"
                        + " WHERE table_name = 'forbidden'")).isEmpty();
                continue;
            }
            String fingerprint = fingerprint(table);
            assertThat(TargetFile.rows(parallel, fingerprint)).as(table).isEqualTo(source.query(fingerprint));
            String all = "SELECT * FROM " + table + " ORDER BY id";
            assertThat(TargetFile.rows(parallel, all)).as(table).isEqualTo(TargetFile.rows(sequential, all));
        }
    }

    /**
     * SIGTERM while two copies wait at once, each on its own connection: both are named, both keep no
     * partial table, and the tables finished have their audit rows.
     */
    @Test
    void aSignalNamesEveryTableInFlight() throws Exception {
        Path target = dir.resolve("t.duckdb");
        Duckmirror.Running running;
        try (Connection lockLocked = source.lock("public.locked"); Connection lockHeld = source.lock("beta.held")) {
            // Each table in its own transaction: in a group, every table copied so far would be in
            // flight as well (ScheduleTest covers that notice).
            running = source.app(target).env("PARALLEL_TABLES", "4").env("TABLES_PER_COMMIT", "1")
                    .env("EXCLUDED_TABLES", "public.forbidden").start("run");
            try {
                // Both waiting together: only two connections copying at once can be.
                source.awaitWaitingCopy(running, "locked");
                source.awaitWaitingCopy(running, "held");
                running.process().destroy();
                assertThat(running.process().waitFor(2, TimeUnit.MINUTES)).as("signalled process ended").isTrue();
            } finally {
                running.process().destroyForcibly();
            }
            lockLocked.rollback();
            lockHeld.rollback();
        }
        var result = running.await();

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        Matcher notice = NOTICE.matcher(result.stderr());
        assertThat(notice.find()).as(result.toString()).isTrue();
        assertThat(notice.group(1).split(", ")).containsExactlyInAnyOrder("beta.held", "public.locked");
        assertThat(notice.group(2)).isEqualTo("their previous versions, if any, are intact");
        List<List<String>> audited = TargetFile.rows(target,
                "SELECT source_schema || '.' || source_table, status FROM main.flight_tracker ORDER BY 1");
        List<String> finished = new ArrayList<>();
        audited.forEach(row -> {
            assertThat(row.get(1)).as(row.getFirst()).isEqualTo("succeeded");
            finished.add(row.getFirst());
        });
        assertThat(finished).doesNotContain("beta.held", "public.locked");
        assertThat(finished.size() + 2 + Integer.parseInt(notice.group(3))).as("finished, in flight, not started")
                .isEqualTo(TABLES.size() - 1);
        assertThat(TargetFile.rows(target, "SELECT table_name FROM information_schema.tables"
                + " WHERE table_name IN ('held', 'locked')")).as("no partial table").isEmpty();
    }

    /** Count, id sum and a digest of one text column in id order: the same text from both databases. */
    private static String fingerprint(String table) {
        String text = table.equals("beta.two") ? "tags[1]" : "v";
        return "SELECT count(*), coalesce(sum(id), 0), md5(coalesce(string_agg(" + text + ", ',' ORDER BY id), ''))"
                + " FROM " + table;
    }

    /** Runs the app and terminates public.locked's copy once while it waits on the test's lock. */
    private static Duckmirror.Result copyInterruptedOnce(Duckmirror app) throws Exception {
        return source.terminatedOnce("public.locked", app.env("MAX_RETRIES", "3"));
    }
}

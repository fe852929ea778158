package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures stay per table, transient ones are retried on a fresh connection, and nothing is lost. */
class TableFailuresIT {
    private static Fixture source;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSource() throws Exception {
        source = Fixture.create("failures_it", "failures.sql");
        source.execute("REVOKE SELECT ON public.forbidden FROM " + source.role);
    }

    @Test
    void aPermanentFailureFailsAtOnceAndTheOtherTablesLoad() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var result = source.app(target).env("EXCLUDED_TABLES", "public.locked").env("MAX_RETRIES", "5").run("run");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(TargetFile.rows(target, """
                SELECT source_table, status, attempts, rows_loaded, error LIKE '%permission denied for table forbidden%'
                FROM main.flight_tracker ORDER BY source_table""")).containsExactly(
                Arrays.asList("first", "succeeded", "1", "100", null),
                Arrays.asList("forbidden", "failed", "1", null, "true"),
                Arrays.asList("second", "succeeded", "1", "200", null));
        assertThat(TargetFile.single(target, "SELECT count(*) FROM public.second")).isEqualTo("200");
        assertThat(result.stderr()).contains("FAIL public.forbidden").contains("Summary: 2 succeeded, 1 failed");

        var audit = source.app(target).run("audit");
        assertThat(audit.exitCode()).as("audit of a failed run").isEqualTo(1);
        assertThat(audit.stdout()).contains("failed      public.forbidden").contains("3 table(s): 2 succeeded, 1 failed");
    }

    /**
     * A table's audit row is written in its copy's transaction. An audit table that refuses one row
     * (here a CHECK someone put on a table the reference created) must not cost the table: it is copied
     * again on its own, the row is tried apart and reported, and the rest of the run writes rows apart.
     */
    @Test
    void anAuditRowThatCannotBeWrittenNeverCostsItsTable() throws Exception {
        Path target = dir.resolve("t.duckdb");
        TargetFile.execute(target, """
                CREATE TABLE main.flight_tracker (run_id VARCHAR, flight_secret_name VARCHAR, source_schema VARCHAR,
                    source_table VARCHAR CHECK (source_table <> 'first'), destination_database VARCHAR,
                    destination_schema VARCHAR, destination_table VARCHAR, rows_loaded BIGINT, attempts INTEGER,
                    started_at TIMESTAMP, finished_at TIMESTAMP, update_ts TIMESTAMP)""");

        var result = source.app(target).env("EXCLUDED_TABLES", "public.locked,public.forbidden")
                .env("PARALLEL_TABLES", "1").run("run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(TargetFile.single(target, "SELECT count(*) FROM public.first")).isEqualTo("100");
        assertThat(TargetFile.single(target, "SELECT count(*) FROM public.second")).isEqualTo("200");
        assertThat(TargetFile.rows(target, "SELECT source_table, status, rows_loaded FROM main.flight_tracker"))
                .containsExactly(List.of("second", "succeeded", "200"));
        assertThat(result.stderr()).contains("AUDIT public.first: row not written with the table")
                .contains("AUDIT public.first: row not written: ").contains("Summary: 2 succeeded, 0 failed");
    }

    @Test
    void aTerminatedCopyIsRetriedOnAFreshConnection() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var result = copyInterruptedOnce(source.app(target).env("MAX_RETRIES", "3"));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("TRANSIENT public.locked: attempt 1 of ");
        assertThat(TargetFile.rows(target, "SELECT status, attempts, rows_loaded FROM main.flight_tracker"))
                .containsExactly(List.of("succeeded", "2", "1000"));
        assertThat(TargetFile.single(target, "SELECT sum(id) FROM public.locked")).isEqualTo("500500");
    }

    /**
     * Small tables are copied several to a transaction. When one of them fails there, the group is
     * not committed and each table is copied alone, the failure counting as that table's first
     * attempt: attempts, outcomes and audit rows are those of tables copied one by one.
     */
    @Test
    void aTableTerminatedInAGroupIsRetriedAloneAndTheOthersAreCopiedOnce() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var result = groupInterruptedOnce(target, "3");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(TargetFile.rows(target, "SELECT source_table, status, attempts, rows_loaded FROM main.flight_tracker"
                + " ORDER BY source_table")).containsExactly(
                        List.of("first", "succeeded", "1", "100"),
                        List.of("locked", "succeeded", "2", "1000"),
                        List.of("second", "succeeded", "1", "200"));
        assertThat(TargetFile.single(target, "SELECT sum(id) FROM public.locked")).isEqualTo("500500");
        assertThat(TargetFile.single(target, "SELECT count(*) FROM public.first")).isEqualTo("100");
        assertThat(TargetFile.single(target, "SELECT count(*) FROM public.second")).isEqualTo("200");
        assertThat(result.stderr()).containsOnlyOnce("TRANSIENT public.locked: attempt 1 of ")
                .doesNotContain("TRANSIENT public.first").doesNotContain("TRANSIENT public.second")
                .doesNotContain("GROUP");
    }

    @Test
    void aTableThatFailsInAGroupUsesItsOnlyAttemptThere() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var result = groupInterruptedOnce(target, "1");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(TargetFile.rows(target, "SELECT source_table, status, attempts FROM main.flight_tracker"
                + " ORDER BY source_table")).containsExactly(
                        List.of("first", "succeeded", "1"),
                        List.of("locked", "failed", "1"),
                        List.of("second", "succeeded", "1"));
        assertThat(TargetFile.single(target, "SELECT count(*) FROM public.first")).isEqualTo("100");
        assertThat(TargetFile.single(target, "SELECT count(*) FROM public.second")).isEqualTo("200");
        assertThat(TargetFile.rows(target, "SELECT table_name FROM information_schema.tables"
                + " WHERE table_name = 'locked'")).as("no partial table").isEmpty();
    }

    @Test
    void maxRetriesCountsAttemptsAsTheReferenceDoes() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var result = copyInterruptedOnce(source.app(target).env("MAX_RETRIES", "1"));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(TargetFile.rows(target, "SELECT status, attempts FROM main.flight_tracker"))
                .containsExactly(List.of("failed", "1"));
    }

    @Test
    void anUnreachableSourceIsWaitedForThenExitThree() {
        var result = source.app(dir.resolve("t.duckdb")).env("pg_PORT", "1").env("MAX_RETRIES", "3").run("run");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        List<String> lines = result.stderr().strip().lines().toList();
        // A line per wait: after attempts 1 and 2; the third's failure is the error line.
        assertThat(lines).filteredOn(l -> l.contains("WARN  TRANSIENT unreachable: attempt ")).satisfiesExactly(
                l -> assertThat(l).contains("attempt 1 of 3 failed, next in ").contains("Connection refused"),
                l -> assertThat(l).contains("attempt 2 of 3 failed, next in "));
        assertThat(lines.getLast())
                .startsWith("duckmirror: could not connect to the source " + source.server.host + ":1/failures_it")
                .contains("Connection refused");
        assertThat(dir.resolve("t.duckdb")).as("no target is created for a run that never started").doesNotExist();
    }

    @Test
    void aMissingExtensionSaysHowToSupplyIt() throws Exception {
        Path emptyRepository = Files.createDirectories(dir.resolve("no-extensions"));
        var result = source.app(dir.resolve("t.duckdb"))
                .env("HOME", dir.toString())
                .env("DUCKDB_EXTENSION_REPOSITORY", emptyRepository.toString())
                .run("plan");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.stderr().strip().lines()).hasSize(1).first().asString()
                .contains("could not install the DuckDB postgres extension")
                .contains("DUCKDB_EXTENSION_REPOSITORY");
    }

    /** Mirrors public.locked and terminates its copy's backend once while it waits on a lock. */
    private static Duckmirror.Result copyInterruptedOnce(Duckmirror app) throws Exception {
        return source.terminatedOnce("public.locked", app.env("INCLUDED_TABLES", "public.locked"));
    }

    /** first, locked and second on one worker, so in one group; locked's copy terminated once in it. */
    private static Duckmirror.Result groupInterruptedOnce(Path target, String maxRetries) throws Exception {
        return source.terminatedOnce("public.locked",
                source.app(target).env("PARALLEL_TABLES", "1").env("MAX_RETRIES", maxRetries)
                        .env("INCLUDED_TABLES", "public.first,public.locked,public.second"));
    }
}

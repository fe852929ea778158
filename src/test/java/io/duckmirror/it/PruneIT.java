package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PRUNE=true drops a target table only when duckmirror mirrored it and its source table is gone from a
 * selected schema; what someone else made, and what a gate now excludes, stays.
 */
class PruneIT {
    private static final String TABLES = "SELECT table_schema || '.' || table_name FROM information_schema.tables"
            + " WHERE table_schema <> 'main' ORDER BY 1";
    /** The target's tables after the first run and someone else's table, before any prune. */
    private static final List<List<String>> ALL = List.of(List.of("s1.excluded"), List.of("s1.gone"),
            List.of("s1.kept"), List.of("s1.someone_elses"), List.of("s2.other"));

    private Fixture source;

    @TempDir
    Path dir;

    private Path target;

    /** A mirror of every table, a table of someone else's beside them, then two source tables dropped. */
    @BeforeEach
    void mirrorThenDropSourceTables() throws Exception {
        source = Fixture.create("prune_it", "prune.sql");
        target = dir.resolve("t.duckdb");
        var first = source.app(target).run("run", "--run-id", "first");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        TargetFile.execute(target, "CREATE TABLE s1.someone_elses AS SELECT 1 AS x");
        source.execute("DROP TABLE s1.gone; DROP TABLE s2.other");
    }

    @Test
    void pruneDropsOnlyWhatDuckmirrorMirroredAndTheSourceLost() throws Exception {
        var plan = source.app(target).env("PRUNE", "true").env("EXCLUDED_TABLES", "s1.excluded").run("plan", "--json");
        var run = source.app(target).env("PRUNE", "true").env("EXCLUDED_TABLES", "s1.excluded").run("run", "--run-id",
                "second");

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(Json.object(plan.stdout()).getJsonArray("prune").getValuesAs(JsonObject.class).stream()
                .map(p -> p.getString("name"))).containsExactly("s1.gone", "s2.other");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr()).contains("PRUNED s1.gone", "PRUNED s2.other");
        assertThat(TargetFile.rows(target, TABLES)).containsExactly(
                List.of("s1.excluded"), List.of("s1.kept"), List.of("s1.someone_elses"));
        assertThat(TargetFile.rows(target, "SELECT source_schema || '.' || source_table, status, rows_loaded"
                + " FROM main.flight_tracker WHERE run_id = 'second' ORDER BY 1")).containsExactly(
                        Arrays.asList("s1.gone", "pruned", null),
                        Arrays.asList("s1.kept", "succeeded", "5"),
                        Arrays.asList("s2.other", "pruned", null));
    }

    @Test
    void aSchemaOutsideTheGateIsNotPruned() throws Exception {
        var run = source.app(target).env("PRUNE", "true").env("INCLUDED_SCHEMAS", "s1").run("run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(TargetFile.rows(target, TABLES)).containsExactly(
                List.of("s1.excluded"), List.of("s1.kept"), List.of("s1.someone_elses"), List.of("s2.other"));
    }

    @Test
    void withoutPruneNothingIsDropped() throws Exception {
        var run = source.app(target).run("run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(TargetFile.rows(target, TABLES)).isEqualTo(ALL);
    }

    @Test
    void aRunWhoseDiscoveryFailedPrunesNothing() throws Exception {
        var run = source.app(target).env("PRUNE", "true").env("pg_PORT", "1").env("MAX_RETRIES", "1").run("run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(TargetFile.rows(target, TABLES)).isEqualTo(ALL);
    }

    /** A source that shows no table at all looks like the wrong database: plan shows no prune, run drops none. */
    @Test
    void aSourceWithNoTablesAtAllPrunesNothing() throws Exception {
        source.execute("DROP SCHEMA s1 CASCADE; DROP SCHEMA s2 CASCADE");

        var plan = source.app(target).env("PRUNE", "true").run("plan", "--json");
        var run = source.app(target).env("PRUNE", "true").run("run");

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(Json.object(plan.stdout()).getJsonArray("prune")).isEmpty();
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(plan.stderr()).contains("PRUNE skipped: the source has no tables at all");
        assertThat(run.stderr()).contains("PRUNE skipped: the source has no tables at all");
        assertThat(TargetFile.rows(target, TABLES)).isEqualTo(ALL);
    }

    @Test
    void aTaskOfAFanOutNeverPrunes() throws Exception {
        var task = source.app(target).env("PRUNE", "true").run("execute", "--tables", "s1.kept");

        assertThat(task.exitCode()).as(task.toString()).isZero();
        assertThat(TargetFile.rows(target, TABLES)).isEqualTo(ALL);
    }
}

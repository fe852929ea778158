package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relations other than plain tables (fixture relations.sql): tables without columns are skipped,
 * not failed; an inheritance parent holds its children's rows; views are mirrored only when
 * INCLUDE_VIEWS asks; an included view or partition is named for what it is.
 */
class RelationsIT {
    private static final String NO_COLUMNS = "it has no columns, and a DuckDB table needs at least one";
    private static final String VIEW = "a view; views are not mirrored (INCLUDE_VIEWS=all mirrors them)";
    private static final String MATERIALIZED = "a materialized view; materialized views are not mirrored"
            + " (INCLUDE_VIEWS=materialized or all mirrors them)";
    private static final String FOREIGN = "a foreign table; foreign tables are not mirrored";
    /** The tables each run of the fixture copies. */
    private static final List<String> TABLES = List.of("rel.child", "rel.events", "rel.grandchild", "rel.parent");

    private static Fixture source;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSource() throws Exception {
        source = Fixture.create("relations_it", "relations.sql");
    }

    @Test
    void tablesWithoutColumnsAreSkippedWithTheReasonAndTheRunSucceeds() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var run = source.app(target).run("run", "--run-id", "skips");
        var audit = source.app(target).run("audit");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr()).contains("Run skips: 4 table(s) to mirror, 2 skipped, from ")
                .contains("SKIPPED rel.all_dropped: not mirrored: " + NO_COLUMNS)
                .contains("SKIPPED rel.no_columns: not mirrored: " + NO_COLUMNS)
                .contains("Summary: 4 succeeded, 0 failed, 2 skipped, ").doesNotContain("Catalog Error");
        assertThat(tables(target)).containsExactlyElementsOf(TABLES);
        assertThat(TargetFile.rows(target, "SELECT source_table, status, rows_loaded, attempts, error"
                + " FROM main.flight_tracker WHERE status <> 'succeeded' ORDER BY 1"))
                .containsExactly(Arrays.asList("all_dropped", "skipped", null, "0", NO_COLUMNS),
                        Arrays.asList("no_columns", "skipped", null, "0", NO_COLUMNS));
        assertThat(audit.exitCode()).as(audit.toString()).isZero();
        assertThat(audit.stdout()).contains("skipped     rel.no_columns").contains(NO_COLUMNS)
                .contains("6 table(s): 4 succeeded, 0 failed, 2 skipped");
    }

    /** A table DuckDB cannot hold is not part of the consistent set: it no longer fails every table. */
    @Test
    void aSkippedTableDoesNotBlockAConsistentRun() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var run = source.app(target).env("SNAPSHOT", "consistent").run("run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr()).contains("Summary: 4 succeeded, 0 failed, 2 skipped, ");
        assertThat(tables(target)).containsExactlyElementsOf(TABLES);
        assertThat(TargetFile.single(target, "SELECT count(*) FROM rel.parent"))
                .isEqualTo(source.query("SELECT count(*) FROM rel.parent").getFirst().getFirst());
    }

    @Test
    void planListsSkippedTablesAndViewsWithTheirReasons() {
        var text = source.app(dir.resolve("unused.duckdb")).run("plan");
        var json = source.app(dir.resolve("unused.duckdb")).run("plan", "--json");
        var tasks = source.app(dir.resolve("unused.duckdb")).run("plan", "--tasks");

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.stdout()).containsPattern("rel.all_dropped +skipped: " + NO_COLUMNS)
                .containsPattern("rel.first_parents +" + java.util.regex.Pattern.quote(VIEW))
                .containsPattern("rel.totals +" + java.util.regex.Pattern.quote(MATERIALIZED))
                .containsPattern("rel.remote +" + FOREIGN)
                .contains("4 to mirror, 0 refused, 2 skipped, 3 not mirrored, 9 discovered")
                .doesNotContain("events_2024");
        JsonObject plan = Json.object(json.stdout());
        assertThat(plan.getJsonArray("skipped").getValuesAs(JsonObject.class))
                .extracting(o -> o.getString("name") + ": " + o.getString("reason"))
                .containsExactly("rel.all_dropped: " + NO_COLUMNS, "rel.no_columns: " + NO_COLUMNS);
        assertThat(plan.getJsonArray("not_mirrored").getValuesAs(JsonObject.class))
                .extracting(o -> o.getString("name") + ": " + o.getString("reason"))
                .containsExactly("rel.first_parents: " + VIEW, "rel.remote: " + FOREIGN, "rel.totals: " + MATERIALIZED);
        assertThat(plan.getInt("discovered")).isEqualTo(9);
        // No task holds a skipped table; the orchestrator's log says why it is left out.
        assertThat(Json.array(tasks.stdout())).hasSize(TABLES.size());
        assertThat(tasks.stderr()).contains("SKIPPED rel.no_columns: " + NO_COLUMNS);
    }

    /** Issue 19, section 5: an included relation that is not mirrored is named for what it is. */
    @Test
    void anIncludedViewOrPartitionIsNamedForWhatItIs() {
        var plan = source.app(dir.resolve("unused.duckdb"))
                .env("INCLUDED_TABLES", "rel.first_parents,rel.totals,rel.events,rel.events_2024,rel.remote,rel.nope")
                .run("plan");
        var orphan = source.app(dir.resolve("unused.duckdb")).env("INCLUDED_TABLES", "rel.events_2024").run("plan");
        var execute = source.app(dir.resolve("unused.duckdb")).run("execute", "--table", "rel.first_parents");

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.stderr()).contains("INCLUDED_TABLES: table rel.first_parents is " + VIEW)
                .contains("INCLUDED_TABLES: table rel.totals is " + MATERIALIZED)
                .contains("INCLUDED_TABLES: table rel.remote is " + FOREIGN)
                .contains("INCLUDED_TABLES: table rel.events_2024 is a partition of rel.events; its parent is"
                        + " mirrored, with its rows")
                .contains("INCLUDED_TABLES: table rel.nope is not in the source")
                .doesNotContain("rel.first_parents is not in the source").doesNotContain("rel.events_2024 is not in");
        assertThat(orphan.stderr()).contains("INCLUDED_TABLES: table rel.events_2024 is a partition of rel.events,"
                + " which is not selected; include rel.events to mirror its rows");
        assertThat(execute.exitCode()).isEqualTo(2);
        assertThat(execute.stderr().strip())
                .isEqualTo("duckmirror: --table: rel.first_parents is not in the plan: it is " + VIEW);
    }

    /**
     * A parent's SELECT * returns its children's rows, and so does its mirror, though the parent spans
     * more than one of the extension's scan tasks and its child more pages than the parent; the
     * children are mirrored as tables of their own.
     */
    @Test
    void anInheritanceParentHoldsItsChildrensRowsAndTheChildrenAreMirroredToo() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var run = source.app(target).env("PARALLEL_TABLES", "4").run("run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        long parentPages = pages("rel.parent");
        assertThat(parentPages).as("the fixture's premise: the parent spans several scan tasks").isGreaterThan(1000);
        assertThat(pages("rel.child")).as("and its child more pages than the parent").isGreaterThan(parentPages);
        String summary = "SELECT count(*), count(DISTINCT id), sum(id), sum(length(note)) FROM ";
        for (String table : List.of("rel.parent", "rel.child", "rel.grandchild")) {
            assertThat(TargetFile.rows(target, summary + table)).as(table).isEqualTo(source.query(summary + table));
        }
        assertThat(TargetFile.single(target, "SELECT count(*) FROM rel.parent"))
                .isEqualTo(Integer.toString(20000 + 50000 + 10));
        assertThat(TargetFile.single(target, "SELECT count(*) FROM rel.child")).isEqualTo(Integer.toString(50000 + 10));
        assertThat(TargetFile.rows(target, "SELECT column_name FROM information_schema.columns"
                + " WHERE table_name = 'parent' ORDER BY ordinal_position")).containsExactly(List.of("id"), List.of("note"));
        assertThat(TargetFile.single(target, "SELECT sum(extra) FROM rel.child"))
                .isEqualTo(source.query("SELECT sum(extra) FROM rel.child").getFirst().getFirst());
    }

    @Test
    void includeViewsMirrorsMaterializedViewsOrAllViewsLikeTables() throws Exception {
        Path materialized = dir.resolve("materialized.duckdb");
        Path all = dir.resolve("all.duckdb");
        var first = source.app(materialized).env("INCLUDE_VIEWS", "materialized").run("run");
        var second = source.app(all).env("INCLUDE_VIEWS", " ALL ").run("run");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(tables(materialized)).contains("rel.totals").doesNotContain("rel.first_parents", "rel.remote");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(tables(all)).contains("rel.first_parents", "rel.totals").doesNotContain("rel.remote");
        String view = "SELECT count(*), sum(id), min(note) FROM rel.first_parents";
        assertThat(TargetFile.rows(all, view)).isEqualTo(source.query(view));
        String totals = "SELECT n, CAST(round(third * 3) AS BIGINT) FROM rel.totals";
        assertThat(TargetFile.rows(all, totals)).isEqualTo(source.query(totals));
        // A view's columns get the notes a table's get.
        assertThat(second.stderr()).contains("CONVERTED rel.totals: third: numeric is read as DOUBLE");
        assertThat(TargetFile.single(all, "SELECT status FROM main.flight_tracker WHERE source_table = 'first_parents'"))
                .isEqualTo("succeeded");

        // Left out again, a view still in the source is not pruned: excluding is not deleting.
        var pruning = source.app(all).env("PRUNE", "true").run("run");
        assertThat(pruning.exitCode()).as(pruning.toString()).isZero();
        assertThat(pruning.stderr()).doesNotContain("PRUNED");
        assertThat(tables(all)).contains("rel.first_parents", "rel.totals");
    }

    /**
     * A table planned into a task that has lost its last column by the time the task runs: the task
     * records it as skipped, and the gate counts that as done.
     */
    @Test
    void aTaskWhoseTableLostItsColumnsRecordsItSkippedAndTheGatePasses() throws Exception {
        Fixture shrinking = Fixture.create("relations_tasks_it");
        shrinking.execute("CREATE TABLE public.kept (id int); INSERT INTO public.kept VALUES (1), (2);"
                + " CREATE TABLE public.shrinks (a int); GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + shrinking.role);
        Path target = dir.resolve("t.duckdb");
        Path plan = dir.resolve("tasks.json");
        assertThat(shrinking.app(target).run("plan", "--tasks", "--output", plan.toString()).exitCode()).isZero();
        assertThat(Json.array(Files.readString(plan))).containsExactly(Json.value("public.kept"), Json.value("public.shrinks"));
        shrinking.execute("ALTER TABLE public.shrinks DROP COLUMN a");

        var kept = shrinking.app(target).run("execute", "--tables", "public.kept", "--run-id", "dag");
        var shrunk = shrinking.app(target).run("execute", "--tables", "public.shrinks", "--run-id", "dag");
        var gate = shrinking.app(target).run("audit", "--run-id", "dag", "--expect", plan.toString());

        assertThat(kept.exitCode()).as(kept.toString()).isZero();
        assertThat(shrunk.exitCode()).as(shrunk.toString()).isZero();
        assertThat(shrunk.stderr()).contains("SKIPPED public.shrinks: not mirrored: " + NO_COLUMNS);
        assertThat(gate.exitCode()).as(gate.toString()).isZero();
        assertThat(gate.stdout()).contains("2 planned: 1 succeeded, 0 failed, 0 missing, 1 skipped");
    }

    private static long pages(String table) throws Exception {
        return Long.parseLong(source.query("SELECT relpages FROM pg_class WHERE oid = '" + table + "'::regclass")
                .getFirst().getFirst());
    }

    /** The mirrored tables outside main, as schema.table. */
    private static List<String> tables(Path target) throws Exception {
        return TargetFile.rows(target, "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                + " WHERE table_schema <> 'main' ORDER BY 1").stream().map(List::getFirst).toList();
    }
}

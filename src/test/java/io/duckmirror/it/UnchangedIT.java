package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SKIP_UNCHANGED=true: after a first run, each kind of change makes the next run copy exactly what it
 * touched, every other table is left unchanged, and after every run the mirror equals the source.
 */
class UnchangedIT {
    private static final Set<String> ALL = Set.of("public.t", "public.untouched", "public.parted", "public.parent",
            "public.kid");

    @TempDir
    Path dir;

    private Fixture source;
    private Path target;

    @BeforeEach
    void firstRunCopiesEverything() throws Exception {
        source = Fixture.create("unchanged_it", "unchanged.sql");
        awaitFixtureCounted();
        target = dir.resolve("t.duckdb");
        var first = run("first");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(statuses("first")).as(first.toString()).isEqualTo(all("succeeded"));
        assertThat(first.stderr()).contains("COPY public.t: no copy recorded in the audit table");
        assertMirrorEqualsSource();
    }

    @Test
    void withNoChangeNothingIsCopiedAndTheRunSucceeds() throws Exception {
        var plan = source.app(target).env("SKIP_UNCHANGED", "true").run("plan", "--json");
        var second = run("second");

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        JsonObject t = Json.object(plan.stdout()).getJsonArray("tables").getValuesAs(JsonObject.class).stream()
                .filter(o -> o.getString("name").equals("public.t")).findFirst().orElseThrow();
        assertThat(t.getJsonObject("change").getBoolean("unchanged")).isTrue();
        assertThat(t.getJsonObject("change").getString("since_run")).isEqualTo("first");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stderr()).contains("5 table(s) to mirror, 5 unchanged since their last copy",
                "UNCHANGED public.t: not copied; its copy of run first stands (3 rows)",
                "Summary: 0 succeeded, 0 failed, 5 unchanged, 0 rows copied");
        assertThat(TargetFile.rows(target, "SELECT source_table, rows_loaded, attempts, error FROM main.flight_tracker"
                + " WHERE run_id = 'second' AND source_table = 't'"))
                .containsExactly(List.of("t", "3", "0", "not copied: unchanged since run first"));
        assertMirrorEqualsSource();

        // Unchanged is a success for the audit and its gate; a third run still finds the first copy.
        var audit = source.app(target).run("audit", "--run-id", "second");
        var tasks = source.app(target).run("plan", "--tasks", "--output", dir.resolve("tasks.json").toString());
        var gate = source.app(target).run("audit", "--run-id", "second", "--expect", dir.resolve("tasks.json").toString());
        var third = run("third");
        assertThat(audit.exitCode()).as(audit.toString()).isZero();
        assertThat(audit.stdout()).contains("5 unchanged");
        assertThat(tasks.exitCode()).as(tasks.toString()).isZero();
        assertThat(gate.exitCode()).as(gate.toString()).isZero();
        assertThat(third.stderr()).contains("UNCHANGED public.t: not copied; its copy of run second stands (3 rows)");
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                change("insert", "INSERT INTO t VALUES (4, 'd')", "public.t"),
                change("update of one row", "UPDATE t SET v = 'B' WHERE id = 2", "public.t"),
                change("delete", "DELETE FROM t WHERE id = 3", "public.t"),
                change("truncate", "TRUNCATE t", "public.t"),
                change("copy from", "COPY t FROM PROGRAM 'echo 7,copied' WITH (FORMAT csv)", "public.t"),
                change("add column", "ALTER TABLE t ADD COLUMN extra integer DEFAULT 7", "public.t"),
                change("alter column type", "ALTER TABLE t ALTER COLUMN id TYPE bigint", "public.t"),
                change("drop column", "ALTER TABLE t DROP COLUMN v", "public.t"),
                change("a write into one partition", "INSERT INTO parted VALUES (150, 'pb2')", "public.parted"),
                change("a partition attached", "CREATE TABLE parted_c (id integer, v text);"
                        + " INSERT INTO parted_c VALUES (250, 'pc');"
                        + " ALTER TABLE parted ATTACH PARTITION parted_c FOR VALUES FROM (200) TO (300)", "public.parted"),
                change("a partition detached", "ALTER TABLE parted DETACH PARTITION parted_b", "public.parted",
                        "public.parted_b"),
                change("a write to an inheritance child", "INSERT INTO kid VALUES (3, 'kid2')", "public.kid",
                        "public.parent"),
                change("a change changed back", "UPDATE t SET v = 'z' WHERE id = 1; UPDATE t SET v = 'a' WHERE id = 1",
                        "public.t"),
                // Counters back where they were, content not: only the reset itself can tell.
                change("statistics reset, then a write", "SELECT pg_stat_reset();"
                        + " INSERT INTO t VALUES (7, 'x'), (8, 'y'), (9, 'z')", ALL.toArray(String[]::new)),
                change("one table's counters reset, then a write", "SELECT pg_stat_reset_single_table_counters('t'::regclass);"
                        + " INSERT INTO t VALUES (7, 'x'), (8, 'y'), (9, 'z')", ALL.toArray(String[]::new)));
    }

    private static Arguments change(String name, String sql, String... copied) {
        return Arguments.of(name, sql, Set.of(copied));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void eachChangeIsCopiedByTheNextRunAndNothingElse(String name, String sql, Set<String> copied) throws Exception {
        change(sql);

        var second = run("second");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(statuses("second")).as(second.toString()).isEqualTo(expected(copied));
        assertMirrorEqualsSource();
    }

    /** Rolled back or not, a write's counters count; whether it is copied or not, the mirror stays equal. */
    @Test
    void aRolledBackWriteLeavesTheMirrorEqual() throws Exception {
        try (Connection admin = source.admin()) {
            admin.setAutoCommit(false);
            Rows.execute(admin, "INSERT INTO t VALUES (4, 'never')");
            admin.rollback();
            admin.setAutoCommit(true);
            Rows.query(admin, "SELECT pg_stat_force_next_flush()");
        }

        var second = run("second");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(statuses("second")).containsAllEntriesOf(Map.of("public.untouched", "unchanged"));
        assertMirrorEqualsSource();
    }

    /**
     * An immediate stop is a crash to PostgreSQL: it discards the counters. A write after the restart
     * brings t's back to what they were, with other content.
     */
    @Test
    void aCrashRestartThenAWriteCopiesEverything() throws Exception {
        assumeTrue(source.server.restartable(), PostgresServer.NOT_RESTARTABLE);
        source.server.restart(PostgresServer.Shutdown.IMMEDIATE);
        change("INSERT INTO t VALUES (7, 'x'), (8, 'y'), (9, 'z')");

        var second = run("second");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(statuses("second")).isEqualTo(all("succeeded"));
        assertThat(second.stderr()).contains("COPY public.t: the source server restarted since its last copy (run first)");
        assertMirrorEqualsSource();
    }

    @Test
    void aMirrorChangedOrDroppedInTheTargetIsCopiedAgain() throws Exception {
        TargetFile.execute(target, "DELETE FROM public.untouched WHERE id = 1; DROP TABLE public.kid");

        var second = run("second");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(statuses("second")).isEqualTo(expected(Set.of("public.untouched", "public.kid")));
        assertThat(second.stderr()).contains("COPY public.untouched: the target holds 49 rows, its last copy (run first) 50",
                "COPY public.kid: missing from the target");
        assertMirrorEqualsSource();
    }

    @Test
    void anotherNumericPolicyCopiesEverything() throws Exception {
        var second = source.app(target).env("SKIP_UNCHANGED", "true").env("NUMERIC_POLICY", "varchar")
                .run("run", "--run-id", "second");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(statuses("second")).isEqualTo(all("succeeded"));
        assertThat(second.stderr()).contains("COPY public.t: how it is read changed since its last copy (run first)");
    }

    /** In one consistent snapshot, the changed table is copied and the others keep their version. */
    @Test
    void withAConsistentSnapshotOnlyTheChangedTableIsCopied() throws Exception {
        change("UPDATE t SET v = 'B' WHERE id = 2");

        var second = source.app(target).env("SKIP_UNCHANGED", "true").env("SNAPSHOT", "consistent")
                .run("run", "--run-id", "second");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(statuses("second")).isEqualTo(expected(Set.of("public.t")));
        assertMirrorEqualsSource();
    }

    /** A fanned-out run: the tasks hold every table, and execute leaves the unchanged ones as they are. */
    @Test
    void executeTasksSkipTheUnchangedTablesAndTheGatePasses() throws Exception {
        change("INSERT INTO kid VALUES (3, 'kid2')");

        Path tasksFile = dir.resolve("tasks.json");
        var tasks = source.app(target).env("SKIP_UNCHANGED", "true").run("plan", "--tasks", "--max-tasks", "2",
                "--output", tasksFile.toString());
        List<String> groups = Json.array(Files.readString(tasksFile)).getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList();
        for (String group : groups) {
            var task = source.app(target).env("SKIP_UNCHANGED", "true").env("DUCKMIRROR_RUN_ID", "second")
                    .run("execute", "--tables", group);
            assertThat(task.exitCode()).as(task.toString()).isZero();
        }
        var gate = source.app(target).run("audit", "--run-id", "second", "--expect", tasksFile.toString());

        assertThat(groups).hasSize(2);
        assertThat(statuses("second")).isEqualTo(expected(Set.of("public.kid", "public.parent")));
        assertThat(gate.exitCode()).as(gate.toString()).isZero();
        assertMirrorEqualsSource();
    }

    @Test
    void withPruneAnUnchangedTableIsKeptAndAGoneOneDropped() throws Exception {
        source.execute("DROP TABLE t");

        var second = source.app(target).env("SKIP_UNCHANGED", "true").env("PRUNE", "true")
                .run("run", "--run-id", "second");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        Map<String, String> expected = new TreeMap<>(expected(Set.of()));
        expected.put("public.t", "pruned");
        assertThat(statuses("second")).isEqualTo(expected);
        assertMirrorEqualsSource();
    }

    @Test
    void aValueThatIsNotTrueOrFalseIsRefused() {
        var run = source.app(target).env("SKIP_UNCHANGED", "maybe").run("run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr().strip()).isEqualTo("duckmirror: SKIP_UNCHANGED: 'maybe' is not true or false");
    }

    private Duckmirror.Result run(String runId) {
        return source.app(target).env("SKIP_UNCHANGED", "true").run("run", "--run-id", runId);
    }

    /**
     * The fixture's session flushed its counters as it ended, which PostgreSQL does after the client
     * has gone: wait for them, so that the first run's fingerprints include them.
     */
    private void awaitFixtureCounted() throws Exception {
        String inserted = "SELECT sum(n_tup_ins) FROM pg_stat_all_tables WHERE schemaname = 'public'";
        for (int i = 0; i < 600 && !source.query(inserted).getFirst().getFirst().equals("57"); i++) {
            Thread.sleep(100);
        }
        assertThat(source.query(inserted)).containsExactly(List.of("57"));
    }

    /** Makes the change, then has its counters flushed before the statement returns (PostgreSQL 15). */
    private void change(String sql) throws SQLException {
        try (Connection admin = source.admin()) {
            Rows.execute(admin, sql);
            Rows.query(admin, "SELECT pg_stat_force_next_flush()");
        }
    }

    /** Each table's status in the run, by name. */
    private Map<String, String> statuses(String runId) throws SQLException {
        return TargetFile.rows(target, "SELECT source_schema || '.' || source_table, status FROM main.flight_tracker"
                + " WHERE run_id = '" + runId + "'").stream()
                .collect(Collectors.toMap(r -> r.get(0), r -> r.get(1), (a, b) -> b, TreeMap::new));
    }

    /** The source's tables now, those named copied, the others unchanged. */
    private Map<String, String> expected(Set<String> copied) throws SQLException {
        Map<String, String> expected = new TreeMap<>();
        sourceTables().forEach(t -> expected.put(t, copied.contains(t) ? "succeeded" : "unchanged"));
        return expected;
    }

    private Map<String, String> all(String status) throws SQLException {
        return sourceTables().stream().collect(Collectors.toMap(t -> t, t -> status, (a, b) -> a, TreeMap::new));
    }

    /** The tables duckmirror mirrors: not partitions. */
    private List<String> sourceTables() throws SQLException {
        return source.query("SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = 'public' ORDER BY 1")
                .stream().map(List::getFirst).toList();
    }

    /** For every source table: the same columns in the same order, the same rows, every value the same as text. */
    private void assertMirrorEqualsSource() throws SQLException {
        Map<String, List<String>> inSource = new LinkedHashMap<>();
        Map<String, List<String>> inTarget = new LinkedHashMap<>();
        for (String table : sourceTables()) {
            String[] name = table.split("\\.");
            List<String> columns = source.query("SELECT column_name FROM information_schema.columns WHERE table_schema = '"
                    + name[0] + "' AND table_name = '" + name[1] + "' ORDER BY ordinal_position").stream()
                    .map(List::getFirst).toList();
            List<String> targetColumns = TargetFile.rows(target, "SELECT column_name FROM information_schema.columns"
                    + " WHERE table_schema = '" + name[0] + "' AND table_name = '" + name[1] + "' ORDER BY ordinal_position")
                    .stream().map(List::getFirst).toList();
            String values = columns.stream().map(c -> "coalesce(CAST(" + c + " AS %s), '<null>')")
                    .collect(Collectors.joining(" || '|' || "));
            String content = "SELECT count(*), md5(coalesce(string_agg(" + (values.isEmpty() ? "''" : values)
                    + ", ',' ORDER BY " + (values.isEmpty() ? "1" : values) + "), '')) FROM " + table;
            inSource.put(table, concat(columns, source.query(content.formatted(rep("text", columns.size() * 2)))));
            inTarget.put(table, targetColumns.isEmpty() ? List.of("missing")
                    : concat(targetColumns, TargetFile.rows(target, content.formatted(rep("VARCHAR", columns.size() * 2)))));
        }
        assertThat(inTarget).isEqualTo(inSource);
    }

    private static Object[] rep(String type, int times) {
        return java.util.Collections.nCopies(times, type).toArray();
    }

    private static List<String> concat(List<String> columns, List<List<String>> content) {
        List<String> all = new ArrayList<>(columns);
        all.addAll(content.getFirst());
        return all;
    }
}

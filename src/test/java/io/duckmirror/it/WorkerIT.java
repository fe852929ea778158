package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmirror.TableRef;
import io.duckmirror.config.NameList;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * duckmirror as a DAG worker (fixture worker.sql): plan --tasks for an orchestrator to map over,
 * execute --tables per task under one run id, and audit --expect as the gate at the end.
 */
class WorkerIT {
    private static final TableRef BIG = new TableRef("public", "big");
    private static final TableRef FORBIDDEN = new TableRef("public", "forbidden");
    private static final Set<TableRef> PLANNED = Set.of(BIG, FORBIDDEN, new TableRef("public", "small_a"),
            new TableRef("public", "small_b"), new TableRef("odd schema", "a, \"quoted\" $name"),
            new TableRef("odd schema", "x.y"));

    private static Fixture source;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSource() throws Exception {
        source = Fixture.create("worker_it", "worker.sql");
        source.execute("REVOKE SELECT ON public.forbidden FROM " + source.role);
    }

    @Test
    void planTasksIsOneLineWithEveryPlannedTableOnceAndNoRefusedOne() {
        var plan = source.app(dir.resolve("unused.duckdb")).run("plan", "--tasks");

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        List<Set<TableRef>> tasks = tasks(plan.stdout());
        assertThat(tasks).as(plan.stdout()).hasSize(PLANNED.size()).allSatisfy(task -> assertThat(task).hasSize(1));
        assertThat(tasks.stream().flatMap(Set::stream)).containsExactlyInAnyOrderElementsOf(PLANNED);
        assertThat(plan.stderr()).contains("REFUSED public.Orders", "REFUSED public.orders");
        assertThat(dir.resolve("unused.duckdb")).as("plan creates no target").doesNotExist();
    }

    @Test
    void moreTablesThanTasksAreGroupedBiggestFirst() {
        var plan = source.app(dir.resolve("unused.duckdb")).run("plan", "--tasks", "--max-tasks", "3");

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        List<Set<TableRef>> tasks = tasks(plan.stdout());
        assertThat(tasks).as(plan.stdout()).hasSize(3);
        List<TableRef> all = tasks.stream().flatMap(Set::stream).toList();
        assertThat(all).as("every planned table in exactly one task").containsExactlyInAnyOrderElementsOf(PLANNED);
        // The big table outweighs all the others together: it has a task of its own, and the small
        // ones are spread over the other two.
        assertThat(tasks).contains(Set.of(BIG));
        assertThat(tasks).filteredOn(task -> !task.contains(BIG)).allSatisfy(task -> assertThat(task).hasSizeBetween(2, 3));
    }

    @Test
    void outputWritesTheTasksToAFileInsteadOfStdout() throws Exception {
        Path file = dir.resolve("xcom/return.json");

        var plan = source.app(dir.resolve("unused.duckdb")).run("plan", "--tasks", "--output", file.toString());

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.stdout()).isEmpty();
        assertThat(tasks(Files.readString(file)).stream().flatMap(Set::stream)).containsExactlyInAnyOrderElementsOf(PLANNED);
    }

    @Test
    void anEmptyPlanIsAnEmptyArrayAndTheGatePassesIt() throws Exception {
        Path file = dir.resolve("tasks.json");
        Path target = dir.resolve("never.duckdb");
        var plan = source.app(target).env("INCLUDED_SCHEMAS", "nosuch").run("plan", "--tasks", "--output", file.toString());
        var gate = source.app(target).run("audit", "--run-id", "r0", "--expect", file.toString());

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(Files.readString(file)).isEqualTo("[]\n");
        assertThat(gate.exitCode()).as(gate.toString()).isZero();
        assertThat(gate.stdout()).contains("0 tables (the plan is empty)");
    }

    /**
     * The fan-out as an orchestrator runs it: one process per task, one run id for all of them from
     * the environment. The unreadable table fails its task; the gate names it, and every other table
     * is mirrored.
     */
    @Test
    void tasksShareOneRunIdAndTheGateNamesTheTableThatFailed() throws Exception {
        Path target = dir.resolve("t.duckdb");
        Path plan = dir.resolve("tasks.json");
        assertThat(source.app(target).run("plan", "--tasks", "--max-tasks", "3", "--output", plan.toString()).exitCode())
                .isZero();

        List<Integer> exits = new ArrayList<>();
        for (String task : elements(Files.readString(plan))) {
            var result = source.app(target).env("DUCKMIRROR_RUN_ID", "dag-run-1").run("execute", "--tables", task);
            exits.add(result.exitCode());
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(task.contains("forbidden") ? 1 : 0);
        }
        var gate = source.app(target).run("audit", "--run-id", "dag-run-1", "--expect", plan.toString());

        assertThat(exits).hasSize(3);
        assertThat(gate.exitCode()).as(gate.toString()).isEqualTo(1);
        assertThat(gate.stderr()).contains("run dag-run-1: 1 of 6 planned table(s) not mirrored: public.forbidden (failed)");
        assertThat(gate.stdout()).contains("6 planned: 5 succeeded, 1 failed, 0 missing");
        assertThat(TargetFile.rows(target, "SELECT DISTINCT run_id FROM main.flight_tracker"))
                .containsExactly(List.of("dag-run-1"));
        assertThat(TargetFile.rows(target, "SELECT count(*), sum(id) FROM public.big"))
                .containsExactly(List.of("20000", "200010000"));
        assertThat(TargetFile.single(target, "SELECT count(*) FROM \"odd schema\".\"a, \"\"quoted\"\" $name\""))
                .isEqualTo("30");
        assertThat(TargetFile.single(target, "SELECT count(*) FROM \"odd schema\".\"x.y\"")).isEqualTo("40");
    }

    /** A task killed before it wrote a row leaves its tables missing from the run: the gate fails on them. */
    @Test
    void theGateNamesTablesWhoseTaskNeverRan() throws Exception {
        Path target = dir.resolve("t.duckdb");
        Path plan = dir.resolve("tasks.json");
        var planned = source.app(target).env("EXCLUDED_TABLES", "public.forbidden").run("plan", "--tasks", "--output",
                plan.toString());
        assertThat(planned.exitCode()).as(planned.toString()).isZero();
        List<String> tasks = elements(Files.readString(plan));
        for (String task : tasks.subList(0, tasks.size() - 1)) {
            assertThat(source.app(target).run("execute", "--tables", task, "--run-id", "dag-run-2").exitCode()).isZero();
        }
        String skipped = tasks.getLast();

        var gate = source.app(target).run("audit", "--run-id", "dag-run-2", "--expect", plan.toString());
        var json = source.app(target).run("audit", "--run-id", "dag-run-2", "--expect", plan.toString(), "--json");

        assertThat(gate.exitCode()).as(gate.toString()).isEqualTo(1);
        String name = NameList.tables("x", skipped).iterator().next().toString();
        assertThat(gate.stderr())
                .contains(name + " (missing: no row in the run: its task never ran, or was killed before it planned)");
        assertThat(gate.stdout()).contains("5 planned: 4 succeeded, 0 failed, 1 missing");
        assertThat(Json.array(json.stdout()).getValuesAs(JsonObject.class).stream()
                .collect(Collectors.groupingBy(o -> o.getString("status"), Collectors.counting())))
                .containsEntry("succeeded", 4L).containsEntry("missing", 1L);

        assertThat(source.app(target).run("execute", "--tables", skipped, "--run-id", "dag-run-2").exitCode()).isZero();
        var passed = source.app(target).run("audit", "--run-id", "dag-run-2", "--expect", plan.toString());
        assertThat(passed.exitCode()).as(passed.toString()).isZero();
        assertThat(passed.stdout()).contains("5 planned: 5 succeeded, 0 failed, 0 missing");
    }

    /** A local file takes one writer at a time: a second task waits for the first, then runs. */
    @Test
    void aSecondWriterWaitsForTheFileThenRuns() throws Exception {
        Path target = dir.resolve("shared.duckdb");
        Duckmirror.Running waiting;
        try (Connection holder = DriverManager.getConnection("jdbc:duckdb:" + target)) {
            Rows.execute(holder, "CREATE TABLE main.first_writer AS SELECT 1 AS x");
            waiting = source.app(target).env("TARGET_LOCK_WAIT_SECONDS", "600")
                    .start("execute", "--tables", "public.small_a");
            // A bound against a hang, not a timing: the child says it waits before the file is let go.
            for (long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos(); !Files.readString(waiting.err())
                    .contains("WAITING for " + target) && System.nanoTime() < deadline;) {
                assertThat(waiting.process().isAlive()).as(Files.readString(waiting.err())).isTrue();
                Thread.sleep(50);
            }
        }
        var result = waiting.await();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("WAITING for " + target);
        assertThat(TargetFile.rows(target, "SELECT (SELECT count(*) FROM public.small_a), (SELECT x FROM main.first_writer)"))
                .containsExactly(List.of("10", "1"));
    }

    private static List<String> elements(String json) {
        return Json.array(json).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static List<Set<TableRef>> tasks(String json) {
        return elements(json).stream().map(task -> NameList.tables("task", task)).toList();
    }
}

package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * audit agrees with what happened (fixture audit.sql): each table's latest outcome in a run, runs
 * stopped by a signal, runs that selected nothing, tasks that refused their tables, and counts that
 * add up.
 */
class AuditIT {
    private static final String ALL = "public.a,public.b,public.c";

    private static Fixture source;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSource() throws Exception {
        source = Fixture.create("audit_it", "audit.sql");
    }

    /** A task failed, and the orchestrator's retry under the same run id succeeded: audit and gate agree. */
    @Test
    void aRetriedTaskThatSucceededStandsAsSucceededEverywhere() throws Exception {
        Path target = dir.resolve("t.duckdb");
        Path plan = dir.resolve("tasks.json");
        Files.writeString(plan, "[\"public.flaky\"]\n");
        source.execute("REVOKE SELECT ON public.flaky FROM " + source.role);
        var failed = source.app(target).run("execute", "--tables", "public.flaky", "--run-id", "retried");
        source.execute("GRANT SELECT ON public.flaky TO " + source.role);
        var retried = source.app(target).run("execute", "--tables", "public.flaky", "--run-id", "retried");

        var audit = source.app(target).run("audit", "--run-id", "retried");
        var json = source.app(target).run("audit", "--run-id", "retried", "--json");
        var gate = source.app(target).run("audit", "--run-id", "retried", "--expect", plan.toString());

        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(retried.exitCode()).as(retried.toString()).isZero();
        assertThat(audit.exitCode()).as(audit.toString()).isZero();
        assertThat(audit.stdout()).contains("succeeded   public.flaky").contains("2 (1 last)")
                .contains("1 table(s): 1 succeeded, 0 failed");
        JsonObject flaky = Json.array(json.stdout()).getJsonObject(0);
        assertThat(flaky.getString("status")).isEqualTo("succeeded");
        assertThat(flaky.getInt("rows")).isEqualTo(10);
        assertThat(flaky.getInt("attempts")).isEqualTo(1);
        assertThat(flaky.getInt("attempts_in_run")).isEqualTo(2);
        assertThat(gate.exitCode()).as(gate.toString()).isZero();
        assertThat(gate.stdout()).contains("1 planned: 1 succeeded, 0 failed, 0 missing");
    }

    /**
     * SIGTERM while the second of three tables is copied (biggest first: b, then a and c): the audit
     * names it and the one never started.
     */
    @Test
    void aRunStoppedBySigtermIsRecordedAsInterrupted() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var app = source.app(target).env("INCLUDED_TABLES", ALL).env("PARALLEL_TABLES", "1")
                .env("TABLES_PER_COMMIT", "1").env("DUCKMIRROR_RUN_ID", "stopped");

        var stopped = source.whileCopyWaits("public.a", app, (running, waiting) -> {
            running.process().destroy();
            running.awaitStopNotice();
        });

        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(143);
        assertThat(stopped.stderr()).contains("duckmirror: stopped by a signal while copying public.a (run stopped)")
                .contains("not started: 1 table(s)");
        var audit = source.app(target).run("audit", "--run-id", "stopped", "--json");
        assertThat(audit.exitCode()).as(audit.toString()).isEqualTo(1);
        assertThat(byTable(audit.stdout())).containsExactly(
                Map.entry("a", "interrupted: stopped by a signal while it was being copied; its previous version,"
                        + " if any, is intact"),
                Map.entry("b", "succeeded"),
                Map.entry("c", "interrupted: not started: its task was stopped by a signal"));
        assertThat(TargetFile.single(target, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'a'"))
                .as("no table, though the test let its copy go on after the signal").isEqualTo("0");
    }

    /** SNAPSHOT=consistent stopped: the same notice, nothing swapped, every table interrupted. */
    @Test
    void aConsistentRunStoppedBySigtermSaysNothingWasSwapped() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var app = source.app(target).env("INCLUDED_TABLES", ALL).env("SNAPSHOT", "consistent");
        assertThat(app.run("run").exitCode()).isZero();
        String before = TargetFile.single(target, "SELECT sum(id) || ':' || count(*) FROM public.b");
        source.execute("DELETE FROM public.b WHERE id > 500");
        try {
            var stopped = source.whileCopyWaits("public.b", app.env("DUCKMIRROR_RUN_ID", "stopped-set"),
                    (running, waiting) -> {
                        running.process().destroy();
                        running.awaitStopNotice();
                    });

            assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(143);
            assertThat(stopped.stderr()).contains("duckmirror: stopped by a signal while copying the consistent set of"
                    + " 3 table(s) (SNAPSHOT=consistent, run stopped-set): nothing was swapped");
            assertThat(TargetFile.single(target, "SELECT sum(id) || ':' || count(*) FROM public.b")).isEqualTo(before);
            var audit = source.app(target).run("audit", "--run-id", "stopped-set", "--json");
            assertThat(audit.exitCode()).as(audit.toString()).isEqualTo(1);
            assertThat(byTable(audit.stdout()).values())
                    .containsOnly("interrupted: stopped by a signal while it was being copied; its previous version,"
                            + " if any, is intact");
        } finally {
            source.execute("INSERT INTO public.b SELECT g, 'first ' || g FROM generate_series(501, 1000) AS g");
        }
    }

    /** Ctrl-C's SIGINT: exit 130, the same notice. */
    @Test
    void aRunStoppedBySigintExits130() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var app = source.app(target).env("INCLUDED_TABLES", "public.b");

        var stopped = source.whileCopyWaits("public.b", app, (running, waiting) -> {
            long pid = running.process().pid();
            // A process started with SIGINT ignored (a background job of a shell) keeps ignoring it.
            assumeTrue(!ignoresSigint(pid), "this test JVM's children ignore SIGINT");
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor(1, TimeUnit.MINUTES))
                    .isTrue();
            running.awaitStopNotice();
        });

        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(130);
        assertThat(stopped.stderr()).contains("duckmirror: stopped by a signal while copying public.b");
    }

    @Test
    void aRunThatSelectedNothingIsStillTheLatestRun() throws Exception {
        Path target = dir.resolve("t.duckdb");
        assertThat(source.app(target).env("INCLUDED_TABLES", "public.a").run("run", "--run-id", "with-a").exitCode())
                .isZero();
        var nothing = source.app(target).env("INCLUDED_SCHEMAS", "nosuch").run("run", "--run-id", "nothing");

        var audit = source.app(target).run("audit");

        assertThat(nothing.exitCode()).as(nothing.toString()).isZero();
        assertThat(audit.exitCode()).as(audit.toString()).isZero();
        assertThat(audit.stdout()).isEqualTo("run nothing: 0 tables (it selected nothing)\n");
    }

    /** A table dropped between plan and its task: the gate says the task refused it, not that it never ran. */
    @Test
    void theGateTellsATaskThatRefusedItsTableFromOneThatNeverRan() throws Exception {
        Path target = dir.resolve("t.duckdb");
        Path plan = dir.resolve("tasks.json");
        source.execute("CREATE TABLE public.dropped_later (id int); GRANT SELECT ON public.dropped_later TO "
                + source.role);
        var planned = source.app(target).env("INCLUDED_TABLES", "public.a,public.c,public.dropped_later")
                .run("plan", "--tasks", "--output", plan.toString());
        source.execute("DROP TABLE public.dropped_later");
        var refused = source.app(target).run("execute", "--tables", "public.dropped_later", "--run-id", "r");
        var ran = source.app(target).run("execute", "--tables", "public.a", "--run-id", "r");

        var gate = source.app(target).run("audit", "--run-id", "r", "--expect", plan.toString(), "--json");

        assertThat(planned.exitCode()).as(planned.toString()).isZero();
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(ran.exitCode()).as(ran.toString()).isZero();
        assertThat(gate.exitCode()).as(gate.toString()).isEqualTo(1);
        assertThat(byTable(gate.stdout())).containsExactly(
                Map.entry("a", "succeeded"),
                Map.entry("c", "missing: no row in the run: its task never ran, or was killed before it planned"),
                Map.entry("dropped_later", "refused: its task ran and refused it: --tables: public.dropped_later is"
                        + " not in the plan (no such table, or not selected)"));
    }

    /** The counts add up: refused tables are neither to mirror nor failed; the notes reach the audit. */
    @Test
    void countsAddUpAndTheAuditCarriesConversionNotes() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var run = source.app(target).env("INCLUDED_TABLES", "public.a,public.converted,public.Dup,public.dup")
                .run("run", "--run-id", "counted");
        var audit = source.app(target).run("audit");
        var json = source.app(target).run("audit", "--json");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.stderr()).contains("Run counted: 2 table(s) to mirror, 2 refused, from ")
                .contains("Summary: 2 succeeded, 0 failed, 2 refused, 102 rows");
        assertThat(audit.stdout()).contains("refused     public.Dup").contains("succeeded   public.converted")
                .contains("converted amount: numeric is read as DOUBLE")
                .contains("4 table(s): 2 succeeded, 0 failed, 2 refused");
        JsonObject converted = Json.array(json.stdout()).getValuesAs(JsonObject.class).stream()
                .filter(o -> o.getString("table").equals("converted")).findFirst().orElseThrow();
        assertThat(converted.getJsonArray("conversions").getValuesAs(JsonString.class)).extracting(JsonString::getString)
                .singleElement().asString().startsWith("amount: numeric is read as DOUBLE");
    }

    @Test
    void auditTakesOnlyTheOptionsItUses() {
        for (String option : List.of("--included-schemas", "--snapshot", "--extension-repository")) {
            var result = source.app(dir.resolve("t.duckdb")).run("audit", option, "x");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.stderr()).contains("Unknown option").contains("'" + option + "'");
        }
    }

    /** Each table's name with its status, and with the reason where it has no row. */
    private static Map<String, String> byTable(String json) {
        return Json.array(json).getValuesAs(JsonObject.class).stream().collect(Collectors.toMap(
                o -> o.getString("table"),
                o -> o.getString("status") + (o.getString("status").equals("succeeded") ? "" : ": " + o.getString("error")),
                (x, y) -> y, java.util.LinkedHashMap::new));
    }

    private static boolean ignoresSigint(long pid) throws Exception {
        String ignored = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow().substring("SigIgn:".length()).strip();
        return (Long.parseLong(ignored, 16) & (1L << 1)) != 0;
    }
}

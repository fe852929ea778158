package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON logs for collectors, the human text by default, and progress lines while a table copies. */
class LogsIT {
    private static final String RUN_ID = "logs-it-run";

    private static Fixture source;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSource() throws Exception {
        source = Fixture.create("logs_it", "failures.sql");
        source.execute("REVOKE SELECT ON public.forbidden FROM " + source.role);
        source.execute("CREATE TABLE public.converted (amount numeric); INSERT INTO public.converted VALUES (1.5);"
                + " GRANT SELECT ON public.converted TO " + source.role);
    }

    /**
     * A collector can select a run's lines, and each table's: every line of a run names the run, and
     * the lines about one table (a conversion note, a retry) name it too.
     */
    @Test
    void everyLineOfARunCarriesItsRunIdAndEveryTableLineItsTable() throws Exception {
        Path target = dir.resolve("t.duckdb");
        Duckmirror app = source.app(target).env("QUARKUS_LOG_CONSOLE_JSON", "true")
                .env("INCLUDED_TABLES", "public.locked,public.converted").env("DUCKMIRROR_RUN_ID", RUN_ID);

        var result = source.terminatedOnce("public.locked", app);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<JsonObject> lines = jsonLines(result.stderr());
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(mdc(line).getString("run_id", null))
                .as(line.toString()).isEqualTo(RUN_ID));
        assertThat(lines.getFirst().getString("message")).startsWith("Run " + RUN_ID + ": 2 table(s) to mirror");
        JsonObject retry = lines.stream().filter(l -> l.getString("message").startsWith("TRANSIENT")).findFirst()
                .orElseThrow();
        assertThat(retry.getString("message"))
                .matches("TRANSIENT public\\.locked: attempt 1 of 5 failed, next in \\d+\\.\\d s: .+");
        assertThat(mdc(retry)).containsEntry("schema", Json.value("public")).containsEntry("table", Json.value("locked"));
        JsonObject converted = lines.stream().filter(l -> l.getString("message").startsWith("CONVERTED")).findFirst()
                .orElseThrow();
        assertThat(converted.getString("message")).startsWith("CONVERTED public.converted: amount: numeric is read as");
        assertThat(mdc(converted)).containsEntry("table", Json.value("converted"));
    }

    @Test
    void jsonLogsCarryEachTablesOutcomeAsFields() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var result = source.app(target).env("QUARKUS_LOG_CONSOLE_JSON", "true")
                .env("EXCLUDED_TABLES", "public.locked,public.converted").run("run", "--run-id", RUN_ID);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        List<JsonObject> lines = jsonLines(result.stderr());
        assertThat(lines).as("every log line is a JSON object").hasSize((int) result.stderr().lines().count());
        Map<String, JsonObject> outcomes = lines.stream()
                .filter(l -> "outcome".equals(mdc(l).getString("event", null)))
                .collect(Collectors.toMap(l -> mdc(l).getString("table"), Function.identity()));
        assertThat(outcomes).containsOnlyKeys("first", "forbidden", "second");

        JsonObject first = mdc(outcomes.get("first"));
        assertThat(first.getString("run_id")).isEqualTo(RUN_ID);
        assertThat(first.getString("schema")).isEqualTo("public");
        assertThat(first.getString("status")).isEqualTo("succeeded");
        assertThat(first.getString("rows")).isEqualTo("100");
        assertThat(first.getString("attempts")).isEqualTo("1");
        assertThat(Long.parseLong(first.getString("duration_ms"))).isNotNegative();
        assertThat(outcomes.get("first").getString("level")).isEqualTo("INFO");
        assertThat(outcomes.get("first").getString("message")).startsWith("OK   public.first");
        assertThat(mdc(outcomes.get("second")).getString("rows")).isEqualTo("200");

        JsonObject forbidden = mdc(outcomes.get("forbidden"));
        assertThat(forbidden.getString("status")).isEqualTo("failed");
        assertThat(forbidden.getString("run_id")).isEqualTo(RUN_ID);
        assertThat(forbidden.getString("attempts")).isEqualTo("1");
        assertThat(forbidden.containsKey("rows")).as("a failed table has no row count").isFalse();
        assertThat(outcomes.get("forbidden").getString("level")).isEqualTo("ERROR");

        // A table's fields belong to its lines alone: the summary after them carries only the run's.
        JsonObject summary = lines.stream().filter(l -> l.getString("message").startsWith("Summary:"))
                .findFirst().orElseThrow();
        assertThat(mdc(summary)).containsOnlyKeys("run_id");
        assertThat(mdc(summary).getString("run_id")).isEqualTo(RUN_ID);
        // stdout stays data: a run prints nothing there.
        assertThat(result.stdout()).isEmpty();
        assertThat(TargetFile.rows(target, "SELECT DISTINCT run_id FROM main.flight_tracker"))
                .containsExactly(List.of(RUN_ID));
    }

    @Test
    void aFatalErrorIsAJsonLineToo() {
        var result = source.app(dir.resolve("t.duckdb")).env("QUARKUS_LOG_CONSOLE_JSON", "true")
                .env("MAX_RETRIES", "0").run("run");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(jsonLines(result.stderr())).singleElement().satisfies(line -> {
            assertThat(line.getString("level")).isEqualTo("ERROR");
            assertThat(line.getString("message"))
                    .isEqualTo("duckmirror: MAX_RETRIES: '0' is not a whole number of attempts from 1 to 100");
        });
    }

    @Test
    void theDefaultLogIsTextForHumans() {
        var result = source.app(dir.resolve("t.duckdb")).env("INCLUDED_TABLES", "public.first").run("run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr().lines()).isNotEmpty().noneMatch(l -> l.startsWith("{"));
        assertThat(result.stderr()).containsPattern("INFO  OK   public\\.first +100 rows  attempts=1  ");
    }

    /**
     * A copy held still on a lock reports progress at the configured interval: the test waits for
     * the line (an event, not a time), then lets the copy go and checks it completed.
     */
    @Test
    void aLongCopyReportsProgressWhileItRuns() throws Exception {
        Path target = dir.resolve("t.duckdb");
        Duckmirror app = source.app(target).env("QUARKUS_LOG_CONSOLE_JSON", "true")
                .env("INCLUDED_TABLES", "public.locked").env("PROGRESS_INTERVAL_SECONDS", "0.2");

        var result = source.whileCopyWaits("public.locked", app, (running, waiting) -> {
            // A bound against a hang, not a timing.
            for (long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos(); !Files.readString(running.err())
                    .contains("PROGRESS public.locked")
                    && System.nanoTime() < deadline;) {
                Thread.sleep(50);
            }
        });

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<JsonObject> progress = jsonLines(result.stderr()).stream()
                .filter(l -> "progress".equals(mdc(l).getString("event", null))).toList();
        assertThat(progress).as(result.stderr()).isNotEmpty().allSatisfy(line -> {
            assertThat(line.getString("message"))
                    .matches("PROGRESS public\\.locked: (\\d+%|percent unknown) after \\d+ s");
            JsonObject fields = mdc(line);
            assertThat(fields.getString("schema")).isEqualTo("public");
            assertThat(fields.getString("table")).isEqualTo("locked");
            assertThat(fields.getString("run_id")).isNotBlank();
            assertThat(Long.parseLong(fields.getString("elapsed_ms"))).isNotNegative();
        });
        // The copy, once let go, completed and no progress line follows its outcome.
        List<String> messages = jsonLines(result.stderr()).stream().map(l -> l.getString("message")).toList();
        int ok = messages.indexOf(messages.stream().filter(m -> m.startsWith("OK   public.locked")).findFirst()
                .orElseThrow());
        assertThat(messages.subList(ok, messages.size())).noneMatch(m -> m.startsWith("PROGRESS"));
        assertThat(TargetFile.single(target, "SELECT sum(id) FROM public.locked")).isEqualTo("500500");
    }

    private static List<JsonObject> jsonLines(String stderr) {
        return stderr.lines().map(line -> {
            try (var reader = jakarta.json.Json.createReader(new StringReader(line))) {
                return reader.readObject();
            }
        }).toList();
    }

    private static JsonObject mdc(JsonObject line) {
        return line.containsKey("mdc") ? line.getJsonObject("mdc") : JsonObject.EMPTY_JSON_OBJECT;
    }
}

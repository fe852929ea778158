package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference flight's whole job, end to end: every table lands with its values, and is audited. */
class MirrorIT {
    private static Fixture source;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSource() throws Exception {
        source = Fixture.create("mirror_it", "core.sql");
    }

    /** How each side spells a column's value as text where their default text forms differ. */
    private static final Map<String, String[]> CANONICAL = Map.of(
            "at_local", new String[] { "(extract(epoch FROM %s) * 1000000)::bigint::text", "CAST(epoch_us(%s) AS VARCHAR)" },
            "at_utc", new String[] { "(extract(epoch FROM %s) * 1000000)::bigint::text", "CAST(epoch_us(%s) AS VARCHAR)" },
            "raw", new String[] { "encode(%s, 'hex')", "lower(hex(%s))" },
            "ints", new String[] { "array_to_string(%s, ',')", "array_to_string(%s, ',')" });

    @Test
    void mirrorsEveryTableOnceWithItsValues() throws Exception {
        Path target = dir.resolve("mirror.duckdb");
        var result = source.app(target).run("run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(tablesIn(target)).containsExactly(
                "hr.staff", "main.duckmirror_runs", "main.flight_tracker", "public.MixedCase Orders", "public.all_types",
                "public.empty_table", "sales.events");
        for (String table : List.of("hr.staff", "public.MixedCase Orders", "public.all_types", "public.empty_table",
                "sales.events")) {
            assertThat(duckdbRows(target, table)).as(table).isEqualTo(postgresRows(table));
        }
        // The partitioned table arrives once, through its parent: each row exactly once.
        assertThat(TargetFile.single(target, "SELECT count(*) || '/' || count(DISTINCT id) FROM sales.events"))
                .isEqualTo("3000/3000");
        assertThat(columnTypes(target, "all_types")).containsExactly(
                "id INTEGER", "big BIGINT", "amount DECIMAL(12,2)", "body VARCHAR", "label VARCHAR",
                "flag BOOLEAN", "day DATE", "at_local TIMESTAMP", "at_utc TIMESTAMP WITH TIME ZONE", "uid UUID",
                "doc VARCHAR", "raw BLOB", "ints INTEGER[]", "feeling ENUM('sad', 'ok', 'happy')");
        // An empty table arrives with its columns.
        assertThat(columnTypes(target, "empty_table"))
                .containsExactly("id INTEGER", "note VARCHAR", "created TIMESTAMP WITH TIME ZONE");
        assertThat(result.stderr()).contains("OK   public.all_types").contains("Summary: 5 succeeded, 0 failed");
    }

    @Test
    void secondRunGivesIdenticalContentAndNewAuditRows() throws Exception {
        Path target = dir.resolve("twice.duckdb");
        LocalDateTime before = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        // A zone far from UTC: the audit timestamps must not follow it.
        var first = source.app(target).env("TZ", "Asia/Kathmandu").run("run");
        List<List<String>> content = duckdbRows(target, "public.all_types");
        var second = source.app(target).env("TZ", "America/Los_Angeles").run("run");
        LocalDateTime after = LocalDateTime.now(ZoneOffset.UTC);

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(duckdbRows(target, "public.all_types")).isEqualTo(content);
        List<List<String>> audit = TargetFile.rows(target, """
                SELECT run_id, count(*), count(*) FILTER (status = 'succeeded'), sum(rows_loaded),
                       min(started_at), max(finished_at), min(attempts), max(attempts)
                FROM main.flight_tracker GROUP BY run_id ORDER BY min(started_at)""");
        assertThat(audit).hasSize(2);
        assertThat(audit.get(0).get(0)).isNotEqualTo(audit.get(1).get(0));
        for (List<String> run : audit) {
            assertThat(run.subList(1, 4)).containsExactly("5", "5", Long.toString(501 + 0 + 40 + 3000 + 25));
            assertThat(LocalDateTime.parse(run.get(4).replace(' ', 'T'))).isBetween(before, after);
            assertThat(LocalDateTime.parse(run.get(5).replace(' ', 'T'))).isBetween(before, after);
            assertThat(run.subList(6, 8)).containsExactly("1", "1");
        }
        assertThat(TargetFile.rows(target, """
                SELECT flight_secret_name, source_schema, source_table, destination_database, destination_schema,
                       destination_table, rows_loaded, error, duration_ms >= 0, update_ts >= finished_at
                FROM main.flight_tracker WHERE run_id = '%s' AND source_table = 'MixedCase Orders'"""
                .formatted(audit.get(1).get(0))))
                .containsExactly(Arrays.asList("pg", "public", "MixedCase Orders", "postgres_ingest", "public",
                        "MixedCase Orders", "40", null, "true", "true"));
    }

    @Test
    void auditCommandReportsTheLatestRun() throws Exception {
        Path target = dir.resolve("audited.duckdb");
        source.app(target).env("INCLUDED_SCHEMAS", "hr").run("run");
        var latest = source.app(target).env("INCLUDED_SCHEMAS", "sales").run("run", "--run-id", "run-two");

        var report = source.app(target).run("audit");
        var json = source.app(target).run("audit", "--json");

        assertThat(latest.exitCode()).as(latest.toString()).isZero();
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.stdout()).contains("run run-two").contains("succeeded   sales.events")
                .doesNotContain("hr.staff").contains("1 table(s): 1 succeeded, 0 failed");
        var entries = Json.array(json.stdout()).getValuesAs(jakarta.json.JsonObject.class);
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().getString("run_id")).isEqualTo("run-two");
        assertThat(entries.getFirst().getString("schema")).isEqualTo("sales");
        assertThat(entries.getFirst().getString("table")).isEqualTo("events");
        assertThat(entries.getFirst().getString("status")).isEqualTo("succeeded");
        assertThat(entries.getFirst().getJsonNumber("rows").longValue()).isEqualTo(3000);
        assertThat(entries.getFirst().isNull("error")).isTrue();
    }

    @Test
    void fannedOutTasksMirrorOneTableEachUnderOneRunId() throws Exception {
        Path target = dir.resolve("tasks.duckdb");
        var first = source.app(target).run("execute", "--table", "hr.staff", "--run-id", "dag-run-7");
        var second = source.app(target).run("execute", "--table", "public.MixedCase Orders", "--run-id", "dag-run-7");
        var unknown = source.app(target).run("execute", "--table", "public.nope");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(tablesIn(target)).containsExactly("hr.staff", "main.duckmirror_runs", "main.flight_tracker",
                "public.MixedCase Orders");
        assertThat(TargetFile.rows(target, "SELECT run_id, source_table, rows_loaded FROM main.flight_tracker ORDER BY 2"))
                .containsExactly(List.of("dag-run-7", "MixedCase Orders", "40"), List.of("dag-run-7", "staff", "25"));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("--table: public.nope is not in the plan");
    }

    @Test
    void planPrintsTheSelectedTablesAsJson() {
        var plan = source.app(dir.resolve("unused.duckdb"))
                .env("INCLUDED_SCHEMAS", "public,sales")
                .env("EXCLUDED_TABLES", "public.all_types")
                .run("plan", "--json");

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        var json = Json.object(plan.stdout());
        assertThat(json.getJsonArray("tables").getValuesAs(jakarta.json.JsonObject.class).stream()
                .map(t -> List.of(t.getString("schema"), t.getString("table"), t.getString("name"),
                        t.getJsonArray("conversions").toString())))
                .containsExactly(
                        List.of("public", "MixedCase Orders", "public.MixedCase Orders", "[]"),
                        List.of("public", "empty_table", "public.empty_table", "[]"),
                        List.of("sales", "events", "sales.events", "[]"));
        assertThat(json.getJsonArray("refused")).isEmpty();
        assertThat(json.getInt("discovered")).isEqualTo(7);
        assertThat(dir.resolve("unused.duckdb")).as("plan creates no target").doesNotExist();
    }

    @Test
    void upgradesAnAuditTableTheReferenceFlightCreated() throws Exception {
        Path target = dir.resolve("reference.duckdb");
        TargetFile.execute(target, """
                CREATE TABLE main.flight_tracker (run_id VARCHAR, flight_secret_name VARCHAR,
                  source_schema VARCHAR, source_table VARCHAR, destination_database VARCHAR,
                  destination_schema VARCHAR, destination_table VARCHAR, rows_loaded BIGINT, attempts INTEGER,
                  started_at TIMESTAMP, finished_at TIMESTAMP, update_ts TIMESTAMP);
                INSERT INTO main.flight_tracker VALUES ('old-run', 'pg', 'hr', 'staff', 'postgres_ingest', 'hr',
                  'staff', 25, 1, '2025-01-01 10:00:00', '2025-01-01 10:00:01', '2025-01-01 10:00:01');""");

        var result = source.app(target).env("INCLUDED_SCHEMAS", "hr").run("run");
        var oldReport = source.app(target).run("audit", "--run-id", "old-run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(TargetFile.rows(target,
                "SELECT run_id = 'old-run', status, rows_loaded FROM main.flight_tracker ORDER BY started_at"))
                .containsExactly(Arrays.asList("true", null, "25"), Arrays.asList("false", "succeeded", "25"));
        assertThat(oldReport.exitCode()).as(oldReport.toString()).isZero();
        assertThat(oldReport.stdout()).contains("succeeded   hr.staff");
    }

    private static List<String> tablesIn(Path target) throws SQLException {
        return TargetFile.rows(target, "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                + " WHERE table_catalog = current_database() ORDER BY 1").stream().map(List::getFirst).toList();
    }

    private static List<String> columnTypes(Path target, String table) throws SQLException {
        return TargetFile.rows(target, "SELECT column_name || ' ' || data_type FROM information_schema.columns"
                + " WHERE table_name = '" + table + "' ORDER BY ordinal_position").stream().map(List::getFirst).toList();
    }

    /** The table's rows in PostgreSQL, as canonical text, ordered by the first column. */
    private static List<List<String>> postgresRows(String table) throws SQLException {
        return source.query("SELECT " + canonical(table, 0) + " FROM " + quoted(table) + " ORDER BY 1");
    }

    private static List<List<String>> duckdbRows(Path target, String table) throws SQLException {
        return TargetFile.rows(target, "SELECT " + canonical(table, 1) + " FROM " + quoted(table) + " ORDER BY 1");
    }

    private static String canonical(String table, int side) throws SQLException {
        String[] parts = table.split("\\.", 2);
        List<List<String>> columns = source.query("SELECT column_name FROM information_schema.columns WHERE table_schema = '"
                + parts[0] + "' AND table_name = '" + parts[1] + "' ORDER BY ordinal_position");
        return columns.stream().map(List::getFirst).map(column -> {
            String quoted = '"' + column + '"';
            String[] forms = CANONICAL.get(column);
            return forms != null ? forms[side].formatted(quoted)
                    : side == 0 ? quoted + "::text" : "CAST(" + quoted + " AS VARCHAR)";
        }).collect(Collectors.joining(", "));
    }

    private static String quoted(String table) {
        String[] parts = table.split("\\.", 2);
        return '"' + parts[0] + "\".\"" + parts[1] + '"';
    }
}

package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conversion that loses information is never silent (plan shows it, the log and the audit row say
 * it), NUMERIC_POLICY chooses it, and columns the extension cannot read arrive as text.
 */
class ConversionsIT {
    private static Fixture source;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSource() throws Exception {
        source = Fixture.create("conversions_it", "lossy.sql");
    }

    @Test
    void lossyNumericColumnsAreShownAndAudited() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var plan = source.app(target).env("INCLUDED_TABLES", "public.plain,public.readings").run("plan", "--json");
        var run = source.app(target).env("INCLUDED_TABLES", "public.plain,public.readings").run("run");

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        var tables = Json.object(plan.stdout()).getJsonArray("tables").getValuesAs(jakarta.json.JsonObject.class);
        assertThat(tables.stream().map(t -> t.getString("name"))).containsExactly("public.plain", "public.readings");
        assertThat(tables.get(0).getJsonArray("conversions")).isEmpty();
        assertThat(tables.get(1).getJsonArray("conversions").getValuesAs(jakarta.json.JsonString::getString)).containsExactly(
                "anything: numeric is read as DOUBLE (lossy: no precision given)",
                "huge: numeric(50,10) is read as DOUBLE (lossy: beyond DECIMAL(38))",
                "series: numeric[] is read as DOUBLE (lossy: no precision given)");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr()).contains("CONVERTED public.readings: anything: numeric is read as DOUBLE");
        assertThat(TargetFile.rows(target, "SELECT source_table, conversions FROM main.flight_tracker ORDER BY 1"))
                .containsExactly(Arrays.asList("plain", null), Arrays.asList("readings",
                        "anything: numeric is read as DOUBLE (lossy: no precision given); "
                                + "huge: numeric(50,10) is read as DOUBLE (lossy: beyond DECIMAL(38)); "
                                + "series: numeric[] is read as DOUBLE (lossy: no precision given)"));
        // What the reference does, and why it is flagged: the value is not the source's.
        assertThat(TargetFile.rows(target, "SELECT typeof(anything), typeof(exact), CAST(exact AS VARCHAR),"
                + " CAST(anything AS VARCHAR) <> '12345678901234567890.123456789' FROM public.readings WHERE id = 1"))
                .containsExactly(Arrays.asList("DOUBLE", "DECIMAL(12,2)", "1.25", "true"));
    }

    @Test
    void varcharPolicyKeepsEveryDigitAndTheOtherTypes() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var run = source.app(target).env("NUMERIC_POLICY", "varchar")
                .env("INCLUDED_TABLES", "public.readings,public.priced,public.not_a_number").run("run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(TargetFile.rows(target, "SELECT anything, huge, series, typeof(anything), typeof(exact), exact"
                + " FROM public.readings WHERE id = 1")).containsExactly(List.of("12345678901234567890.123456789",
                        "1234567890123456789012345678901234567890.0123456789", "{1.5,2.25}", "VARCHAR", "DECIMAL(12,2)",
                        "1.25"));
        assertThat(TargetFile.rows(target,
                "SELECT price, CAST(level AS VARCHAR), typeof(level), note FROM public.priced ORDER BY id"))
                .containsExactly(List.of("12.5", "low", "ENUM('low', 'high')", "a"),
                        Arrays.asList("0.000000001", "high", "ENUM('low', 'high')", null),
                        Arrays.asList(null, null, "ENUM('low', 'high')", "c"));
        assertThat(TargetFile.single(target, "SELECT price FROM public.not_a_number")).isEqualTo("NaN");
        assertThat(TargetFile.single(target, "SELECT conversions FROM main.flight_tracker WHERE source_table = 'priced'"))
                .isEqualTo("price: numeric is read as VARCHAR, PostgreSQL's text (NUMERIC_POLICY=varchar)");
    }

    @Test
    void decimalPolicyIsExactOrFailsTheTableClearly() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var run = source.app(target).env("NUMERIC_POLICY", "decimal")
                .env("INCLUDED_TABLES", "public.priced,public.not_a_number").run("run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(TargetFile.rows(target,
                "SELECT CAST(price AS VARCHAR), typeof(price), typeof(level) FROM public.priced ORDER BY id"))
                .containsExactly(List.of("12.5000000000", "DECIMAL(38,10)", "ENUM('low', 'high')"),
                        List.of("0.0000000010", "DECIMAL(38,10)", "ENUM('low', 'high')"),
                        Arrays.asList(null, "DECIMAL(38,10)", "ENUM('low', 'high')"));
        assertThat(TargetFile.rows(target,
                "SELECT status, attempts, error FROM main.flight_tracker WHERE source_table = 'not_a_number'"))
                .singleElement().satisfies(row -> {
                    assertThat(row.subList(0, 2)).containsExactly("failed", "1");
                    assertThat(row.get(2)).contains("column price holds NaN, which DECIMAL(38,10) cannot hold exactly");
                });
        assertThat(
                TargetFile.single(target, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'not_a_number'"))
                .as("no partial table").isEqualTo("0");
    }

    @Test
    void columnsTheExtensionCannotReadArriveAsText() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var run = source.app(target).env("INCLUDED_TABLES", "public.spans,public.ragged").run("run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(TargetFile.rows(target, "SELECT sp, n FROM public.spans ORDER BY id"))
                .containsExactly(List.of("(first,\"[1,5)\")", "10"), Arrays.asList(null, "20"));
        assertThat(TargetFile.rows(target,
                "SELECT a, CAST(good AS VARCHAR), typeof(a), typeof(good) FROM public.ragged ORDER BY id"))
                .containsExactly(List.of("{1,2}", "[1, 2, 3]", "VARCHAR", "INTEGER[]"),
                        List.of("{{1,2},{3,4}}", "[]", "VARCHAR", "INTEGER[]"),
                        Arrays.asList(null, null, "VARCHAR", "INTEGER[]"));
        assertThat(run.stderr()).contains("CONVERTED public.ragged: a: integer[] is read as VARCHAR")
                .doesNotContain("CONVERTED public.ragged: good");
        assertThat(TargetFile.rows(target, "SELECT source_table, conversions FROM main.flight_tracker ORDER BY 1"))
                .containsExactly(
                        List.of("ragged",
                                "a: integer[] is read as VARCHAR, PostgreSQL's text (its rows hold arrays of other dimensions than its type)"),
                        List.of("spans",
                                "sp: labelled_span is read as VARCHAR, PostgreSQL's text (the extension cannot read it)"));
    }
}

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

    @Test
    void geometricTypesKeepEveryCoordinateAndSayHow() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var run = source.app(target).env("INCLUDED_TABLES", "public.shapes,public.paths").run("run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(TargetFile.rows(target, "SELECT typeof(pt), CAST(pt AS VARCHAR), CAST(ln AS VARCHAR), CAST(seg AS VARCHAR),"
                + " CAST(bx AS VARCHAR), CAST(poly AS VARCHAR), CAST(circ AS VARCHAR) FROM public.shapes WHERE id = 1"))
                .containsExactly(List.of("STRUCT(x DOUBLE, y DOUBLE)", "{'x': 1.0, 'y': 2.0}", "[1.0, -1.0, 0.0]",
                        "[0.0, 0.0, 1.0, 1.0]", "[3.0, 4.0, 1.0, 2.0]", "[0.0, 0.0, 1.0, 0.0, 1.0, 1.0]", "[1.0, 2.0, 3.0]"));
        // Open and closed paths stay apart: PostgreSQL's own text.
        assertThat(TargetFile.rows(target, "SELECT p, typeof(p), n FROM public.paths ORDER BY id")).containsExactly(
                List.of("[(0,0),(1,1),(2,0)]", "VARCHAR", "1"), List.of("((0,0),(1,1),(2,0))", "VARCHAR", "2"));
        assertThat(TargetFile.rows(target, "SELECT source_table, conversions FROM main.flight_tracker ORDER BY 1"))
                .containsExactly(List.of("paths",
                        "p: path is read as VARCHAR, PostgreSQL's text (a DOUBLE[] would lose whether the path is open or closed)"),
                        List.of("shapes", "pt: point is read as STRUCT(x DOUBLE, y DOUBLE) (exact); "
                                + "ln: line is read as DOUBLE[] (exact: A, B, C of Ax + By + C = 0); "
                                + "seg: lseg is read as DOUBLE[] (exact: x1, y1, x2, y2); "
                                + "bx: box is read as DOUBLE[] (exact: the upper right corner's x, y, then the lower left one's); "
                                + "poly: polygon is read as DOUBLE[] (exact: x, y of each vertex); "
                                + "circ: circle is read as DOUBLE[] (exact: centre x, centre y, radius)"));
    }

    @Test
    void arraysWithOtherLowerBoundsArriveAsPostgresText() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var run = source.app(target).env("INCLUDED_TABLES", "public.bounded").run("run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(
                TargetFile.rows(target, "SELECT s, f, CAST(plain AS VARCHAR), typeof(plain) FROM public.bounded ORDER BY id"))
                .containsExactly(List.of("[4:4]={NULL}", "[0:1]={1.1,2.2}", "[1, 2]", "INTEGER[]"),
                        List.of("{1}", "{3.5}", "[3]", "INTEGER[]"));
        assertThat(TargetFile.single(target, "SELECT conversions FROM main.flight_tracker")).isEqualTo(
                "s: smallint[] is read as VARCHAR, PostgreSQL's text (it holds arrays whose lower bound is not 1, which a list cannot keep); "
                        + "f: double precision[] is read as VARCHAR, PostgreSQL's text (it holds arrays whose lower bound is not 1, which a list cannot keep)");
    }

    @Test
    void doublePolicyKeepsNanAndInfinities() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var run = source.app(target).env("INCLUDED_TABLES", "public.specials").run("run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(TargetFile.rows(target,
                "SELECT typeof(n), CAST(n AS VARCHAR), CAST(p AS VARCHAR) FROM public.specials ORDER BY id"))
                .containsExactly(Arrays.asList("DOUBLE", "nan", "1.50"), Arrays.asList("DOUBLE", "inf", "0.00"),
                        Arrays.asList("DOUBLE", "-inf", null), Arrays.asList("DOUBLE", "2.5", "2.50"));
        // numeric(12,2)'s NaN became 0.00 above: it is found only with NUMERIC_NAN_CHECK (README, known losses).
        assertThat(TargetFile.single(target, "SELECT conversions FROM main.flight_tracker"))
                .isEqualTo("n: numeric is read as DOUBLE (lossy: no precision given)");
    }

    @Test
    void nanCheckFindsNanInDecimalColumnsUnderEachPolicy() throws Exception {
        var asDouble = source.app(dir.resolve("d.duckdb")).env("INCLUDED_TABLES", "public.specials")
                .env("NUMERIC_NAN_CHECK", "true").run("run");
        var asVarchar = source.app(dir.resolve("v.duckdb")).env("INCLUDED_TABLES", "public.specials")
                .env("NUMERIC_NAN_CHECK", "true").env("NUMERIC_POLICY", "varchar").run("run");
        var asDecimal = source.app(dir.resolve("x.duckdb")).env("INCLUDED_TABLES", "public.specials")
                .env("NUMERIC_NAN_CHECK", "true").env("NUMERIC_POLICY", "decimal").run("run");

        assertThat(asDouble.exitCode()).as(asDouble.toString()).isZero();
        assertThat(TargetFile.rows(dir.resolve("d.duckdb"),
                "SELECT CAST(n AS VARCHAR), p, typeof(p) FROM public.specials ORDER BY id"))
                .containsExactly(Arrays.asList("nan", "1.50", "VARCHAR"), Arrays.asList("inf", "NaN", "VARCHAR"),
                        Arrays.asList("-inf", null, "VARCHAR"), Arrays.asList("2.5", "2.50", "VARCHAR"));
        assertThat(TargetFile.single(dir.resolve("d.duckdb"), "SELECT conversions FROM main.flight_tracker"))
                .isEqualTo("n: numeric is read as DOUBLE (lossy: no precision given); "
                        + "p: numeric(12,2) is read as VARCHAR, PostgreSQL's text (it holds NaN, which DECIMAL would turn into 0)");
        assertThat(asVarchar.exitCode()).as(asVarchar.toString()).isZero();
        assertThat(TargetFile.rows(dir.resolve("v.duckdb"), "SELECT n, p FROM public.specials ORDER BY id")).containsExactly(
                Arrays.asList("NaN", "1.50"), Arrays.asList("Infinity", "NaN"), Arrays.asList("-Infinity", null),
                Arrays.asList("2.5", "2.50"));
        assertThat(asDecimal.exitCode()).as(asDecimal.toString()).isEqualTo(1);
        assertThat(TargetFile.single(dir.resolve("x.duckdb"), "SELECT error FROM main.flight_tracker"))
                .contains("column n holds NaN, which DECIMAL(38,10) cannot hold exactly (NUMERIC_POLICY=decimal");
    }

    @Test
    void aFailedDecimalReadNamesThePolicyInForce() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var run = source.app(target).env("INCLUDED_TABLES", "public.hundreds").run("run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(TargetFile.single(target, "SELECT error FROM main.flight_tracker"))
                .contains("column n holds 1000000000000000000000000000000000000000000, which DECIMAL(38,0) cannot hold exactly"
                        + " (NUMERIC_POLICY=double; varchar keeps every value)");
    }

    @Test
    void domainsArriveAsTheirBaseTypes() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var run = source.app(target).env("INCLUDED_TABLES", "public.dated").run("run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(TargetFile.rows(target, "SELECT typeof(y), y, typeof(pr), CAST(pr AS VARCHAR), typeof(l), CAST(l AS VARCHAR)"
                + " FROM public.dated WHERE id = 1"))
                .containsExactly(List.of("INTEGER", "2024", "DECIMAL(10,2)", "9.99", "VARCHAR[]", "[a, b]"));
        assertThat(TargetFile.single(target, "SELECT conversions FROM main.flight_tracker")).isEqualTo(
                "y: year is read as INTEGER, as its base type integer (the domain's constraints are not enforced in the mirror); "
                        + "pr: price is read as DECIMAL(10,2), as its base type numeric(10,2) (the domain's constraints are not enforced in the mirror); "
                        + "l: labels is read as VARCHAR[], as its base type text[] (the domain's constraints are not enforced in the mirror)");
    }
}

package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Names that need quoting everywhere (fixture names.sql) arrive under the same names with their values;
 * plan --json lists them under names INCLUDED_TABLES takes back; and the names DuckDB cannot keep
 * apart (case-only differences, the audit table's own name) are refused without overwriting anything.
 */
class NamesIT {
    /** 'long ' and 29 two-byte characters: 63 bytes, PostgreSQL's longest name. */
    static final String LONG = "long " + "ü".repeat(29);
    /** The tables names.sql creates that are mirrored: schema and table, as PostgreSQL spells them. */
    static final List<Name> MIRRORED = List.of(
            new Name("my schema", "a table"),
            new Name("my.schema", "a \"quoted\" name"),
            new Name("my.schema", "odd, \"name\""),
            new Name("café ☕", "ünïcødé 表"),
            new Name("select", "from"),
            new Name("MiXeD", "CamelCase Table"),
            new Name("public", "x.y"),
            new Name("public", "semi;colon'); DROP TABLE t; --"),
            new Name("public", "it's a \\ backslash"),
            new Name("public", " padded "),
            new Name("public", "ordinary"),
            new Name("public", LONG),
            new Name("public", "FLIGHT_TRACKER"));
    static final List<Name> REFUSED = List.of(
            new Name("main", "flight_tracker"), new Name("public", "Orders"), new Name("public", "orders"));
    /** The audit table's columns the reference flight's readers rely on (duckmirror adds more after them). */
    static final List<String> REFERENCE_AUDIT_COLUMNS = List.of("run_id", "flight_secret_name", "source_schema",
            "source_table", "destination_database", "destination_schema", "destination_table", "rows_loaded",
            "attempts", "started_at", "finished_at", "update_ts");

    private static Fixture source;

    @TempDir
    Path dir;

    record Name(String schema, String table) {
        /** Both parts in double quotes, quotes doubled: SQL, and a form INCLUDED_TABLES takes. */
        String quoted() {
            return quote(schema) + "." + quote(table);
        }

        private static String quote(String part) {
            return '"' + part.replace("\"", "\"\"") + '"';
        }

        @Override
        public String toString() {
            return quoted();
        }
    }

    @BeforeAll
    static void createSource() throws Exception {
        source = Fixture.create("names_it", "names.sql");
    }

    @Test
    void theFixtureHasEveryNameAndA63ByteOne() throws SQLException {
        List<Name> inSource = source.query("""
                SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                  AND n.nspname NOT LIKE 'pg\\_%'""").stream().map(r -> new Name(r.get(0), r.get(1))).toList();
        assertThat(inSource).containsExactlyInAnyOrderElementsOf(
                Stream.concat(MIRRORED.stream(), REFUSED.stream()).toList());
        assertThat(source.query("SELECT octet_length(relname), length(relname) FROM pg_class WHERE relname = '"
                + LONG + "'")).containsExactly(List.of("63", "34"));
    }

    @Test
    void everyTableArrivesUnderItsNameWithItsValues() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var result = source.app(target).run("run");

        // The three refused tables fail the run; every other table is mirrored.
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("Summary: 13 succeeded, 0 failed, 3 refused");
        List<Name> inTarget = TargetFile.rows(target, "SELECT table_schema, table_name FROM information_schema.tables")
                .stream().map(r -> new Name(r.get(0), r.get(1))).toList();
        List<Name> expected = new ArrayList<>(MIRRORED);
        expected.add(new Name("main", "flight_tracker"));
        expected.add(new Name("main", "duckmirror_runs"));
        assertThat(inTarget).containsExactlyInAnyOrderElementsOf(expected);
        for (Name table : MIRRORED) {
            List<String> content = source.query(contentQuery(table)).getFirst();
            assertThat(TargetFile.rows(target, contentQuery(table))).as(table.quoted()).containsExactly(content);
            assertThat(TargetFile.rows(target, """
                    SELECT status, attempts, rows_loaded, destination_schema = source_schema,
                           destination_table = source_table
                    FROM main.flight_tracker WHERE source_schema = %s AND source_table = %s"""
                    .formatted(literal(table.schema()), literal(table.table()))))
                    .as(table.quoted()).containsExactly(List.of("succeeded", "1", content.getFirst(), "true", "true"));
        }
    }

    @Test
    void planListsEveryTableUnderANameTheGatesTakeBack() {
        var plan = source.app(dir.resolve("unused.duckdb")).run("plan", "--json");

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        List<PlanEntry> tables = planEntries(plan.stdout(), "tables");
        List<PlanEntry> refused = planEntries(plan.stdout(), "refused");
        assertThat(tables.stream().map(PlanEntry::table).toList()).as(plan.stdout())
                .containsExactlyInAnyOrderElementsOf(MIRRORED);
        assertThat(refused.stream().map(PlanEntry::table).toList()).as(plan.stdout())
                .containsExactlyInAnyOrderElementsOf(REFUSED);
        assertThat(Json.object(plan.stdout()).getInt("discovered")).isEqualTo(16);
        // The README's spelling: parts with a dot, comma or quote in double quotes, quotes doubled.
        assertThat(tables).contains(
                new PlanEntry(new Name("my.schema", "a \"quoted\" name"), "\"my.schema\".\"a \"\"quoted\"\" name\""),
                new PlanEntry(new Name("public", "x.y"), "\"public\".\"x.y\""));

        // Every "name", as printed, selects its own table again: all of them together select exactly these.
        String gates = tables.stream().map(PlanEntry::name).collect(Collectors.joining(","));
        var again = source.app(dir.resolve("unused.duckdb")).env("INCLUDED_TABLES", gates).run("plan", "--json");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.stderr()).as("no include entry unmatched").doesNotContain("WARN");
        assertThat(planEntries(again.stdout(), "tables")).as(again.stdout()).isEqualTo(tables);
        assertThat(planEntries(again.stdout(), "refused")).isEmpty();
    }

    static Stream<Name> mirrored() {
        return MIRRORED.stream();
    }

    /** Each table alone, by its fully quoted name: {@code "my.schema"."a ""quoted"" name"}. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mirrored")
    void eachTableCanBeSelectedAloneByItsQuotedName(Name table) {
        var plan = source.app(dir.resolve("unused.duckdb")).env("INCLUDED_TABLES", table.quoted()).run("plan", "--json");

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(planEntries(plan.stdout(), "tables").stream().map(PlanEntry::table).toList())
                .as(plan.stdout()).containsExactly(table);
        assertThat(planEntries(plan.stdout(), "refused")).isEmpty();
        assertThat(plan.stderr()).doesNotContain("WARN");
    }

    /** Quoted and bare entries mixed in one list, with blanks around them: what a user would type. */
    @Test
    void aRunSelectsAwkwardNamesWrittenInQuotes() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var result = source.app(target)
                .env("INCLUDED_TABLES", " \"my.schema\".\"odd, \"\"name\"\"\" , \"public\".\" padded \",select.from ")
                .run("run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<Name> selected = List.of(new Name("my.schema", "odd, \"name\""), new Name("public", " padded "),
                new Name("select", "from"));
        // The log names each table as plan prints it: quoted where the bare form would be ambiguous.
        assertThat(result.stderr()).contains("OK   \"my.schema\".\"odd, \"\"name\"\"\"", "OK   \"public\".\" padded \"",
                "OK   select.from ");
        assertThat(TargetFile.rows(target, "SELECT table_schema, table_name FROM information_schema.tables"
                + " WHERE table_schema <> 'main'").stream().map(r -> new Name(r.get(0), r.get(1))).toList())
                .containsExactlyInAnyOrderElementsOf(selected);
        for (Name table : selected) {
            assertThat(TargetFile.rows(target, contentQuery(table))).as(table.quoted())
                    .isEqualTo(source.query(contentQuery(table)));
        }
    }

    @Test
    void tablesWhoseNamesDifferOnlyByCaseAreBothRefused() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var result = source.app(target).env("INCLUDED_TABLES", "public.Orders,public.orders,public.ordinary").run("run");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("REFUSED public.Orders").contains("REFUSED public.orders")
                .contains("Summary: 1 succeeded, 0 failed, 2 refused");
        assertThat(TargetFile.rows(target, """
                SELECT source_table, status, attempts, rows_loaded, error LIKE '%differs only by case%'
                FROM main.flight_tracker ORDER BY source_table""")).containsExactly(
                Arrays.asList("Orders", "refused", "0", null, "true"),
                Arrays.asList("orders", "refused", "0", null, "true"),
                Arrays.asList("ordinary", "succeeded", "1", "3", null));
        assertThat(TargetFile.rows(target,
                "SELECT table_name FROM information_schema.tables WHERE lower(table_name) = 'orders'"))
                .as("neither landed").isEmpty();
    }

    /**
     * DuckDB folds only ASCII letters when it compares names: "Émile" and "émile" are two tables to it,
     * so both are mirrored, each with its own rows. (The tables are made here, in a schema of their
     * own, and dropped after, so the other tests' counts do not see them.)
     */
    @Test
    void namesDifferingOnlyInNonAsciiCaseAreBothMirrored() throws Exception {
        Path target = dir.resolve("t.duckdb");
        List<Name> accented = List.of(new Name("accents", "Émile"), new Name("accents", "émile"));
        try {
            source.execute("CREATE SCHEMA accents; GRANT USAGE ON SCHEMA accents TO " + source.role);
            for (Name table : accented) {
                source.execute("CREATE TABLE " + table.quoted() + " (id int PRIMARY KEY, \"v \"\"odd\"\" col\" text);"
                        + " INSERT INTO " + table.quoted() + " SELECT g, " + literal(table.table())
                        + " || g FROM generate_series(1, " + (table.table().startsWith("É") ? 4 : 7) + ") AS g;"
                        + " GRANT SELECT ON " + table.quoted() + " TO " + source.role);
            }

            var result = source.app(target).env("INCLUDED_SCHEMAS", "accents").run("run");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            for (Name table : accented) {
                assertThat(TargetFile.rows(target, contentQuery(table))).as(table.quoted())
                        .isEqualTo(source.query(contentQuery(table)));
            }
        } finally {
            source.execute("DROP SCHEMA IF EXISTS accents CASCADE");
        }
    }

    /**
     * The reference takes a gate entry literally: an entry that does not start with a double quote means
     * the same here, quotes included; the quoted spelling selects the same tables. (Made and dropped
     * here, like the accents above.)
     */
    @ParameterizedTest(name = "{0}={1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            INCLUDED_SCHEMAS | we"ird sch;ema
            INCLUDED_SCHEMAS | `"we""ird sch;ema"`
            INCLUDED_TABLES  | we"ird sch;ema.ta"ble, we"ird sch;ema.x.y
            INCLUDED_TABLES  | `"we""ird sch;ema"."ta""ble", "we""ird sch;ema"."x.y"`
            """)
    void aGateEntryTheReferenceAcceptsMeansTheSameHere(String setting, String value) throws Exception {
        Path target = dir.resolve("t.duckdb");
        List<Name> weird = List.of(new Name("we\"ird sch;ema", "ta\"ble"), new Name("we\"ird sch;ema", "x.y"));
        try {
            source.execute("CREATE SCHEMA \"we\"\"ird sch;ema\"; GRANT USAGE ON SCHEMA \"we\"\"ird sch;ema\" TO "
                    + source.role);
            for (Name table : weird) {
                source.execute("CREATE TABLE " + table.quoted() + " (id int PRIMARY KEY, \"v \"\"odd\"\" col\" text);"
                        + " INSERT INTO " + table.quoted() + " SELECT g, 'w' || g FROM generate_series(1, 6) AS g;"
                        + " GRANT SELECT ON " + table.quoted() + " TO " + source.role);
            }

            var result = source.app(target).env(setting, value).run("run");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stderr()).doesNotContain("WARN");
            assertThat(TargetFile.rows(target, "SELECT table_schema, table_name FROM information_schema.tables"
                    + " WHERE table_schema <> 'main'").stream().map(r -> new Name(r.get(0), r.get(1))).toList())
                    .containsExactlyInAnyOrderElementsOf(weird);
            for (Name table : weird) {
                assertThat(TargetFile.rows(target, contentQuery(table))).as(table.quoted())
                        .isEqualTo(source.query(contentQuery(table)));
            }
        } finally {
            source.execute("DROP SCHEMA IF EXISTS \"we\"\"ird sch;ema\" CASCADE");
        }
    }

    /**
     * A source table main.flight_tracker would land on the audit table: refused, and the audit table
     * keeps its columns and earlier rows. public."FLIGHT_TRACKER" lands elsewhere and is mirrored.
     */
    @Test
    void aSourceTableNamedLikeTheAuditTableIsRefusedAndTheAuditTableKept() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var first = source.app(target).env("INCLUDED_TABLES", "public.ordinary").run("run", "--run-id", "first");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        List<String> auditColumns = auditColumns(target);
        assertThat(auditColumns.stream().map(column -> column.substring(0, column.indexOf(' '))).toList())
                .startsWith(REFERENCE_AUDIT_COLUMNS.toArray(String[]::new));

        var second = source.app(target).env("INCLUDED_TABLES", "main.flight_tracker,public.FLIGHT_TRACKER")
                .run("run", "--run-id", "second");

        assertThat(second.exitCode()).as(second.toString()).isEqualTo(1);
        assertThat(second.stderr()).contains("REFUSED main.flight_tracker").contains("audit table");
        assertThat(auditColumns(target)).as("the audit table's columns").isEqualTo(auditColumns);
        assertThat(TargetFile.rows(target, """
                SELECT run_id, source_schema, source_table, status, attempts,
                       coalesce(error LIKE '%would replace the audit table main.flight_tracker%', false)
                FROM main.flight_tracker ORDER BY run_id, source_schema""")).containsExactly(
                List.of("first", "public", "ordinary", "succeeded", "1", "false"),
                List.of("second", "main", "flight_tracker", "refused", "0", "true"),
                List.of("second", "public", "FLIGHT_TRACKER", "succeeded", "1", "false"));
        Name upper = new Name("public", "FLIGHT_TRACKER");
        assertThat(TargetFile.rows(target, contentQuery(upper))).isEqualTo(source.query(contentQuery(upper)));
    }

    /** "name TYPE" of each column of main.flight_tracker, in order. */
    private static List<String> auditColumns(Path target) throws SQLException {
        return TargetFile.rows(target, "SELECT column_name || ' ' || data_type FROM information_schema.columns"
                + " WHERE table_schema = 'main' AND table_name = 'flight_tracker' ORDER BY ordinal_position")
                .stream().map(List::getFirst).toList();
    }

    /** Row count, id sum and a digest of every value: the same text from PostgreSQL and DuckDB. */
    private static String contentQuery(Name table) {
        return "SELECT count(*), sum(id), md5(string_agg(CAST(id AS TEXT) || ':' || \"v \"\"odd\"\" col\", ','"
                + " ORDER BY id)) FROM " + table.quoted();
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** One entry of plan --json: the table, and the "name" it printed for the gates. */
    record PlanEntry(Name table, String name) {
    }

    /** The entries of one top-level array of plan --json ("tables" or "refused"). */
    private static List<PlanEntry> planEntries(String json, String key) {
        return Json.object(json).getJsonArray(key).getValuesAs(jakarta.json.JsonObject.class).stream()
                .map(entry -> new PlanEntry(new Name(entry.getString("schema"), entry.getString("table")),
                        entry.getString("name")))
                .toList();
    }
}

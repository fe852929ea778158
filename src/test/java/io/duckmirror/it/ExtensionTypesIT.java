package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Types of PostgreSQL extensions: read as PostgreSQL's text, exactly, with a note; PostGIS
 * geometry and geography as DuckDB's own GEOMETRY (no spatial extension needed), whose note says
 * the SRID is dropped. contrib's extensions (hstore, citext,
 * ltree, cube) ship with Debian's server package; PostGIS and ip4r are separate packages
 * (postgresql-15-postgis-3, postgresql-15-ip4r), and their tests are skipped where those are missing.
 */
class ExtensionTypesIT {
    private static Fixture source;

    @TempDir
    static Path dir;
    private static Path target;
    private static Duckmirror.Result run;

    @BeforeAll
    static void mirror() throws Exception {
        source = Fixture.create("extension_types_it");
        source.execute("""
                CREATE EXTENSION hstore; CREATE EXTENSION citext; CREATE EXTENSION ltree; CREATE EXTENSION cube;
                CREATE TABLE public.contrib (id int PRIMARY KEY, h hstore, c citext, l ltree, cu cube, hs hstore[]);
                INSERT INTO public.contrib VALUES
                    (1, 'a=>1, "b c"=>NULL', 'MiXeD Case', 'top.mid.leaf', '(1,2),(3,4)', ARRAY['x=>1'::hstore, '']),
                    (2, '', '', '', '(1e300)', '{}'), (3, NULL, NULL, NULL, NULL, NULL)""");
        if (available("ip4r")) {
            source.execute(
                    """
                            CREATE EXTENSION ip4r;
                            CREATE TABLE public.ranges4 (id int PRIMARY KEY, ip ip4, r ip4r, a ipaddress);
                            INSERT INTO public.ranges4 VALUES (1, '10.0.0.1', '1.2.3.4-1.2.3.9', '::1'), (2, '0.0.0.0', '10.0.0.0/8', '255.255.255.255')""");
        }
        if (available("postgis")) {
            source.execute(
                    """
                            CREATE EXTENSION postgis;
                            CREATE TABLE public.places (id int PRIMARY KEY, g geometry, g4326 geometry(Point, 4326), gz geometry, gg geography);
                            INSERT INTO public.places VALUES
                                (1, 'POINT(1 2)', 'SRID=4326;POINT(13.4 52.5)', 'POINT Z (1 2 3)', 'SRID=4326;POINT(1 2)'),
                                (2, 'POLYGON EMPTY', NULL, 'POINT M (1 2 4)', 'LINESTRING(0 0, 1 1)'),
                                (3, 'GEOMETRYCOLLECTION EMPTY', NULL, 'LINESTRING ZM (1 2 3 4, 5 6 7 8)', NULL)""");
        }
        source.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + source.role);
        target = dir.resolve("t.duckdb");
        run = source.app(target).env("EXCLUDED_TABLES", "public.spatial_ref_sys").run("run");
    }

    private static boolean available(String extension) throws Exception {
        return !source.query("SELECT 1 FROM pg_available_extensions WHERE name = '" + extension + "'").isEmpty();
    }

    private static String conversions(String table) throws Exception {
        return TargetFile.single(target, "SELECT conversions FROM main.flight_tracker WHERE source_table = '" + table + "'");
    }

    @Test
    void contribTypesArriveAsTheirExactText() throws Exception {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        // PostgreSQL's ::text of each value, as psql shows it, and each row's text equal to the source's.
        assertThat(TargetFile.rows(target, "SELECT h, c, l, cu, CAST(hs AS VARCHAR) FROM public.contrib WHERE id = 1"))
                .containsExactly(List.of("\"a\"=>\"1\", \"b c\"=>NULL", "MiXeD Case", "top.mid.leaf", "(1, 2),(3, 4)",
                        "['\"x\"=>\"1\"', '']"));
        assertThat(TargetFile.rows(target, "SELECT id, h, c, l, cu FROM public.contrib ORDER BY id"))
                .isEqualTo(source.query("SELECT id, h::text, c::text, l::text, cu::text FROM public.contrib ORDER BY id"));
        assertThat(conversions("contrib"))
                .isEqualTo("h: hstore is read as VARCHAR, PostgreSQL's text (a type of an extension); "
                        + "c: citext is read as VARCHAR, PostgreSQL's text (a type of an extension); "
                        + "l: ltree is read as VARCHAR, PostgreSQL's text (a type of an extension); "
                        + "cu: cube is read as VARCHAR, PostgreSQL's text (a type of an extension); "
                        + "hs: hstore[] is read as VARCHAR[], each element PostgreSQL's text (a type of an extension)");
    }

    @Test
    void ip4rTypesArriveAsTheirExactText() throws Exception {
        assumeTrue(available("ip4r"), "Debian's postgresql-15-ip4r is not installed");
        assertThat(TargetFile.rows(target, "SELECT id, ip, r, a FROM public.ranges4 ORDER BY id"))
                .isEqualTo(source.query("SELECT id, ip::text, r::text, a::text FROM public.ranges4 ORDER BY id"));
        assertThat(conversions("ranges4")).isEqualTo("ip: ip4 is read as VARCHAR, PostgreSQL's text (a type of an extension); "
                + "r: ip4r is read as VARCHAR, PostgreSQL's text (a type of an extension); "
                + "a: ipaddress is read as VARCHAR, PostgreSQL's text (a type of an extension)");
    }

    @Test
    void postgisGeometryArrivesAsGeometryWithoutItsSrid() throws Exception {
        assumeTrue(available("postgis"), "Debian's postgresql-15-postgis-3 is not installed");
        assertThat(TargetFile.rows(target, "SELECT typeof(g), CAST(g AS VARCHAR), CAST(g4326 AS VARCHAR), CAST(gz AS VARCHAR),"
                + " typeof(gg), CAST(gg AS VARCHAR) FROM public.places ORDER BY id")).containsExactly(
                        List.of("GEOMETRY", "POINT (1 2)", "POINT (13.4 52.5)", "POINT Z (1 2 3)", "GEOMETRY", "POINT (1 2)"),
                        Arrays.asList("GEOMETRY", "POLYGON EMPTY", null, "POINT M (1 2 4)", "GEOMETRY",
                                "LINESTRING (0 0, 1 1)"),
                        Arrays.asList("GEOMETRY", "GEOMETRYCOLLECTION EMPTY", null, "LINESTRING ZM (1 2 3 4, 5 6 7 8)",
                                "GEOMETRY", null));
        // Every value as PostGIS spells it (ST_AsText), blanks before "(" and after "," aside.
        String wkt = "replace(replace(CAST(%s AS VARCHAR), ' (', '('), ', ', ',')";
        assertThat(TargetFile.rows(target, "SELECT id, " + wkt.formatted("g") + ", " + wkt.formatted("gz") + ", "
                + wkt.formatted("gg") + " FROM public.places ORDER BY id")).isEqualTo(source.query(
                        "SELECT id, replace(ST_AsText(g), ' (', '('), replace(ST_AsText(gz), ' (', '('),"
                                + " replace(ST_AsText(gg), ' (', '(') FROM public.places ORDER BY id"));
        assertThat(conversions("places")).isEqualTo("g: geometry is read as GEOMETRY (exact, except that its SRID is dropped); "
                + "g4326: geometry(Point,4326) is read as GEOMETRY (exact, except that its SRID is dropped); "
                + "gz: geometry is read as GEOMETRY (exact, except that its SRID is dropped); "
                + "gg: geography is read as GEOMETRY (exact coordinates; its SRID and its spherical meaning are dropped)");
    }
}

package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A conversion that loses information is never silent: plan shows it, the log and the audit row say it. */
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
        var plan = source.app(target).run("plan", "--json");
        var run = source.app(target).run("run");

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.stdout()).contains("""
                {"schema": "public", "table": "plain", "name": "public.plain", "conversions": []}""")
                .contains("""
                {"schema": "public", "table": "readings", "name": "public.readings", "conversions": [\
                "anything: numeric is read as DOUBLE (lossy: no precision given)", \
                "huge: numeric(50,10) is read as DOUBLE (lossy: beyond DECIMAL(38))", \
                "series: numeric[] is read as DOUBLE (lossy: no precision given)"]}""");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr()).contains("LOSSY public.readings: anything: numeric is read as DOUBLE");
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
}

package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TARGET=md: on a machine that cannot reach MotherDuck (this one): the motherduck extension comes from
 * DUCKDB_EXTENSION_REPOSITORY (staged with scripts/stage-extensions DIR postgres motherduck), its
 * start-up cannot reach api.motherduck.com, and the command ends with one line saying so, exit 3,
 * never an extension-download error, never the token.
 */
class MotherDuckIT {
    private static final String TOKEN = "fake-motherduck-token-0123456789";

    private static Duckmirror motherDuck(Path home) {
        return new Duckmirror()
                .env("pg_HOST", "127.0.0.1").env("pg_DATABASE", "postgres").env("pg_USER", "nobody")
                .env("TARGET", "md:").env("MOTHERDUCK_TOKEN", TOKEN).env("TARGET_DATABASE", "mirror")
                .env("MAX_RETRIES", "2").env("RETRY_BASE_SECONDS", "0")
                .env("DUCKDB_EXTENSION_REPOSITORY", System.getenv("DUCKDB_EXTENSION_REPOSITORY"))
                // An empty extension directory: the motherduck extension must come from the repository.
                .env("HOME", home.toString());
    }

    /** Offline machines only (.ci/run stages the repository when DuckDB's does not answer). */
    @BeforeAll
    static void offline() {
        assumeThat(System.getenv("DUCKDB_EXTENSION_REPOSITORY")).as("an offline extension repository").isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "check", "run" })
    void offlineMotherDuckIsOneLineExitThree(String command) throws Exception {
        Path home = Files.createTempDirectory("md-home");
        Duckmirror.Result result = motherDuck(home).run(command);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        List<String> errors = result.stderr().lines().filter(l -> l.startsWith("duckmirror:")).toList();
        assertThat(errors).as(result.toString()).containsExactly(
                "duckmirror: MotherDuck could not be reached at api.motherduck.com: Could not establish connection");
        assertThat(result.stderr().strip().lines().toList().getLast()).isEqualTo(errors.getFirst());
        assertThat(result.stderr()).doesNotContain("extensions.duckdb.org").doesNotContain("install");
        // Installed from the staged repository, signature checked, not downloaded.
        try (var found = Files.walk(home.resolve(".duckdb"))) {
            assertThat(found.map(p -> p.getFileName().toString())).contains("motherduck.duckdb_extension");
        }
    }

    @Test
    void postgresEndpointAsMotherDuckHostIsWarnedOnce() throws Exception {
        Duckmirror.Result result = motherDuck(Files.createTempDirectory("md-home"))
                .env("MOTHERDUCK_HOST", "pg.us-east-1-aws.motherduck.com").run("check");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.stderr().lines().filter(l -> l.contains("WARN") && l.contains("MOTHERDUCK_HOST")))
                .as(result.toString()).singleElement().asString()
                .contains("'pg.us-east-1-aws.motherduck.com' looks like MotherDuck's Postgres endpoint");
    }

    @Test
    void sampleDataIsRefused() throws Exception {
        Duckmirror.Result result = motherDuck(Files.createTempDirectory("md-home"))
                .env("TARGET_DATABASE", "sample_data").run("check");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr().strip()).isEqualTo("duckmirror: TARGET_DATABASE: 'sample_data' is MotherDuck's"
                + " read-only sample share, attached on every account; choose another name");
    }
}

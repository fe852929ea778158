package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source password, unique to this run, appears nowhere duckmirror writes: not on stdout or stderr
 * (with every SQL statement logged), not in the audit table, not in the target file.
 */
class SecretsIT {
    private static Fixture source;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSource() throws Exception {
        source = Fixture.create("secrets_it", "failures.sql");
        // A failing table too: error paths must not leak either.
        source.execute("REVOKE SELECT ON public.forbidden FROM " + source.role);
    }

    @Test
    void thePasswordNeverLeavesTheProcess() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var run = source.app(target)
                .env("QUARKUS_LOG_CATEGORY__IO_DUCKMIRROR__LEVEL", "DEBUG")
                .env("EXCLUDED_TABLES", "public.locked")
                .run("run");
        var plan = source.app(target).env("QUARKUS_LOG_CATEGORY__IO_DUCKMIRROR__LEVEL", "DEBUG").run("plan", "--json");
        var audit = source.app(target).run("audit", "--json");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        // Every statement was logged, so a password in any of them would show.
        assertThat(run.stderr()).contains("DEBUG SQL ATTACH").contains("DEBUG SQL CREATE OR REPLACE TABLE")
                .contains("permission denied");
        for (var result : List.of(run, plan, audit)) {
            assertThat(result.stdout() + result.stderr()).doesNotContain(source.password);
        }
        String auditRows = TargetFile.rows(target, "SELECT * FROM main.flight_tracker").stream()
                .map(String::valueOf).collect(Collectors.joining("\n"));
        assertThat(auditRows).contains("permission denied").doesNotContain(source.password);
        assertThat(new String(Files.readAllBytes(target), StandardCharsets.ISO_8859_1)).doesNotContain(source.password);
    }

    @Test
    void neitherSecretIsInTheArgumentList() throws Exception {
        String token = "md-token-" + UUID.randomUUID();
        Path target = dir.resolve("t.duckdb");
        String[] arguments = new String[1];
        var result = source.whileCopyWaits("public.locked", source.app(target).env("MOTHERDUCK_TOKEN", token)
                .env("TARGET", target.toString()).env("INCLUDED_TABLES", "public.locked"),
                (running, backends) -> arguments[0] = Files.readString(
                        Path.of("/proc", Long.toString(running.process().pid()), "cmdline")));

        assertThat(arguments[0]).contains("quarkus-run.jar").doesNotContain(source.password).doesNotContain(token);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(new String(Files.readAllBytes(target), StandardCharsets.ISO_8859_1)).doesNotContain(token)
                .doesNotContain(source.password);
        assertThat(result.stdout() + result.stderr()).doesNotContain(token).doesNotContain(source.password);
    }

    @Test
    void theMotherDuckTokenStaysOutOfErrors() {
        String token = "md-token-" + UUID.randomUUID();
        // MotherDuck cannot be reached here (and may not be from CI): the failure path must not print it.
        var result = source.app(dir.resolve("unused.duckdb")).env("TARGET", "md:").env("MOTHERDUCK_TOKEN", token)
                .run("check");

        assertThat(result.exitCode()).as(result.toString()).isIn(0, 3);
        assertThat(result.stdout() + result.stderr()).doesNotContain(token);
    }
}

package io.duckmirror.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckmirror.ExitCode;
import io.duckmirror.TableRef;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every configuration rule, in-process: a SmallRye Config over a map, as the environment gives it. */
class SettingsLoaderTest {

    /** Each row of the bad-input table (docs/exit-codes.md) that is a setting: the loader says exactly that. */
    @Test
    void everyBadSettingInTheDocsIsRefusedWithItsMessage() throws IOException {
        Pattern row = Pattern.compile("^\\| `([A-Za-z_]+)=([^`]*)`( \\(([^)]*)\\))?[^|]* \\| 2 \\| (.+) \\|$");
        List<String> lines = Files.readAllLines(Path.of("docs/exit-codes.md"));
        int checked = 0;
        for (String line : lines) {
            Matcher m = row.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Map<String, String> env = new HashMap<>();
            env.put(m.group(1), m.group(2));
            if (m.group(1).startsWith("PG")) {
                env.put("pg_HOST", "h"); // the libpq name applies only without the reference's
            }
            assertThatThrownBy(() -> load(env)).as(line)
                    .isInstanceOfSatisfying(ConfigurationException.class,
                            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                    .hasMessage(m.group(5));
            checked++;
        }
        assertThat(checked).as("rows checked in the bad-input table of docs/exit-codes.md").isGreaterThanOrEqualTo(15);
    }

    @Test
    void defaultsAreTheReferenceFlights() {
        Settings settings = load(Map.of());

        assertThat(settings.targetDatabase()).isEqualTo("postgres_ingest");
        assertThat(settings.target()).isEqualTo(new Target.LocalFile(Path.of("postgres_ingest.duckdb").toAbsolutePath()));
        assertThat(settings.retry()).isEqualTo(new RetryPolicy(5, 2_000));
        assertThat(settings.selection()).isEqualTo(Selection.ALL);
        assertThat(settings.numericPolicy()).isEqualTo(NumericPolicy.DOUBLE);
        assertThat(settings.source().sslmode()).isEqualTo("prefer");
        assertThat(settings.source().statementTimeout()).isEmpty();
        assertThat(settings.progressInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.parallelTables()).isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
        assertThat(settings.includeViews()).isEqualTo(IncludeViews.NONE);
    }

    @Test
    void includeViewsIsNoneMaterializedOrAll() {
        assertThat(load(Map.of("INCLUDE_VIEWS", "none")).includeViews()).isEqualTo(IncludeViews.NONE);
        assertThat(load(Map.of("INCLUDE_VIEWS", " Materialized ")).includeViews()).isEqualTo(IncludeViews.MATERIALIZED);
        assertThat(load(Map.of("INCLUDE_VIEWS", "ALL")).includeViews()).isEqualTo(IncludeViews.ALL);
        assertThatThrownBy(() -> load(Map.of("INCLUDE_VIEWS", "true")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("INCLUDE_VIEWS: 'true' is not none, materialized or all");
    }

    /** The README's "your own database" block: no token, so the file is named after TARGET_DATABASE. */
    @Test
    void withoutATokenTheTargetFileIsNamedAfterTheDatabase() {
        assertThat(load(Map.of("TARGET_DATABASE", "app_mirror")).target())
                .isEqualTo(new Target.LocalFile(Path.of("app_mirror.duckdb").toAbsolutePath()));
    }

    @Test
    void parallelTablesIsAWholeNumberFromOneTo64() {
        assertThat(load(Map.of("PARALLEL_TABLES", "1")).parallelTables()).isEqualTo(1);
        assertThat(load(Map.of("PARALLEL_TABLES", " 64 ")).parallelTables()).isEqualTo(64);
        for (String bad : List.of("65", "2.5", "-1", "")) {
            assertThatThrownBy(() -> load(Map.of("PARALLEL_TABLES", bad))).as(bad)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("PARALLEL_TABLES: '" + bad + "' is not a whole number of tables from 1 to 64");
        }
    }

    @Test
    void tablesPerCommitIsAWholeNumberFromOneTo1000Default16() {
        assertThat(load(Map.of()).tablesPerCommit()).isEqualTo(16);
        assertThat(load(Map.of("TABLES_PER_COMMIT", "1")).tablesPerCommit()).isEqualTo(1);
        assertThat(load(Map.of("TABLES_PER_COMMIT", "1000")).tablesPerCommit()).isEqualTo(1000);
        for (String bad : List.of("1001", "0", "many")) {
            assertThatThrownBy(() -> load(Map.of("TABLES_PER_COMMIT", bad))).as(bad)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("TABLES_PER_COMMIT: '" + bad + "' is not a whole number of tables from 1 to 1000");
        }
    }

    @Test
    void theReferenceNamesWinOverLibpqsAndTheCommandLineOverBoth() {
        var config = Map.of("pg_HOST", "reference", "PGHOST", "libpq", "PGPORT", "6543", "TARGET_DATABASE", "from_env");

        Settings settings = loader(config).load(Map.of("TARGET_DATABASE", "from_cli"));

        assertThat(settings.source().host()).contains("reference");
        assertThat(settings.source().port()).hasValue(6543);
        assertThat(settings.targetDatabase()).isEqualTo("from_cli");
    }

    @Test
    void numbersAreReadInTheirUnits() {
        Settings settings = load(Map.of("MAX_RETRIES", "3", "RETRY_BASE_SECONDS", "0.25",
                "PG_STATEMENT_TIMEOUT_SECONDS", "1.5", "pg_PORT", " 5433 "));

        assertThat(settings.retry()).isEqualTo(new RetryPolicy(3, 250));
        assertThat(settings.source().statementTimeout()).contains(Duration.ofMillis(1_500));
        assertThat(settings.source().port()).hasValue(5433);
        assertThat(load(Map.of("PG_STATEMENT_TIMEOUT_SECONDS", "0")).source().statementTimeout()).isEmpty();
        assertThat(load(Map.of("PROGRESS_INTERVAL_SECONDS", "0.5")).progressInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(load(Map.of("PROGRESS_INTERVAL_SECONDS", "0")).progressInterval()).isZero();
    }

    @Test
    void anEmptyPasswordIsAllowedButAnEmptyHostIsNot() {
        assertThat(load(Map.of("pg_PASSWORD", "")).source().password()).contains(new Secret(""));
        assertThatThrownBy(() -> load(Map.of("PGHOST", " "))).hasMessage("PGHOST: is empty; unset it or give a value");
    }

    @Test
    void aTokenMakesMotherDuckTheDefaultTarget() {
        Settings settings = load(Map.of("MOTHERDUCK_TOKEN", "tok-123456", "MOTHERDUCK_HOST", "api.example.com"));

        assertThat(settings.target())
                .isEqualTo(new Target.MotherDuck(Optional.of("api.example.com"), new Secret("tok-123456")));
        assertThat(settings.redact("a tok-123456 b")).isEqualTo("a <redacted> b");
        assertThatThrownBy(() -> load(Map.of("TARGET", "md:db", "MOTHERDUCK_TOKEN", "t")))
                .hasMessageStartingWith("TARGET: 'md:db' names a MotherDuck database");
    }

    @Test
    void gatesTakeTheReferencesLiteralEntriesAndQuotedOnes() {
        Settings settings = load(Map.of(
                "INCLUDED_SCHEMAS", "we\"ird sch;ema, \"a,b\"",
                "EXCLUDED_TABLES", "public.x\"y, \"my.schema\".\"t\""));

        assertThat(settings.selection().includedSchemas()).containsExactlyInAnyOrder("we\"ird sch;ema", "a,b");
        assertThat(settings.selection().excludedTables()).containsExactlyInAnyOrder(
                new TableRef("public", "x\"y"), new TableRef("my.schema", "t"));
    }

    @Test
    void configuredCredentialsAreRedactedBeforeAnySettingsAreLoaded() {
        SettingsLoader loader = loader(Map.of("pg_PASSWORD", "s3cret-pw", "MOTHERDUCK_TOKEN", "tok-abcdef"));

        assertThat(loader.redactConfigured("x s3cret-pw y tok-abcdef")).isEqualTo("x <redacted> y <redacted>");
    }

    @Test
    void aNearMissOfASelectionSettingInTheEnvironmentIsRefused() {
        SettingsLoader loader = loader(Map.of("INCLUDE_SCHEMAS", "sales"));

        assertThatThrownBy(() -> loader.load(Map.of())).isInstanceOf(ConfigurationException.class)
                .hasMessage("INCLUDE_SCHEMAS is not a setting; did you mean INCLUDED_SCHEMAS? (refusing to start"
                        + " rather than ignore a selection: rename or unset it)");
    }

    @Test
    void anotherNearMissIsListedAndTheSettingsStillLoad() {
        SettingsLoader loader = loader(Map.of("MAX_RETRY", "1", "PATH", "/bin", "PGAPPNAME", "x"));

        assertThat(loader.load(Map.of()).retry().maxAttempts()).isEqualTo(5);
        assertThat(loader.unknownSettings()).containsExactly("MAX_RETRY is not a setting; did you mean MAX_RETRIES?");
    }

    @Test
    void anUnknownKeyInAConfigurationFileIsItsError() throws IOException {
        Path file = Files.createTempFile("application", ".yaml");
        try {
            Files.writeString(file, "TARGET_DATABASE: mirror\nquarkus:\n  log:\n    level: INFO\nfoo: 1\n");
            SettingsLoader loader = new SettingsLoader(new SmallRyeConfigBuilder()
                    .withSources(new YamlConfigSource(file.toUri().toURL(), 265)).build());

            assertThatThrownBy(() -> loader.load(Map.of())).isInstanceOf(ConfigurationException.class)
                    .hasMessage(file + ": foo is not a setting (application.yaml.example lists them)");
        } finally {
            Files.delete(file);
        }
    }

    /** Quarkus skips a missing QUARKUS_CONFIG_LOCATIONS file without a word; duckmirror refuses to start. */
    @Test
    void aMissingConfigurationFileIsRefused() throws IOException {
        Path there = Files.createTempFile("mine", ".yaml");
        try {
            String missing = there.resolveSibling("missing-" + there.getFileName()).toString();
            SettingsLoader loader = loader(Map.of("QUARKUS_CONFIG_LOCATIONS", there + ",file:" + missing));

            assertThatThrownBy(() -> loader.load(Map.of())).isInstanceOf(ConfigurationException.class)
                    .hasMessage("QUARKUS_CONFIG_LOCATIONS: " + missing + " does not exist");
            assertThat(loader(Map.of("QUARKUS_CONFIG_LOCATIONS", there.toString())).load(Map.of()).targetDatabase())
                    .isEqualTo("postgres_ingest");
        } finally {
            Files.delete(there);
        }
    }

    private static Settings load(Map<String, String> env) {
        return loader(env).load(Map.of());
    }

    private static SettingsLoader loader(Map<String, String> env) {
        return new SettingsLoader(new SmallRyeConfigBuilder()
                // The environment's names are where near misses are looked for; SmallRye's EnvConfigSource
                // drops empty values (pg_HOST=""), so the values come from a properties source above it.
                .withSources(new PropertiesConfigSource(env, "test environment", 301), new EnvConfigSource(env, 300))
                .build());
    }
}

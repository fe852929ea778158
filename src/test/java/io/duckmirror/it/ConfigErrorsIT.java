package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad settings and command lines end to end: one line naming the setting, exit 2, before anything
 * connects (the source here is a closed port: reaching for it would be exit 3). Every rule is
 * unit-tested in SettingsLoaderTest and NameListTest, and bad command lines are CommandLineTest's
 * and CommandLineIT's; these few prove the process contract for settings from the environment.
 */
class ConfigErrorsIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            MAX_RETRIES        | abc         | MAX_RETRIES: 'abc' is not a whole number
            pg_HOST            | ''          | pg_HOST: is empty
            TARGET             | md:         | MOTHERDUCK_TOKEN: is not set, but TARGET is md:
            PGPORT             | 0           | PGPORT: '0' is not a port number
            """)
    void aBadSettingIsOneLineAndExitTwo(String setting, String value, String message) {
        Duckmirror app = app();
        if (setting.startsWith("PG")) {
            app.env("pg_" + setting.substring(2), null); // else the reference's name wins over libpq's
        }
        var result = app.env(setting, value).run("run");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr().strip().lines()).as(result.toString()).hasSize(1);
        assertThat(result.stderr()).startsWith("duckmirror: " + message);
    }

    /** A selection setting misspelt would mirror everything: every command refuses it, before connecting. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "plan", "run", "check", "audit" })
    void aNearMissOfASelectionSettingIsRefusedByEveryCommand(String command) {
        var result = app().env("INCLUDE_SCHEMAS", "sales").run(command);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).as(result.toString()).isEmpty();
        assertThat(result.stderr().strip().lines()).as(result.toString()).singleElement().asString()
                .startsWith("duckmirror: INCLUDE_SCHEMAS is not a setting; did you mean INCLUDED_SCHEMAS?");
    }

    /** Any other near miss is one warning line naming the likely key; unrelated variables say nothing. */
    @Test
    void aNearMissOfAnotherSettingIsOneWarningLine() {
        var result = app().env("MAX_RETRY", "1").env("TARGET_ARCH", "x86_64").env("PGAPPNAME", "mine")
                .env("MAX_RETRIES", "1").run("plan");

        assertThat(result.stderr().lines().filter(l -> l.contains("is not a setting")))
                .as(result.toString()).singleElement().asString()
                .endsWith(" WARN  MAX_RETRY is not a setting; did you mean MAX_RETRIES?");
        assertThat(result.exitCode()).as("then the source, a closed port, is tried: " + result).isEqualTo(3);
    }

    @Test
    void anUnknownKeyInTheConfigurationFileIsThatFilesError() throws IOException {
        Path file = Files.createDirectories(dir.resolve("config")).resolve("application.yaml");
        Files.writeString(file, "TARGET_DATABASE: mirror\nTARGET_DB: other\n");

        var result = app().in(dir).run("plan");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr().strip().lines()).as(result.toString()).singleElement().isEqualTo(
                "duckmirror: " + file + ": TARGET_DB is not a setting; did you mean TARGET_DATABASE?");
    }

    @Test
    void aMissingQuarkusConfigLocationsFileIsRefused() {
        Path missing = dir.resolve("mine.yaml");

        var result = app().in(dir).env("QUARKUS_CONFIG_LOCATIONS", missing.toString()).run("plan");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr().strip().lines()).as(result.toString()).singleElement()
                .isEqualTo("duckmirror: QUARKUS_CONFIG_LOCATIONS: " + missing + " does not exist");
    }

    /**
     * Whatever stops Quarkus from starting (a configuration file it cannot parse, a Quarkus setting
     * it cannot convert), the process ends as every other error does: nothing on stdout, the data
     * channel, one line on stderr, exit 2. A new such path shows here as a trace or a second line.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "broken config/application.yaml", "broken QUARKUS_CONFIG_LOCATIONS file",
            "QUARKUS_LOG_LEVEL=loud", "QUARKUS_LOG_CATEGORY__IO_DUCKMIRROR__LEVEL=chatty" })
    void noStartUpFailurePrintsATrace(String failure) throws IOException {
        Duckmirror app = app().in(dir);
        String expected = switch (failure) {
            case "broken config/application.yaml" -> {
                Files.writeString(Files.createDirectories(dir.resolve("config")).resolve("application.yaml"),
                        "TARGET: [unclosed\n");
                yield "duckmirror: config/application.yaml: line 1: while parsing a flow sequence, expected ',' or ']'";
            }
            case "broken QUARKUS_CONFIG_LOCATIONS file" -> {
                Path file = Files.writeString(dir.resolve("mine.yaml"), "MAX_RETRIES: 3\n  TARGET: x\n");
                app.env("QUARKUS_CONFIG_LOCATIONS", file.toString());
                yield "duckmirror: " + file + ": line ";
            }
            default -> {
                String[] setting = failure.split("=");
                app.env(setting[0], setting[1]);
                yield "duckmirror: SRCFG00039: The config property quarkus.log.";
            }
        };

        var result = app.run("plan");

        assertThat(result.stdout()).as(result.toString()).isEmpty();
        assertThat(result.stderr().strip().lines()).as(result.toString()).singleElement().asString()
                .startsWith(expected);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    }

    private static Duckmirror app() {
        return new Duckmirror()
                .env("pg_HOST", "127.0.0.1")
                .env("pg_PORT", "1")
                .env("TARGET", Path.of(System.getProperty("java.io.tmpdir"), "never-written.duckdb").toString());
    }
}

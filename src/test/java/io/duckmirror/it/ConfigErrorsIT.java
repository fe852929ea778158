package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad settings and command lines end to end: one line naming the setting, exit 2, before anything
 * connects (the source here is a closed port: reaching for it would be exit 3). Every rule is
 * unit-tested in SettingsLoaderTest and NameListTest, and bad command lines are CommandLineTest's
 * and CommandLineIT's; these few prove the process contract for settings from the environment.
 */
class ConfigErrorsIT {

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

    private static Duckmirror app() {
        return new Duckmirror()
                .env("pg_HOST", "127.0.0.1")
                .env("pg_PORT", "1")
                .env("TARGET", Path.of(System.getProperty("java.io.tmpdir"), "never-written.duckdb").toString());
    }
}

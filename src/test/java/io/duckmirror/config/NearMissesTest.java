package io.duckmirror.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NearMissesTest {
    private static final List<String> KNOWN = Arrays.stream(Setting.values()).filter(Setting::duckmirrors)
            .flatMap(s -> s.names().stream()).toList();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            INCLUDE_SCHEMAS,   INCLUDED_SCHEMAS
            EXCLUDE_TABLES,    EXCLUDED_TABLES
            ONLY_TABLES,       INCLUDED_TABLES
            EXCLUDED_SCHEMA,   EXCLUDED_SCHEMAS
            MAX_RETRY,         MAX_RETRIES
            TARGET_DB,         TARGET_DATABASE
            TARGETS,           TARGET
            PRUNED,            PRUNE
            PARALEL_TABLES,    PARALLEL_TABLES
            pg_PASS,           pg_PASSWORD
            pg_DBNAME,         pg_DATABASE
            PGHOTS,            PGHOST
            PGDATABSE,         PGDATABASE
            DUCKMIRROR_RUNID,  DUCKMIRROR_RUN_ID
            MOTHERDUCK_TOKN,   MOTHERDUCK_TOKEN
            """)
    void aNearMissNamesTheLikelySetting(String name, String likely) {
        assertThat(NearMisses.find(List.of(name), KNOWN))
                .containsExactly(new NearMisses.NearMiss(name, likely));
    }

    /**
     * Other programs' variables, libpq's own, Quarkus's, the user's own under DUCKMIRROR_ (the examples'),
     * and the settings in another case or spelling.
     */
    @ParameterizedTest
    @ValueSource(strings = { "PATH", "HOME", "USER", "TERM", "LANG", "SHELL", "PWD", "HOSTNAME", "JAVA_HOME",
            "TARGET_ARCH", "CI", "TZ", "PGHOSTADDR", "PGPASSFILE", "PGAPPNAME", "PGCONNECT_TIMEOUT", "PGSERVICE",
            "QUARKUS_LOG_LEVEL", "QUARKUS_LOG_CONSOLE_JSON", "DUCKMIRROR_JAVA_OPTS", "DUCKMIRROR_TEST_PG_HOST",
            "DUCKMIRROR_TABLES", "DUCKMIRROR_BIN", "DUCKMIRROR_MAX_PARALLEL", "DUCKMIRROR_IMAGE",
            "PG_VERSION", "PG_MAJOR", "pg_host", "PG_HOST", "included_schemas", "TARGET", "PGPORT" })
    void unrelatedAndResolvingNamesAreQuiet(String name) {
        assertThat(NearMisses.find(List.of(name), KNOWN)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            MAX_RETRIES, MAX_RETRIES, 0
            MAX_RETRY, MAX_RETRIES, 3
            PGHOTS, PGHOST, 1
            """)
    void distanceCountsASwapAsOneEdit(String a, String b, int distance) {
        assertThat(NearMisses.distance(a, b)).isEqualTo(distance);
    }
}

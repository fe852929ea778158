package io.duckmirror.config;

import java.util.List;
import java.util.stream.Stream;

/**
 * Every environment variable duckmirror reads, with what it is for: the list each command's help prints.
 * {@link SettingsLoader} reads exactly the names of those that are {@code duckmirror}'s (a test holds the
 * two together, and docs/configuration.md to this list); Quarkus reads the others.
 */
public enum Setting {
    TARGET_DATABASE("database receiving the mirror (default postgres_ingest)", "TARGET_DATABASE"),
    TARGET("md: or a DuckDB file (default md: with MOTHERDUCK_TOKEN, else the file <TARGET_DATABASE>.duckdb here)", "TARGET"),
    INCLUDED_SCHEMAS("schemas to mirror, comma-separated (default every non-system one)", "INCLUDED_SCHEMAS"),
    EXCLUDED_SCHEMAS("schemas to leave out", "EXCLUDED_SCHEMAS"),
    INCLUDED_TABLES("schema.table list to mirror (default every table of the selected schemas)", "INCLUDED_TABLES"),
    EXCLUDED_TABLES("schema.table list to leave out", "EXCLUDED_TABLES"),
    MAX_RETRIES("attempts per table in total, 1-100 (default 5)", "MAX_RETRIES"),
    RETRY_BASE_SECONDS("wait before attempt n+1: base x 2^(n-1), capped at 60 s (default 2)", "RETRY_BASE_SECONDS"),
    MOTHERDUCK_TOKEN("MotherDuck credentials; never logged", "MOTHERDUCK_TOKEN"),
    MOTHERDUCK_HOST("a non-default MotherDuck host", "MOTHERDUCK_HOST"),
    PG_HOST("the source's host", "pg_HOST", "PGHOST"),
    PG_PORT("the source's port", "pg_PORT", "PGPORT"),
    PG_DATABASE("the source database", "pg_DATABASE", "PGDATABASE"),
    PG_USER("the source's user", "pg_USER", "PGUSER"),
    PG_PASSWORD("the source's password; never logged", "pg_PASSWORD", "PGPASSWORD"),
    PG_SSLMODE("the source's sslmode (default prefer)", "pg_SSLMODE", "PGSSLMODE"),
    DUCKDB_EXTENSION_REPOSITORY("a directory or URL to install DuckDB's extensions from", "DUCKDB_EXTENSION_REPOSITORY"),
    NUMERIC_POLICY("numeric DECIMAL cannot hold: double (default), decimal or varchar", "NUMERIC_POLICY"),
    NUMERIC_NAN_CHECK("true: scan numeric(p,s) columns for NaN before the copy, so none becomes 0 (default false)",
            "NUMERIC_NAN_CHECK"),
    PG_STATEMENT_TIMEOUT_SECONDS("how long one statement may run on the source (default no limit)",
            "PG_STATEMENT_TIMEOUT_SECONDS"),
    DUCKMIRROR_RUN_ID("the run id of the audit rows (default a new UUID; --run-id wins)", "DUCKMIRROR_RUN_ID"),
    PARALLEL_TABLES("tables copied at once, 1-64 (default the number of cores, at least 2)", "PARALLEL_TABLES"),
    TABLES_PER_COMMIT("small tables one transaction may copy together, 1-1000 (default 16)", "TABLES_PER_COMMIT"),
    TARGET_LOCK_WAIT_SECONDS("how long to wait for a local target file another process holds (default 300)",
            "TARGET_LOCK_WAIT_SECONDS"),
    SNAPSHOT("table (default) or consistent: every table from one snapshot, swapped together", "SNAPSHOT"),
    INCLUDE_VIEWS("views to mirror besides the tables: none (default), materialized or all", "INCLUDE_VIEWS"),
    PRUNE("true: after a run, drop mirrored tables whose source table is gone (default false)", "PRUNE"),
    SKIP_UNCHANGED("true: leave tables PostgreSQL shows unchanged since their last copy (default false)",
            "SKIP_UNCHANGED"),
    PROGRESS_INTERVAL_SECONDS("how often a running copy logs its progress, 0: never (default 10)",
            "PROGRESS_INTERVAL_SECONDS"),
    QUARKUS_LOG_CONSOLE_JSON(false, "true: one JSON object per log line on stderr", "QUARKUS_LOG_CONSOLE_JSON");

    private final boolean duckmirrors;
    private final String description;
    private final List<String> names;

    Setting(String description, String... names) {
        this(true, description, names);
    }

    Setting(boolean duckmirrors, String description, String... names) {
        this.duckmirrors = duckmirrors;
        this.description = description;
        this.names = List.of(names);
    }

    /** The name to set; then the names read when it is unset (libpq's, for the source). */
    public List<String> names() {
        return names;
    }

    public String description() {
        return description;
    }

    /** The names of the settings that hold a credential, each redacted from whatever duckmirror prints. */
    public static List<String> secretNames() {
        return Stream.of(PG_PASSWORD, MOTHERDUCK_TOKEN).flatMap(setting -> setting.names.stream()).toList();
    }

    /** Read by duckmirror's own loader, not by Quarkus. */
    public boolean duckmirrors() {
        return duckmirrors;
    }
}

package io.duckmirror.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Reads and validates the settings, once, before anything connects. Names are the reference flight's
 * environment variables; MicroProfile Config also finds them in system properties and
 * {@code application.yaml}. Command-line values, passed as overrides under the same names, win.
 */
@ApplicationScoped
public class SettingsLoader {
    public static final String TARGET_DATABASE = "TARGET_DATABASE";
    public static final String TARGET = "TARGET";
    public static final String INCLUDED_SCHEMAS = "INCLUDED_SCHEMAS";
    public static final String EXCLUDED_SCHEMAS = "EXCLUDED_SCHEMAS";
    public static final String INCLUDED_TABLES = "INCLUDED_TABLES";
    public static final String EXCLUDED_TABLES = "EXCLUDED_TABLES";
    public static final String MOTHERDUCK_HOST = "MOTHERDUCK_HOST";
    public static final String MOTHERDUCK_TOKEN = "MOTHERDUCK_TOKEN";
    public static final String EXTENSION_REPOSITORY = "DUCKDB_EXTENSION_REPOSITORY";
    public static final String STATEMENT_TIMEOUT = "PG_STATEMENT_TIMEOUT_SECONDS";
    public static final String RUN_ID = "DUCKMIRROR_RUN_ID";
    public static final String TARGET_LOCK_WAIT = "TARGET_LOCK_WAIT_SECONDS";
    public static final String PRUNE = "PRUNE";
    public static final String SKIP_UNCHANGED = "SKIP_UNCHANGED";
    public static final String NUMERIC_NAN_CHECK = "NUMERIC_NAN_CHECK";
    private static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(5);
    public static final String PROGRESS_INTERVAL = "PROGRESS_INTERVAL_SECONDS";
    public static final String PARALLEL_TABLES = "PARALLEL_TABLES";
    private static final int MAX_PARALLEL_TABLES = 64;
    public static final String TABLES_PER_COMMIT = "TABLES_PER_COMMIT";
    private static final int MAX_TABLES_PER_COMMIT = 1000;
    /** Measured on 300 tables of 2,000 rows: groups of 8 gave what larger ones did (docs/operations.md). */
    private static final int DEFAULT_TABLES_PER_COMMIT = 16;
    /** The settings that choose what is mirrored: a near miss of one would mirror what was not meant. */
    private static final List<String> SELECTION = List.of(INCLUDED_SCHEMAS, EXCLUDED_SCHEMAS, INCLUDED_TABLES,
            EXCLUDED_TABLES);
    /** Every name this loader reads (Setting lists them): what a near miss is measured against. */
    private static final List<String> SETTINGS = Arrays.stream(Setting.values()).filter(Setting::duckmirrors)
            .flatMap(setting -> setting.names().stream()).toList();
    /** Keys of a configuration file that belong to Quarkus or its libraries, not to duckmirror. */
    private static final Pattern FRAMEWORK_KEY = Pattern.compile("(quarkus|smallrye|mp)\\..*|QUARKUS_.*");

    // DuckDB catalog names this tool or DuckDB itself already uses.
    private static final Set<String> RESERVED_DATABASES = Set.of("pg", "memory", "system", "temp", "main");
    /** Attached read-only on every MotherDuck account: a mirror could never be written there. */
    private static final String MOTHERDUCK_SAMPLE_DATA = "sample_data";
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.:\\[\\]_-]+");

    /** A configuration file on disk, as SmallRye names its source; the one in duckmirror's jar is not one. */
    private static final Pattern USER_FILE = Pattern.compile("(?:Yaml|Properties)ConfigSource\\[source=file:(.*)\\]");
    private static final Logger LOG = Logger.getLogger(SettingsLoader.class);
    /** The files beside config/application.yaml that Quarkus reads (QUARKUS_CONFIG_LOCATIONS). */
    private static final String CONFIG_LOCATIONS = "quarkus.config.locations";

    private final Config config;

    public SettingsLoader(Config config) {
        this.config = config;
    }

    public Settings load(Map<String, String> overrides) {
        refuseMissingConfigFiles();
        refuseUnknownFileKeys();
        for (NearMisses.NearMiss miss : nearMisses()) {
            if (SELECTION.contains(miss.likely())) {
                throw new ConfigurationException(miss.describe()
                        + " (refusing to start rather than ignore a selection: rename or unset it)");
            }
            LOG.warn(miss.describe());
        }
        Function<String, Optional<String>> lookup = name -> Optional.ofNullable(overrides.get(name)).or(() -> raw(name));
        String database = lookup.apply(TARGET_DATABASE).orElse("postgres_ingest").strip();
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new ConfigurationException(TARGET_DATABASE, "'" + database
                    + "' is not a valid database name (letters, digits and _, not starting with a digit, at most 63)");
        }
        if (RESERVED_DATABASES.contains(database.toLowerCase(Locale.ROOT))) {
            throw new ConfigurationException(TARGET_DATABASE, "'" + database + "' is reserved; choose another name");
        }
        if (database.equalsIgnoreCase(MOTHERDUCK_SAMPLE_DATA)) {
            throw new ConfigurationException(TARGET_DATABASE, "'" + database
                    + "' is MotherDuck's read-only sample share, attached on every account; choose another name");
        }
        return new Settings(
                database,
                target(lookup, database),
                source(lookup),
                new Selection(
                        NameList.schemas(INCLUDED_SCHEMAS, lookup.apply(INCLUDED_SCHEMAS).orElse("")),
                        NameList.schemas(EXCLUDED_SCHEMAS, lookup.apply(EXCLUDED_SCHEMAS).orElse("")),
                        NameList.tables(INCLUDED_TABLES, lookup.apply(INCLUDED_TABLES).orElse("")),
                        NameList.tables(EXCLUDED_TABLES, lookup.apply(EXCLUDED_TABLES).orElse(""))),
                new RetryPolicy(
                        lookup.apply(RetryPolicy.MAX_RETRIES).map(RetryPolicy::parseMaxAttempts)
                                .orElse(RetryPolicy.DEFAULT.maxAttempts()),
                        lookup.apply(RetryPolicy.RETRY_BASE_SECONDS).map(RetryPolicy::parseBaseMillis)
                                .orElse(RetryPolicy.DEFAULT.baseMillis())),
                lookup.apply(NumericPolicy.SETTING).map(NumericPolicy::parse).orElse(NumericPolicy.DOUBLE),
                extensionRepository(lookup),
                runId(lookup),
                lookup.apply(TARGET_LOCK_WAIT).map(SettingsLoader::lockWait).orElse(DEFAULT_LOCK_WAIT),
                lookup.apply(PRUNE).map(raw -> bool(PRUNE, raw)).orElse(false),
                lookup.apply(PROGRESS_INTERVAL).map(SettingsLoader::progressInterval).orElse(Duration.ofSeconds(10)),
                lookup.apply(SnapshotMode.SETTING).map(SnapshotMode::parse).orElse(SnapshotMode.TABLE),
                lookup.apply(PARALLEL_TABLES).map(SettingsLoader::parallelTables)
                        .orElseGet(SettingsLoader::defaultParallelTables),
                lookup.apply(TABLES_PER_COMMIT).map(SettingsLoader::tablesPerCommit)
                        .orElse(DEFAULT_TABLES_PER_COMMIT),
                lookup.apply(SKIP_UNCHANGED).map(raw -> bool(SKIP_UNCHANGED, raw)).orElse(false),
                // Off by default: the scan cost 20% of TPC-H SF1's copy (docs/types.md, numeric).
                lookup.apply(NUMERIC_NAN_CHECK).map(raw -> bool(NUMERIC_NAN_CHECK, raw)).orElse(false),
                lookup.apply(IncludeViews.SETTING).map(IncludeViews::parse).orElse(IncludeViews.NONE));
    }

    private static Target target(Function<String, Optional<String>> lookup, String database) {
        Optional<Secret> token = lookup.apply(MOTHERDUCK_TOKEN).map(Secret::new);
        String where = lookup.apply(TARGET).map(String::strip)
                .orElse(token.isPresent() ? "md:" : "./" + database + ".duckdb");
        if (where.isEmpty()) {
            throw new ConfigurationException(TARGET, "is empty; give md: or the path of a DuckDB file");
        }
        if (where.startsWith("md:")) {
            if (!where.equals("md:")) {
                throw new ConfigurationException(TARGET, "'" + where
                        + "' names a MotherDuck database; use md: and set TARGET_DATABASE instead");
            }
            Optional<String> host = nonBlank(lookup, MOTHERDUCK_HOST);
            host.filter(h -> !HOST_NAME.matcher(h).matches()).ifPresent(h -> {
                throw new ConfigurationException(MOTHERDUCK_HOST, "'" + h + "' is not a host name");
            });
            return new Target.MotherDuck(host, token.orElseThrow(() -> new ConfigurationException(
                    MOTHERDUCK_TOKEN, "is not set, but TARGET is md: (MotherDuck needs a token)")));
        }
        Path path = Path.of(where).toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            throw new ConfigurationException(TARGET, "'" + where + "' is a directory; give the path of a DuckDB file");
        }
        return new Target.LocalFile(path);
    }

    private static Source source(Function<String, Optional<String>> lookup) {
        // The reference's names first (a MotherDuck Flights secret named pg injects pg_HOST, ...),
        // then libpq's own.
        Function<String, Optional<String>> pg = key -> sourceValue(lookup, key);
        OptionalInt port = pg.apply("PORT")
                .map(raw -> OptionalInt.of(port(sourceName(lookup, "PORT"), raw)))
                .orElse(OptionalInt.empty());
        String sslmode = pg.apply("SSLMODE").map(String::strip).orElse("prefer");
        if (!Source.SSL_MODES.contains(sslmode)) {
            throw new ConfigurationException(sourceName(lookup, "SSLMODE"), "'" + sslmode
                    + "' is not an sslmode; use one of " + String.join(", ", Source.SSL_MODES));
        }
        return new Source(
                pg.apply("HOST").map(String::strip),
                port,
                pg.apply("DATABASE"),
                pg.apply("USER"),
                pg.apply("PASSWORD").map(Secret::new),
                sslmode,
                lookup.apply(STATEMENT_TIMEOUT).map(SettingsLoader::statementTimeout).filter(t -> !t.isZero()));
    }

    private static Optional<String> sourceValue(Function<String, Optional<String>> lookup, String key) {
        String name = sourceName(lookup, key);
        Optional<String> value = lookup.apply(name);
        if (value.isPresent() && value.get().isBlank() && !key.equals("PASSWORD")) {
            throw new ConfigurationException(name, "is empty; unset it or give a value");
        }
        return value;
    }

    /** pg_KEY when set (even if empty), else PGKEY. */
    private static String sourceName(Function<String, Optional<String>> lookup, String key) {
        String reference = "pg_" + key;
        return lookup.apply(reference).isPresent() ? reference : "PG" + key;
    }

    private static int port(String setting, String raw) {
        return NumberSetting.parse(setting, raw, 1, 65535, true, "a port number from 1 to 65535").intValue();
    }

    private static Duration statementTimeout(String raw) {
        return Duration.ofMillis(NumberSetting.parse(STATEMENT_TIMEOUT, raw, 0, Duration.ofDays(7).toSeconds(), false,
                "a number of seconds from 0 (no limit) to 604800 (7 days)").movePointRight(3).longValue());
    }

    private static boolean bool(String setting, String raw) {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException(setting, "'" + raw + "' is not true or false");
        };
    }

    private static Duration lockWait(String raw) {
        return Duration.ofMillis(NumberSetting.parse(TARGET_LOCK_WAIT, raw, 0, 86_400, false,
                "a number of seconds from 0 to 86400").movePointRight(3).longValue());
    }

    private static int parallelTables(String raw) {
        return NumberSetting.parse(PARALLEL_TABLES, raw, 1, MAX_PARALLEL_TABLES, true,
                "a whole number of tables from 1 to " + MAX_PARALLEL_TABLES).intValue();
    }

    private static int tablesPerCommit(String raw) {
        return NumberSetting.parse(TABLES_PER_COMMIT, raw, 1, MAX_TABLES_PER_COMMIT, true,
                "a whole number of tables from 1 to " + MAX_TABLES_PER_COMMIT).intValue();
    }

    /**
     * The number of cores, at least 2: most of a small table's time is waiting on round trips to
     * PostgreSQL, which a second table overlaps even on one core.
     */
    static int defaultParallelTables() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    private static Optional<String> runId(Function<String, Optional<String>> lookup) {
        return lookup.apply(RUN_ID).map(String::strip).map(id -> {
            if (id.isEmpty() || id.length() > 250 || id.chars().anyMatch(Character::isISOControl)) {
                throw new ConfigurationException(RUN_ID, "'" + id + "' is not a run id (1 to 250 characters on one line)");
            }
            return id;
        });
    }

    private static Duration progressInterval(String raw) {
        return Duration.ofMillis(NumberSetting.parse(PROGRESS_INTERVAL, raw, 0, 3600, false,
                "a number of seconds from 0 (never) to 3600").movePointRight(3).longValue());
    }

    private static Optional<String> extensionRepository(Function<String, Optional<String>> lookup) {
        return nonBlank(lookup, EXTENSION_REPOSITORY).map(repo -> {
            if (repo.matches("(?i)(https?|s3)://.+")) {
                URI.create(repo);
                return repo;
            }
            Path dir = Path.of(repo).toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new ConfigurationException(EXTENSION_REPOSITORY, "'" + repo + "' is not a directory or URL");
            }
            return dir.toString();
        });
    }

    private static Optional<String> nonBlank(Function<String, Optional<String>> lookup, String name) {
        return lookup.apply(name).map(String::strip).filter(s -> !s.isEmpty());
    }

    /**
     * The environment's names (and a {@code .env} file's, which Quarkus reads as environment) that
     * look meant as a setting but are none: {@link #load} warns about each, and refuses a near miss of
     * a selection setting; {@code check} fails on any.
     */
    public List<String> unknownSettings() {
        return nearMisses().stream().map(NearMisses.NearMiss::describe).toList();
    }

    private List<NearMisses.NearMiss> nearMisses() {
        Set<String> names = new TreeSet<>();
        for (ConfigSource source : config.getConfigSources()) {
            if (source.getName().startsWith("EnvConfigSource")) {
                // The names as set; SmallRye adds a dotted form of each.
                source.getPropertyNames().stream().filter(name -> !name.contains(".")).forEach(names::add);
            }
        }
        return NearMisses.find(names, SETTINGS);
    }

    /**
     * A file QUARKUS_CONFIG_LOCATIONS names that is not there: Quarkus skips it without a word, and
     * the run would go on with none of the settings the file was written to hold.
     */
    private void refuseMissingConfigFiles() {
        for (Path file : raw(CONFIG_LOCATIONS).map(ConfigLocations::files).orElse(List.of())) {
            if (!Files.exists(file)) {
                throw new ConfigurationException("QUARKUS_CONFIG_LOCATIONS", file + " does not exist");
            }
        }
    }

    /**
     * A key in the user's configuration file (config/application.yaml, or a file QUARKUS_CONFIG_LOCATIONS
     * names) that is no setting is that file's error: it was written to be read.
     */
    private void refuseUnknownFileKeys() {
        for (ConfigSource source : config.getConfigSources()) {
            Matcher file = USER_FILE.matcher(source.getName());
            if (!file.matches()) {
                continue;
            }
            for (String key : new TreeSet<>(source.getPropertyNames())) {
                if (!SETTINGS.contains(key) && !FRAMEWORK_KEY.matcher(key).matches()) {
                    throw new ConfigurationException(file.group(1) + ": " + key + " is not a setting"
                            + NearMisses.likelyInFile(key, SETTINGS).map(likely -> "; did you mean " + likely + "?")
                                    .orElse(" (application.yaml.example lists them)"));
                }
            }
        }
    }

    /**
     * The text with every credential the configuration holds replaced: for what is printed before, or
     * without, a loaded {@link Settings} (an internal error's trace).
     */
    public String redactConfigured(String text) {
        return Secret.redact(text, Setting.secretNames().stream().flatMap(name -> raw(name).stream()).toList());
    }

    /**
     * The value as configured, empty strings included: MicroProfile Config reports an empty value as
     * missing, but {@code pg_HOST=""} is a mistake to report, not a default to apply.
     */
    private Optional<String> raw(String name) {
        var value = config.getConfigValue(name);
        return Optional.ofNullable(value.getRawValue() != null ? value.getRawValue() : value.getValue());
    }
}

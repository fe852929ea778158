package io.duckmirror.session;

import io.duckmirror.config.ConfigurationException;
import io.duckmirror.config.Settings;
import io.duckmirror.config.SettingsLoader;
import io.duckmirror.config.Target;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.jboss.logging.Logger;

/**
 * One DuckDB connection: the postgres extension loaded, the source attached READ_ONLY as {@code pg},
 * and the target database reachable by name. A table lands in the target database, under its source
 * schema's and table's names.
 */
public final class Session implements AutoCloseable {
    /** The catalog name the source is attached under. */
    public static final String SOURCE = "pg";
    /** The motherduck extension's start-up wraps the real cause: '... threw an exception: "<cause>"'. */
    private static final Pattern WRAPPED = Pattern.compile("threw an exception: \"(.*)\"$");
    /** Its first call, the extension's version check: 'Failed to download "<url>" (attempt 5): <cause>'. */
    private static final Pattern DOWNLOAD = Pattern.compile("^Failed to download \"[^\"]*\"(?: \\(attempt \\d+\\))?: (.*)$");
    /** DuckDB's error when another process holds the file. */
    private static final String LOCKED = "Could not set lock";
    /** libpq's own words after the extension's preamble (which repeats the connection string). */
    private static final Pattern REFUSED = Pattern.compile("failed: (?:FATAL:\\s+)?(.*)$");
    /** DuckDB's errors for a file with its header but not a database it can read. */
    private static final Pattern NOT_DUCKDB = Pattern.compile(
            "(?i)not a valid DuckDB database file|corrupt|checksum|invalid database|failed to read database header");
    private static final Duration LOCK_POLL = Duration.ofSeconds(1);
    /** At DEBUG, logs every SQL statement duckmirror sends to DuckDB. */
    private static final Logger LOG = Logger.getLogger(Session.class);

    private final Connection connection;
    private final Settings settings;
    private final Commits commits;
    private boolean sourceAttached;
    private boolean targetOpen;
    private boolean progressTracked;

    private Session(Connection connection, Settings settings, Commits commits) {
        this.connection = connection;
        this.settings = settings;
        this.commits = commits;
    }

    /**
     * Connects DuckDB (in memory, or to MotherDuck). Source and target are opened on demand and
     * separately: {@code plan} never creates a target file, and a dead source never hides the audit table.
     */
    static Session open(Settings settings, Endpoint endpoint) {
        return new Session(connect(settings, endpoint), settings, new Commits());
    }

    /**
     * Another connection to this session's DuckDB instance, for a worker copying tables beside it. It
     * shares the instance's catalogs, so the target and the source ({@code pg}, with the extension's
     * connection pool) are already there: this session must have both open.
     */
    synchronized Session duplicate() {
        if (!sourceAttached || !targetOpen) {
            throw new IllegalStateException("duplicate a session with source and target open");
        }
        try {
            Session copy = new Session(connection.unwrap(DuckDBConnection.class).duplicate(), settings, commits);
            copy.sourceAttached = true;
            copy.targetOpen = true;
            return copy;
        } catch (SQLException e) {
            throw unreachable("could not open another connection to " + settings.target().describe(), settings, e);
        }
    }

    /**
     * What a session connects to. {@code shareInstance} false: each connection gets a DuckDB instance
     * of its own (the driver's {@code jdbc_instance_cache=false}), never one the driver or MotherDuck
     * cached. MotherDuck keeps an {@code md:} instance for {@code dbinstance_inactivity_ttl} (15 min)
     * after its last connection closes, and the driver hands it out again for the same URL: a retry
     * would then find the source still attached as {@code pg}, its old connection pool included. Of
     * the ways around it, this one holds for every URL and needs no MotherDuck-specific setting, so it
     * can be proven locally; {@code dbinstance_inactivity_ttl=0s} would cover only md:, and detaching
     * defensively only {@code pg}.
     */
    record Endpoint(String url, String userAgent, boolean shareInstance) {
        static Endpoint of(Target target, String userAgent) {
            return new Endpoint(target instanceof Target.MotherDuck ? "jdbc:duckdb:md:" : "jdbc:duckdb:", userAgent,
                    false);
        }
    }

    /** Creates the MotherDuck database or attaches the local file under the target's name, once. */
    void openTarget() {
        if (targetOpen) {
            return;
        }
        String database = Sql.quote(settings.targetDatabase());
        try {
            switch (settings.target()) {
                case Target.MotherDuck md -> execute("CREATE DATABASE IF NOT EXISTS " + database);
                case Target.LocalFile file -> {
                    LocalTarget.requireDuckDb(file.path());
                    createParent(file.path());
                    LocalTarget.requireWalCreatable(file.path());
                    attachWaitingForLock(file.path(), database);
                }
            }
            targetOpen = true;
        } catch (SQLException e) {
            String reason = Failures.redactedLine(e, settings);
            if (NOT_DUCKDB.matcher(reason).find()) {
                throw new ConfigurationException(SettingsLoader.TARGET, "'" + settings.target().describe()
                        + "' is not a usable DuckDB file: " + reason);
            }
            if (reason.contains(LOCKED)) {
                reason = "the file is in use by another process (waited " + settings.targetLockWait().toSeconds()
                        + " s, TARGET_LOCK_WAIT_SECONDS; " + reason + ")";
            }
            throw new UnreachableException("could not open the target " + settings.target().describe() + ": "
                    + reason, Failures.isTransient(e), e);
        }
    }

    /**
     * Attaches a local DuckDB file. DuckDB lets one process write a file at a time, and none while
     * another has it open even read-only, and refuses the others at once; orchestrator tasks sharing a file instead wait their
     * turn here, up to
     * TARGET_LOCK_WAIT_SECONDS, trying again every second. The file is never opened without its lock.
     */
    private void attachWaitingForLock(Path file, String database) throws SQLException {
        // TYPE duckdb: never as another format an installed extension reads (sqlite), whatever the file.
        String attach = "ATTACH IF NOT EXISTS " + Sql.literal(file.toString()) + " AS " + database + " (TYPE duckdb)";
        Instant deadline = Instant.now().plus(settings.targetLockWait());
        boolean said = false;
        while (true) {
            try {
                execute(attach);
                return;
            } catch (SQLException e) {
                Duration left = Duration.between(Instant.now(), deadline);
                if (!String.valueOf(e.getMessage()).contains(LOCKED) || left.isNegative() || left.isZero()) {
                    throw e;
                }
                if (!said) {
                    LOG.infof("WAITING for %s: another process has it open (up to %d s, TARGET_LOCK_WAIT_SECONDS)",
                            file, settings.targetLockWait().toSeconds());
                    said = true;
                }
                sleep(left.compareTo(LOCK_POLL) < 0 ? left : LOCK_POLL);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("stopped while waiting for the target file's lock", false, e);
        }
    }

    /** Loads the postgres extension and attaches the source, once. */
    void attachSource() {
        if (sourceAttached) {
            return;
        }
        try {
            Extensions.loadPostgres(connection, settings.extensionRepository());
            // The password is not in this text: libpq reads it from PGPASSWORD (see Connector).
            execute("ATTACH " + Sql.literal(settings.source().connectionString()) + " AS "
                    + Sql.quote(SOURCE) + " (TYPE postgres, READ_ONLY)");
            sourceAttached = true;
        } catch (SQLException e) {
            String what = "could not connect to the source " + settings.source().describe();
            Failures.sourceRefusal(e).ifPresent(fix -> {
                Matcher refusal = REFUSED.matcher(Failures.redactedLine(e, settings));
                throw new ConfigurationException(
                        what + ": " + (refusal.find() ? refusal.group(1) : Failures.redactedLine(e, settings))
                                + "; " + fix);
            });
            throw unreachable(what, settings, e);
        }
    }

    /**
     * Has DuckDB track the progress of this connection's statements, once: it does so only while
     * {@code enable_progress_bar} is on, and must not draw its bar (stderr is the log, stdout data).
     */
    public void trackProgress() throws SQLException {
        if (!progressTracked) {
            execute("SET enable_progress_bar_print = false");
            execute("SET enable_progress_bar = true");
            progressTracked = true;
        }
    }

    /** Proves the target takes writes by creating a table in a transaction that is rolled back. */
    public void checkWritable() {
        try {
            execute("BEGIN TRANSACTION");
            try {
                execute("CREATE TABLE " + Sql.qualified(settings.targetDatabase(), "main", "duckmirror_check")
                        + " (ok BOOLEAN)");
            } finally {
                execute("ROLLBACK");
            }
        } catch (SQLException e) {
            throw unreachable("the target " + settings.target().describe() + " is not writable", settings, e);
        }
    }

    /**
     * The call that runs a query in PostgreSQL itself, on the attached source, as a DuckDB table
     * function: for catalog queries and reads the native scan cannot express.
     */
    public static String sourceQueryCall(String postgresSql) {
        return "postgres_query(" + Sql.literal(SOURCE) + ", " + Sql.literal(postgresSql) + ")";
    }

    /** A DuckDB query of every row a PostgreSQL query returns on the source. */
    public static String sourceQuery(String postgresSql) {
        return "SELECT * FROM " + sourceQueryCall(postgresSql);
    }

    /** Commits this connection's transaction, unless a signal has stopped the run (see {@link #stopCommits()}). */
    public void commit() throws SQLException {
        commits.through(() -> execute("COMMIT"));
    }

    /**
     * From now on no commit passes on this session's DuckDB instance, on any of its connections: what
     * a signal's notice promises. Waits for a commit under way.
     */
    public void stopCommits() {
        commits.stop();
    }

    /** Runs one statement. A fresh JDBC statement each time: DuckDB's driver closes one that failed. */
    public void execute(String sql) throws SQLException {
        execute(connection, sql);
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            execute(statement, sql);
        }
    }

    /** A statement to run one text on with {@link #execute(Statement, String)}, held meanwhile (to watch it). */
    public Statement statement() throws SQLException {
        return connection.createStatement();
    }

    /** Runs one text on the given statement, directly: parsed, bound and run in one go. */
    public static void execute(Statement statement, String sql) throws SQLException {
        LOG.debugf("SQL %s", sql);
        statement.execute(sql);
    }

    /** A statement to bind values to and run; every query goes through here or {@link #execute}. */
    public PreparedStatement prepare(String sql) throws SQLException {
        LOG.debugf("SQL %s", sql);
        return connection.prepareStatement(sql);
    }

    public String targetDatabase() {
        return settings.targetDatabase();
    }

    private static Connection connect(Settings settings, Endpoint endpoint) {
        Properties properties = new Properties();
        // A mirror's row order carries no meaning (PostgreSQL's heap order has none either); letting
        // DuckDB write rows in any order keeps a large table's copy from buffering: a quarter less
        // peak memory on TPC-H SF1.
        properties.setProperty("preserve_insertion_order", "false");
        properties.setProperty("jdbc_instance_cache", Boolean.toString(endpoint.shareInstance()));
        properties.setProperty("custom_user_agent", endpoint.userAgent());
        // The driver directly, not through DriverManager's service lookup: one less thing for a
        // native image to register.
        DuckDBDriver driver = new DuckDBDriver();
        Target.MotherDuck motherDuck = settings.target() instanceof Target.MotherDuck md ? md : null;
        if (motherDuck != null) {
            // Opening md: loads the motherduck extension, downloading it from DuckDB's repository when
            // it is not installed: install it first, from DUCKDB_EXTENSION_REPOSITORY when set.
            try (Connection local = driver.connect("jdbc:duckdb:", properties)) {
                Extensions.installMotherDuck(local, settings.extensionRepository());
            } catch (SQLException e) {
                throw unreachable("could not start DuckDB", settings, e);
            }
            // A connection property: the token never enters the URL or SQL text.
            properties.setProperty("motherduck_token", motherDuck.token().value());
        }
        try {
            return driver.connect(endpoint.url(), properties);
        } catch (SQLException e) {
            if (motherDuck != null) {
                throw motherDuckFailure(settings, motherDuck, e);
            }
            throw unreachable("could not open " + settings.target().describe(), settings, e);
        }
    }

    /**
     * One line for a failed md: connection. Offline, the extension's first act, fetching its version
     * from api.motherduck.com, fails: that is MotherDuck not reached, not an extension to install.
     */
    private static UnreachableException motherDuckFailure(Settings settings, Target.MotherDuck md, SQLException e) {
        String reason = Failures.redactedLine(e, settings);
        Matcher wrapped = WRAPPED.matcher(reason);
        if (wrapped.find()) {
            reason = wrapped.group(1);
        }
        boolean transientFailure = Failures.isTransient(e);
        if (transientFailure) {
            Matcher download = DOWNLOAD.matcher(reason);
            String cause = download.matches() ? download.group(1) : reason;
            return new UnreachableException("MotherDuck could not be reached at " + md.host().orElse("api.motherduck.com")
                    + ": " + cause, true, e);
        }
        return new UnreachableException("could not connect to " + md.describe() + ": " + reason, false, e);
    }

    private static void createParent(Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (FileAlreadyExistsException e) {
            throw new UnreachableException("could not create the directory of the target " + file + ": "
                    + e.getFile() + " exists and is not a directory", false, e);
        } catch (IOException e) {
            throw new UnreachableException("could not create the directory of the target " + file + ": "
                    + e.getClass().getSimpleName() + " " + e.getMessage(), false, e);
        }
    }

    private static UnreachableException unreachable(String what, Settings settings, Exception e) {
        return new UnreachableException(what + ": " + Failures.redactedLine(e, settings), Failures.isTransient(e), e);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already failing; the first error is the one to report
        }
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }
}

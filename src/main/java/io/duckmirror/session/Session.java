package io.duckmirror.session;

import io.duckmirror.config.Settings;
import io.duckmirror.config.Target;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBDriver;
import org.jboss.logging.Logger;

/**
 * One DuckDB connection: the postgres extension loaded, the source attached READ_ONLY as {@code pg},
 * and the target database reachable by name. Tables land at {@code "<target>"."<schema>"."<table>"}.
 */
public final class Session implements AutoCloseable {
    /** The catalog name the source is attached under. */
    public static final String SOURCE = "pg";
    private static final String USER_AGENT = "duckmirror";
    /** At DEBUG, logs every SQL statement duckmirror sends to DuckDB. */
    private static final Logger LOG = Logger.getLogger(Session.class);

    private final Connection connection;
    private final Settings settings;
    private boolean sourceAttached;
    private boolean targetOpen;

    private Session(Connection connection, Settings settings) {
        this.connection = connection;
        this.settings = settings;
    }

    /**
     * Connects DuckDB (in memory, or to MotherDuck). Source and target are opened on demand and
     * separately: {@code plan} never creates a target file, and a dead source never hides the audit table.
     */
    static Session open(Settings settings) {
        return new Session(connect(settings), settings);
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
                    createParent(file.path());
                    execute("ATTACH " + Sql.literal(file.path().toString()) + " AS " + database);
                }
            }
            targetOpen = true;
        } catch (SQLException e) {
            String reason = settings.redact(Failures.firstLine(e));
            if (reason.contains("Could not set lock")) {
                reason = "the file is in use by another process (" + reason + ")";
            }
            throw new UnreachableException("could not open the target " + settings.target().describe() + ": "
                    + reason, Failures.isTransient(e), e);
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
            throw unreachable("could not connect to the source " + settings.source().describe(), settings, e);
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

    /** Runs one statement. A fresh JDBC statement each time: DuckDB's driver closes one that failed. */
    public void execute(String sql) throws SQLException {
        execute(connection, sql);
    }

    static void execute(Connection connection, String sql) throws SQLException {
        LOG.debugf("SQL %s", sql);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** A statement to bind values to and run; every query goes through here or {@link #execute}. */
    public PreparedStatement prepare(String sql) throws SQLException {
        LOG.debugf("SQL %s", sql);
        return connection.prepareStatement(sql);
    }

    public String targetDatabase() {
        return settings.targetDatabase();
    }

    private static Connection connect(Settings settings) {
        Properties properties = new Properties();
        // A mirror's row order carries no meaning (PostgreSQL's heap order has none either); letting
        // DuckDB write rows in any order keeps a large table's copy from buffering: a quarter less
        // peak memory on TPC-H SF1.
        properties.setProperty("preserve_insertion_order", "false");
        String url = "jdbc:duckdb:";
        if (settings.target() instanceof Target.MotherDuck md) {
            url = "jdbc:duckdb:md:";
            properties.setProperty("motherduck_token", md.token().value());
            properties.setProperty("custom_user_agent", USER_AGENT);
        }
        try {
            // The driver directly, not through DriverManager's service lookup: one less thing for a
            // native image to register.
            return new DuckDBDriver().connect(url, properties);
        } catch (SQLException e) {
            throw unreachable("could not open " + settings.target().describe(), settings, e);
        }
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
        return new UnreachableException(what + ": " + settings.redact(Failures.firstLine(e)), Failures.isTransient(e), e);
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

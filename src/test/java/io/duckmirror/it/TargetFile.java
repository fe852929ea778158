package io.duckmirror.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/** Reads a DuckDB file that duckmirror wrote, read-only, after the process has exited; or prepares one. */
final class TargetFile {
    private TargetFile() {
    }

    /** Every row of the query, each column as text ({@code null} for NULL). */
    static List<List<String>> rows(Path file, String sql) throws SQLException {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return Rows.of(rows);
        }
    }

    /** Prepares a target file before duckmirror opens it. */
    static void execute(Path file, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file)) {
            Rows.execute(connection, sql);
        }
    }

    static String single(Path file, String sql) throws SQLException {
        return rows(file, sql).getFirst().getFirst();
    }
}

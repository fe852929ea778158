package io.duckmirror.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/**
 * The versions MotherDuck and a bug report care about: the embedded DuckDB's and those of the installed
 * extensions duckmirror uses. Asked of an in-memory DuckDB, reading the extensions' install metadata
 * without loading them: loading motherduck would contact api.motherduck.com, and nothing is installed.
 */
public final class Versions {
    private Versions() {
    }

    /** One line per component: DuckDB's version, then each extension's, or why it is not known. */
    public static List<String> describe() {
        List<String> lines = new ArrayList<>();
        try (Connection connection = new DuckDBDriver().connect("jdbc:duckdb:", new Properties())) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT library_version, source_id FROM pragma_version()");
                    ResultSet rows = statement.executeQuery()) {
                rows.next();
                lines.add("DuckDB " + rows.getString(1) + " (" + rows.getString(2) + ")");
            }
            lines.add(extension(connection, "postgres_scanner", "postgres"));
            lines.add(extension(connection, "motherduck", "motherduck"));
        } catch (SQLException e) {
            lines.add("DuckDB: could not start: " + Failures.firstLine(e));
        }
        return lines;
    }

    private static String extension(Connection connection, String name, String label) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT installed, extension_version, installed_from FROM duckdb_extensions() WHERE extension_name = ?")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next() || !rows.getBoolean(1)) {
                    return label + " extension: not installed (duckmirror installs it on first use)";
                }
                String from = rows.getString(3);
                return label + " extension " + rows.getString(2)
                        + (from == null || from.isEmpty() ? "" : " (installed from " + from + ")");
            }
        }
    }
}

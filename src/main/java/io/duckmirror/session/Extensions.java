package io.duckmirror.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Makes DuckDB's postgres and motherduck extensions available, from DuckDB's repository or an offline
 * one (DUCKDB_EXTENSION_REPOSITORY). Signature checks stay on: DuckDB's signed builds load from any
 * repository.
 */
final class Extensions {
    private Extensions() {
    }

    static void loadPostgres(Connection connection, Optional<String> repository) {
        try {
            // Already installed, from whichever repository: use it. A plain INSTALL ... FROM would
            // refuse a copy whose recorded origin differs.
            Session.execute(connection, "LOAD postgres");
            return;
        } catch (SQLException notInstalled) {
            // install it below
        }
        try {
            install(connection, "postgres", repository);
            Session.execute(connection, "LOAD postgres");
        } catch (SQLException e) {
            throw notInstalled(connection, "postgres", "postgres_scanner", repository, e);
        }
    }

    /**
     * Installs the motherduck extension unless some copy of it is installed; does not load it. Loading
     * it contacts api.motherduck.com at once, so "LOAD, and install if that fails" would take a network
     * failure for a missing extension and reinstall; the catalog says whether it is installed without
     * loading. Opening {@code md:} then loads this copy instead of downloading one.
     */
    static void installMotherDuck(Connection connection, Optional<String> repository) {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT installed FROM duckdb_extensions() WHERE extension_name = 'motherduck'");
                ResultSet rows = statement.executeQuery()) {
            if (rows.next() && rows.getBoolean(1)) {
                return;
            }
        } catch (SQLException e) {
            throw notInstalled(connection, "motherduck", "motherduck", repository, e);
        }
        try {
            install(connection, "motherduck", repository);
        } catch (SQLException e) {
            throw notInstalled(connection, "motherduck", "motherduck", repository, e);
        }
    }

    private static void install(Connection connection, String name, Optional<String> repository) throws SQLException {
        Session.execute(connection, "FORCE INSTALL " + name + repository.map(r -> " FROM " + Sql.literal(r)).orElse(""));
    }

    private static UnreachableException notInstalled(Connection connection, String name, String file,
            Optional<String> repository, SQLException e) {
        return new UnreachableException("could not install the DuckDB " + name + " extension from "
                + repository.orElse("DuckDB's extension repository") + ": " + Failures.firstLine(e)
                + " (offline, set DUCKDB_EXTENSION_REPOSITORY to a directory holding " + version(connection)
                + "/<platform>/" + file + ".duckdb_extension; see docs/offline-extensions.md)", false, e);
    }

    /**
     * The running DuckDB's version as its extension repositories spell it ({@code v1.5.5}): asked of
     * DuckDB, so the version is written only in pom.xml.
     */
    static String version(Connection connection) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT library_version FROM pragma_version()");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            return "v<DuckDB version>";
        }
    }
}

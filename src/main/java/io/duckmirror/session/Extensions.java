package io.duckmirror.session;

import java.sql.SQLException;
import java.sql.Connection;
import java.util.Optional;

/** Makes the DuckDB postgres extension available, from DuckDB's repository or an offline one. */
final class Extensions {
    static final String DUCKDB_VERSION = "v1.5.5";

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
        // Signature checks stay on: DuckDB's signed build loads from any repository.
        String install = "FORCE INSTALL postgres" + repository.map(r -> " FROM " + Sql.literal(r)).orElse("");
        try {
            Session.execute(connection, install);
            Session.execute(connection, "LOAD postgres");
        } catch (SQLException e) {
            throw new UnreachableException("could not install the DuckDB postgres extension from "
                    + repository.orElse("DuckDB's extension repository") + ": " + Failures.firstLine(e)
                    + " (offline, set DUCKDB_EXTENSION_REPOSITORY to a directory holding " + DUCKDB_VERSION
                    + "/<platform>/postgres_scanner.duckdb_extension; see the README)", false, e);
        }
    }
}

// Fills the TPC-H tables that bench/tpch-schema.sql created in PostgreSQL: generates them with DuckDB's
// tpch extension in an in-memory DuckDB, then writes them through DuckDB's postgres extension (binary
// COPY). Run as a single-file program with DuckDB's JDBC driver on the class path:
//
//   java --enable-native-access=ALL-UNNAMED -cp duckdb_jdbc.jar bench/LoadTpch.java \
//        EXTENSION_REPOSITORY EXTENSION_DIRECTORY 'host=... port=... user=... dbname=...' [SCALE_FACTOR]
//
// EXTENSION_DIRECTORY is where DuckDB installs the extensions: a private one, because the shared
// ~/.duckdb may hold copies from another repository, which a plain INSTALL ... FROM refuses to replace.
// The password comes from PGPASSWORD in the environment (libpq reads it), so it never appears in SQL.

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

public class LoadTpch {
    // Largest first, so a failure in the long one shows early.
    static final List<String> TABLES =
            List.of("lineitem", "orders", "partsupp", "part", "customer", "supplier", "nation", "region");

    public static void main(String[] args) throws SQLException {
        if (args.length < 3) {
            System.err.println("usage: LoadTpch EXTENSION_REPOSITORY EXTENSION_DIRECTORY CONNINFO [SCALE_FACTOR]");
            System.exit(2);
        }
        String repository = args[0];
        String installed = args[1];
        String conninfo = args[2];
        String scale = args.length > 3 ? args[3] : "1";
        if (System.getenv("PGPASSWORD") == null) {
            System.err.println("LoadTpch: set PGPASSWORD");
            System.exit(2);
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = duck.createStatement()) {
            sql.execute("SET extension_directory = " + literal(installed));
            for (String extension : List.of("tpch", "postgres")) {
                sql.execute("INSTALL " + extension + " FROM " + literal(repository));
                sql.execute("LOAD " + extension);
            }
            long start = System.nanoTime();
            sql.execute("CALL dbgen(sf = " + Double.parseDouble(scale) + ")");
            log("generated TPC-H SF" + scale + " in DuckDB", start);
            sql.execute("ATTACH " + literal(conninfo) + " AS pg (TYPE postgres)");
            for (String table : TABLES) {
                start = System.nanoTime();
                // BY NAME: match columns by name, so the PostgreSQL DDL's column order does not matter.
                long rows = sql.executeUpdate("INSERT INTO pg.public." + table + " BY NAME SELECT * FROM " + table);
                log("wrote " + rows + " rows into public." + table, start);
                sql.execute("DROP TABLE " + table); // frees its memory before the next one
            }
        }
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static void log(String what, long startNanos) {
        System.err.printf("LoadTpch: %s (%.1f s)%n", what, (System.nanoTime() - startNanos) / 1e9);
    }
}

// Prints the total number of rows in one schema of a DuckDB file, so the benchmark can check that the
// mirror it timed holds every source row. Run as a single-file program with DuckDB's JDBC driver:
//
//   java --enable-native-access=ALL-UNNAMED -cp duckdb_jdbc.jar bench/CountRows.java FILE SCHEMA

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

public class CountRows {
    public static void main(String[] args) throws SQLException {
        if (args.length != 2) {
            System.err.println("usage: CountRows FILE SCHEMA");
            System.exit(2);
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + args[0], readOnly);
                Statement sql = duck.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery("SELECT table_name FROM duckdb_tables() "
                    + "WHERE database_name = current_database() AND schema_name = " + literal(args[1]))) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            long total = 0;
            for (String table : tables) {
                try (ResultSet rows = sql.executeQuery(
                        "SELECT count(*) FROM " + identifier(args[1]) + "." + identifier(table))) {
                    rows.next();
                    total += rows.getLong(1);
                }
            }
            System.out.println(tables.size() + " " + total);
        }
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}

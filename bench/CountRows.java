// Prints the number of tables and their total rows in some schemas of a DuckDB file, so the benchmark
// can check that a mirror it timed holds every source row. Run as a single-file program with DuckDB's
// JDBC driver:
//
//   java --enable-native-access=ALL-UNNAMED -cp duckdb_jdbc.jar bench/CountRows.java FILE SCHEMA...

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
        if (args.length < 2) {
            System.err.println("usage: CountRows FILE SCHEMA...");
            System.exit(2);
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + args[0], readOnly);
                Statement sql = duck.createStatement()) {
            List<String> schemas = List.of(args).subList(1, args.length);
            List<String> tables = new ArrayList<>(); // qualified, quoted
            try (ResultSet rows = sql.executeQuery("SELECT schema_name, table_name FROM duckdb_tables() "
                    + "WHERE database_name = current_database() AND schema_name IN ("
                    + String.join(", ", schemas.stream().map(CountRows::literal).toList()) + ")")) {
                while (rows.next()) {
                    tables.add(identifier(rows.getString(1)) + "." + identifier(rows.getString(2)));
                }
            }
            long total = 0;
            for (String table : tables) {
                try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM " + table)) {
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

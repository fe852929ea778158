package io.duckmirror.session;

import java.util.List;
import java.util.Locale;

/**
 * Tells transient failures (worth another attempt on a fresh connection) from permanent ones (a
 * missing table, a permission, a type that cannot be converted), from the text DuckDB, the postgres
 * extension, libpq and MotherDuck put in their errors: none of them reaches JDBC with a SQLSTATE.
 */
public final class Failures {
    private static final List<String> TRANSIENT = List.of(
            "server closed the connection",
            "terminating connection",
            "connection refused",
            "could not connect",
            "connection timed out",
            "connection reset",
            "no connection to the server",
            "could not receive data",
            "could not send data",
            "lost synchronization with server",
            "the database system is starting up",
            "the database system is shutting down",
            "the database system is in recovery mode",
            "the database system is not yet accepting connections",
            "too many connections",
            "remaining connection slots are reserved",
            "ssl syscall error",
            "eof detected",
            "canceling statement due to statement timeout",
            "canceling statement due to conflict with recovery",
            "could not serialize access",
            "deadlock detected",
            "timed out",
            "timeout",
            "temporarily unavailable",
            "service unavailable",
            "http 502", "http 503", "http 504",
            "network is unreachable",
            "broken pipe");

    private static final String JDBC_WRAPPER = "Attempting to execute an unsuccessful or closed pending query result";

    private Failures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (TRANSIENT.stream().anyMatch(message::contains)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The line of a failure's message that says what went wrong. DuckDB's JDBC driver puts the real
     * error on the line after a generic "unsuccessful or closed pending query result" line.
     */
    public static String firstLine(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.contains(JDBC_WRAPPER))
                .map(line -> line.startsWith("Error: ") ? line.substring("Error: ".length()) : line)
                .findFirst().orElse(message.strip());
    }
}

package io.duckmirror.session;

import io.duckmirror.config.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells transient failures (worth another attempt on a fresh connection) from permanent ones (a
 * missing table, a permission, a type that cannot be converted, a bad token), from the text DuckDB,
 * the postgres extension, libpq and MotherDuck put in their errors: none of them reaches JDBC with a
 * SQLSTATE. Each pattern is a message those sources really produce; TransientErrorsTest names the
 * source of each. A bare "timeout" is not one: it also matches permanent errors that merely name a
 * setting such as statement_timeout.
 */
public final class Failures {
    /** Matched case-insensitively. */
    private static final List<String> TRANSIENT = List.of(
            // libpq and PostgreSQL
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
            "too many clients already",
            "remaining connection slots are reserved",
            "ssl syscall error",
            "eof detected",
            "canceling statement due to statement timeout",
            "canceling statement due to conflict with recovery",
            "could not serialize access",
            "deadlock detected",
            "operation timed out",
            "timeout expired",
            "network is unreachable",
            "broken pipe",
            // DuckDB: concurrent writers creating the same catalog entry (CREATE SCHEMA IF NOT EXISTS,
            // the audit table's CREATE/ALTER); one wins, the others succeed when they try again.
            "write-write conflict",
            // DuckDB's HTTP client (the motherduck extension's downloads and API calls)
            "could not establish connection",
            "timeout was reached",
            // MotherDuck
            "could not connect to motherduck",
            "temporarily unavailable",
            "service unavailable",
            "too many requests",
            "http 429", "http 502", "http 503", "http 504");

    /** gRPC status codes MotherDuck reports in upper case; matched as written, so "unavailable" prose is not. */
    private static final List<String> TRANSIENT_CODES = List.of("UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED");

    /**
     * Wins over a transient match: trying again cannot fix a bad or expired token, a quota or a
     * missing permission, whatever else the message says.
     */
    private static final List<String> PERMANENT = List.of(
            "not authenticated",
            "unauthenticated",
            "token",
            "quota",
            "permission",
            "password authentication failed");

    /**
     * libpq's and PostgreSQL's words for a source that answered and refused the credentials, the
     * database or the encryption, and the settings to fix: a configuration error, never retried
     * (retrying can lock the account).
     */
    private static final Map<Pattern, String> REFUSALS = refusals();

    private static Map<Pattern, String> refusals() {
        String user = "check pg_USER or PGUSER";
        String ssl = "the server does not offer SSL: check pg_SSLMODE or PGSSLMODE";
        String certificate = "check pg_SSLMODE or PGSSLMODE, and PGSSLROOTCERT";
        Map<Pattern, String> refusals = new LinkedHashMap<>();
        Map.<String, String> ofEntries(
                Map.entry("no password supplied", "set pg_PASSWORD or PGPASSWORD"),
                Map.entry("password authentication failed", "check pg_PASSWORD or PGPASSWORD, and pg_USER or PGUSER"),
                Map.entry("role \".*\" does not exist", user),
                Map.entry("(peer|ident) authentication failed", user),
                Map.entry("is not permitted to log in", user),
                Map.entry("database \".*\" does not exist", "check pg_DATABASE or PGDATABASE"),
                Map.entry("no pg_hba\\.conf entry", "the server's pg_hba.conf admits no such connection: check"
                        + " pg_HOST, pg_USER, pg_DATABASE and pg_SSLMODE (or their PG names), or ask its administrator"),
                Map.entry("pg_hba\\.conf rejects connection", "the server's pg_hba.conf rejects this connection:"
                        + " check pg_HOST, pg_USER and pg_DATABASE (or their PG names), or ask its administrator"),
                Map.entry("server does not support ssl", ssl),
                Map.entry("ssl is not enabled on the server", ssl),
                Map.entry("certificate verify failed", certificate),
                Map.entry("root certificate file", certificate))
                .forEach((pattern, fix) -> refusals.put(Pattern.compile(pattern, Pattern.CASE_INSENSITIVE), fix));
        return refusals;
    }

    private static final String JDBC_WRAPPER = "Attempting to execute an unsuccessful or closed pending query result";

    private Failures() {
    }

    public static boolean isTransient(Throwable failure) {
        boolean transientMatch = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String raw = String.valueOf(t.getMessage());
            String message = raw.toLowerCase(Locale.ROOT);
            if (PERMANENT.stream().anyMatch(message::contains)) {
                return false;
            }
            transientMatch |= TRANSIENT.stream().anyMatch(message::contains)
                    || TRANSIENT_CODES.stream().anyMatch(raw::contains);
        }
        return transientMatch;
    }

    /**
     * What to fix when the source refused the connection itself (credentials, database, pg_hba,
     * sslmode), as opposed to not answering: empty for every other failure.
     */
    public static Optional<String> sourceRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            for (var refusal : REFUSALS.entrySet()) {
                if (refusal.getKey().matcher(message).find()) {
                    return Optional.of(refusal.getValue());
                }
            }
        }
        return Optional.empty();
    }

    /** The line that says what went wrong, without the settings' secrets: what may leave the process. */
    public static String redactedLine(Throwable failure, Settings settings) {
        return settings.redact(firstLine(failure));
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

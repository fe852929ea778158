package io.duckmirror.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The PostgreSQL source. Unset values fall through to libpq's own defaults and environment. The
 * password is kept apart: it never enters the connection string (see session.Connector).
 *
 * @param statementTimeout how long one statement may run on the source before PostgreSQL cancels it,
 *        which duckmirror then retries as a transient failure; empty: no limit
 */
public record Source(
        Optional<String> host,
        OptionalInt port,
        Optional<String> database,
        Optional<String> user,
        Optional<Secret> password,
        String sslmode,
        Optional<Duration> statementTimeout) {

    public static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /** A libpq connection string of everything but the password. */
    public String connectionString() {
        List<String> parts = new ArrayList<>();
        host.ifPresent(h -> parts.add(keyword("host", h)));
        port.ifPresent(p -> parts.add(keyword("port", Integer.toString(p))));
        database.ifPresent(d -> parts.add(keyword("dbname", d)));
        user.ifPresent(u -> parts.add(keyword("user", u)));
        parts.add(keyword("sslmode", sslmode));
        // On every connection the extension opens: its own pg_statement_timeout_millis setting reaches
        // only the extra connections of a parallel scan, not the one the copy starts on.
        statementTimeout.ifPresent(t -> parts.add(keyword("options", "-c statement_timeout=" + t.toMillis())));
        // Lets a DBA tell the mirror's sessions apart in pg_stat_activity.
        parts.add(keyword("application_name", "duckmirror"));
        return String.join(" ", parts);
    }

    /** For logs: host, port, database and user, never the password. */
    public String describe() {
        return "%s:%s/%s as %s".formatted(
                host.orElse("(libpq default host)"),
                port.isPresent() ? Integer.toString(port.getAsInt()) : "5432",
                database.orElse("(default database)"),
                user.orElse("(default user)"));
    }

    // libpq quoting: single quotes around the value, backslash before ' and \.
    private static String keyword(String key, String value) {
        return key + "='" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}

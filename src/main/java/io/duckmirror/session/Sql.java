package io.duckmirror.session;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The one place identifiers and literals are quoted for SQL text. Values are bound, never inlined. */
public final class Sql {
    private Sql() {
    }

    /** A double-quoted identifier with embedded quotes doubled: safe for any name. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Quoted identifiers joined by dots: {@code "db"."schema"."table"}. */
    public static String qualified(String... identifiers) {
        return Arrays.stream(identifiers).map(Sql::quote).collect(Collectors.joining("."));
    }

    /** A single-quoted string literal, for the few places DuckDB takes no parameters (ATTACH, postgres_query). */
    public static String literal(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }
}

package io.duckmirror.config;

import java.util.Locale;

/**
 * Which views a run mirrors besides the tables (INCLUDE_VIEWS). None by default, as the reference
 * flight: a view's rows are another table's, and a costly view is read in full on every run.
 */
public enum IncludeViews {
    NONE,
    /** Materialized views: stored like tables, read as cheaply. */
    MATERIALIZED,
    /** Views and materialized views: each view's query runs on the source once per run. */
    ALL;

    public static final String SETTING = "INCLUDE_VIEWS";

    public boolean views() {
        return this == ALL;
    }

    public boolean materializedViews() {
        return this != NONE;
    }

    static IncludeViews parse(String raw) {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "materialized" -> MATERIALIZED;
            case "all" -> ALL;
            default -> throw new ConfigurationException(SETTING, "'" + raw + "' is not none, materialized or all");
        };
    }
}

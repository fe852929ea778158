package io.duckmirror.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What becomes of a numeric column DuckDB's DECIMAL cannot hold (no precision, more than 38 digits, a
 * negative scale). Every choice is recorded: plan shows it and the audit row keeps it.
 */
public enum NumericPolicy {
    /** DOUBLE, as the postgres extension reads it and the reference flight mirrors it: lossy. */
    DOUBLE,
    /** DECIMAL(38, s): exact for values that fit; a value that does not fails the table, clearly. */
    DECIMAL,
    /** VARCHAR holding PostgreSQL's text of the value: always exact. */
    VARCHAR;

    public static final String SETTING = "NUMERIC_POLICY";

    static NumericPolicy parse(String raw) {
        try {
            return valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(SETTING, "'" + raw + "' is not one of "
                    + Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }
}

package io.duckmirror.config;

import java.util.Locale;

/** How the tables of one run relate in time (SNAPSHOT, --snapshot). */
public enum SnapshotMode {
    /**
     * Each table from its own PostgreSQL snapshot and swapped on its own, as the reference does; a
     * group of small tables (TABLES_PER_COMMIT) shares one snapshot and one commit.
     */
    TABLE,
    /**
     * Every table from one PostgreSQL snapshot, all swapped in one DuckDB transaction: readers of the
     * target see the whole previous mirror or the whole new one, and what held in the source at one
     * moment holds in the mirror. All or nothing.
     */
    CONSISTENT;

    public static final String SETTING = "SNAPSHOT";

    static SnapshotMode parse(String raw) {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "table" -> TABLE;
            case "consistent" -> CONSISTENT;
            default -> throw new ConfigurationException(SETTING, "'" + raw + "' is not table or consistent");
        };
    }
}

package io.duckmirror;

import java.util.Comparator;
import java.util.Locale;

/** A table by schema and name, exactly as PostgreSQL spells them. */
public record TableRef(String schema, String table) implements Comparable<TableRef> {

    private static final Comparator<TableRef> ORDER =
            Comparator.comparing(TableRef::schema).thenComparing(TableRef::table);

    /** DuckDB resolves names case-insensitively: two refs with the same key land on the same table. */
    public String duckdbKey() {
        return schema.toLowerCase(Locale.ROOT) + "." + table.toLowerCase(Locale.ROOT);
    }

    @Override
    public int compareTo(TableRef other) {
        return ORDER.compare(this, other);
    }

    /** {@code schema.table}, the reference's spelling, for logs and gates. */
    @Override
    public String toString() {
        return schema + "." + table;
    }
}

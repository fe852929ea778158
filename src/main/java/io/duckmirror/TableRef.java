package io.duckmirror;

import java.util.Comparator;

/** A table by schema and name, exactly as PostgreSQL spells them. */
public record TableRef(String schema, String table) implements Comparable<TableRef> {

    private static final Comparator<TableRef> ORDER = Comparator.comparing(TableRef::schema).thenComparing(TableRef::table);

    /**
     * DuckDB resolves names case-insensitively, folding ASCII letters only: two refs with the same key
     * land on the same table ("Émile" and "émile" do not collide there; "Plain" and "plain" do).
     */
    public String duckdbKey() {
        return foldAscii(schema) + "." + foldAscii(table);
    }

    private static String foldAscii(String name) {
        StringBuilder folded = new StringBuilder(name.length());
        name.chars().forEach(c -> folded.append((char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)));
        return folded.toString();
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

package io.duckmirror.config;

import io.duckmirror.TableRef;
import java.util.Set;

/**
 * The reference flight's two gates: a table is mirrored only if its schema passes the schema gate and
 * its {@code schema.table} passes the table gate. Excludes win at every level, and system schemas are
 * always out. Empty include sets mean "everything".
 */
public record Selection(
        Set<String> includedSchemas,
        Set<String> excludedSchemas,
        Set<TableRef> includedTables,
        Set<TableRef> excludedTables) {

    public static final Selection ALL = new Selection(Set.of(), Set.of(), Set.of(), Set.of());

    public Selection {
        includedSchemas = Set.copyOf(includedSchemas);
        excludedSchemas = Set.copyOf(excludedSchemas);
        includedTables = Set.copyOf(includedTables);
        excludedTables = Set.copyOf(excludedTables);
    }

    public boolean admits(TableRef table) {
        return admitsSchema(table.schema())
                && (includedTables.isEmpty() || includedTables.contains(table))
                && !excludedTables.contains(table);
    }

    /** The schema gate alone. */
    public boolean admitsSchema(String schema) {
        return !isSystemSchema(schema)
                && (includedSchemas.isEmpty() || includedSchemas.contains(schema))
                && !excludedSchemas.contains(schema);
    }

    public static boolean isSystemSchema(String schema) {
        return schema.equals("information_schema")
                || schema.equals("pg_catalog")
                || schema.startsWith("pg_toast")
                || schema.startsWith("pg_temp");
    }
}

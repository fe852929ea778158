package io.duckmirror.plan;

import io.duckmirror.TableRef;
import io.duckmirror.audit.AuditLog;
import io.duckmirror.config.NumericPolicy;
import io.duckmirror.config.Selection;
import io.duckmirror.session.Failures;
import io.duckmirror.session.Session;
import io.duckmirror.session.UnreachableException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Discovers the source's tables and applies the selection gates. */
public final class TableDiscovery {

    /**
     * Ordinary and partitioned tables, but not partitions: a partitioned table is read once through its
     * parent. Views, materialized views and foreign tables are not tables to mirror. With each, its
     * size in pages as of the last VACUUM or ANALYZE (a partitioned table's: its partitions'), which
     * costs nothing to read and is enough to balance tasks.
     */
    private static final String DISCOVER = """
            SELECT n.nspname, c.relname,
                   CASE WHEN c.relkind = 'p'
                        THEN (SELECT coalesce(sum(greatest(p.relpages, 0)), 0)::bigint FROM pg_catalog.pg_inherits i
                              JOIN pg_catalog.pg_class p ON p.oid = i.inhrelid WHERE i.inhparent = c.oid)
                        ELSE greatest(c.relpages, 0)::bigint END
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND n.nspname NOT IN ('information_schema', 'pg_catalog')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'""";

    private TableDiscovery() {
    }

    public static Plan plan(Session session, Selection selection, NumericPolicy numericPolicy, boolean nanCheck) {
        Map<TableRef, Long> pages = discover(session);
        List<TableRef> discovered = List.copyOf(pages.keySet());
        List<TableRef> selected = discovered.stream().filter(selection::admits).toList();
        List<Plan.Refusal> refused = new ArrayList<>();
        List<TableRef> tables = new ArrayList<>();
        Map<String, List<TableRef>> byDuckdbName = selected.stream().collect(Collectors.groupingBy(TableRef::duckdbKey));
        for (TableRef table : selected) {
            List<TableRef> sameName = byDuckdbName.get(table.duckdbKey());
            if (AuditLog.TABLE_KEYS.contains(table.duckdbKey())) {
                refused.add(new Plan.Refusal(table, "it would replace the audit table "
                        + table.duckdbKey() + "; exclude it or rename it"));
            } else if (sameName.size() > 1) {
                refused.add(new Plan.Refusal(table, "its name differs only by case from "
                        + sameName.stream().filter(t -> !t.equals(table)).map(TableRef::toString)
                                .collect(Collectors.joining(", "))
                        + ", and DuckDB names are case-insensitive: neither is mirrored, so neither overwrites the other"));
            } else {
                tables.add(table);
            }
        }
        return new Plan(tables, refused, unmatched(selection, discovered),
                ReadPlanner.plan(session, tables, numericPolicy, nanCheck), pages);
    }

    /** The source's tables in order, each with its size in pages. */
    private static Map<TableRef, Long> discover(Session session) {
        String query = Session.sourceQuery(DISCOVER);
        var tables = new TreeMap<TableRef, Long>();
        try (PreparedStatement statement = session.prepare(query);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                tables.put(new TableRef(rows.getString(1), rows.getString(2)), rows.getLong(3));
            }
        } catch (SQLException e) {
            throw new UnreachableException("could not list the source's tables: " + Failures.firstLine(e),
                    Failures.isTransient(e), e);
        }
        return tables;
    }

    /** An include entry that matches nothing is most likely a typo: say so, but it is not an error. */
    private static List<String> unmatched(Selection selection, List<TableRef> discovered) {
        List<String> warnings = new ArrayList<>();
        selection.includedSchemas().stream().sorted()
                .filter(s -> discovered.stream().noneMatch(t -> t.schema().equals(s)))
                .forEach(s -> warnings.add("INCLUDED_SCHEMAS: schema " + s + " has no tables in the source"));
        // By spelling: a literal entry with several dots stands for each of its splits.
        selection.includedTables().stream().map(TableRef::toString).distinct().sorted()
                .filter(t -> discovered.stream().noneMatch(d -> d.toString().equals(t)))
                .forEach(t -> warnings.add("INCLUDED_TABLES: table " + t + " is not in the source"));
        return warnings;
    }
}

package io.duckmirror.plan;

import io.duckmirror.TableRef;
import io.duckmirror.audit.AuditLog;
import io.duckmirror.config.IncludeViews;
import io.duckmirror.config.NameList;
import io.duckmirror.config.Selection;
import io.duckmirror.config.Settings;
import io.duckmirror.session.Failures;
import io.duckmirror.session.Session;
import io.duckmirror.session.UnreachableException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Discovers the source's relations, decides which are tables to copy, and applies the selection gates. */
public final class TableDiscovery {

    /**
     * Every table, partition, view, materialized view and foreign table outside the system schemas,
     * with its kind, its number of columns, the table a partition belongs to, and its size in pages
     * as of the last VACUUM or ANALYZE (a partitioned table's: its partitions'), which costs nothing to
     * read and is enough to balance tasks.
     */
    private static final String DISCOVER = """
            SELECT n.nspname, c.relname, CASE WHEN c.relispartition THEN 'partition' ELSE c.relkind::text END AS kind,
                   CASE WHEN c.relkind = 'p'
                        THEN (SELECT coalesce(sum(greatest(p.relpages, 0)), 0)::bigint FROM pg_catalog.pg_inherits i
                              JOIN pg_catalog.pg_class p ON p.oid = i.inhrelid WHERE i.inhparent = c.oid)
                        ELSE greatest(c.relpages, 0)::bigint END AS pages,
                   (SELECT count(*) FROM pg_catalog.pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
                   pn.nspname AS parent_schema, pc.relname AS parent
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_catalog.pg_inherits pi ON c.relispartition AND pi.inhrelid = c.oid
            LEFT JOIN pg_catalog.pg_class pc ON pc.oid = pi.inhparent
            LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND n.nspname NOT IN ('information_schema', 'pg_catalog')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'""";

    /** What a relation is, as far as mirroring goes. */
    private enum Kind {
        /** Ordinary, partitioned, or an inheritance parent: a SELECT on it returns its children's rows too. */
        TABLE("r"),
        /** Read through the partitioned table it belongs to, never on its own. */
        PARTITION("partition"),
        VIEW("v"),
        MATERIALIZED_VIEW("m"),
        FOREIGN_TABLE("f");

        /** pg_class.relkind, or "partition" for a table that is one. */
        private final String relkind;

        Kind(String relkind) {
            this.relkind = relkind;
        }

        static Kind of(String relkind) {
            if (relkind.equals("p")) {
                return TABLE;
            }
            for (Kind kind : values()) {
                if (kind.relkind.equals(relkind)) {
                    return kind;
                }
            }
            throw new IllegalStateException("discovered a relation of kind " + relkind);
        }
    }

    /** @param partitionOf the table a partition is a partition of */
    private record Relation(Kind kind, long pages, int columns, Optional<TableRef> partitionOf) {
    }

    private TableDiscovery() {
    }

    public static Plan plan(Session session, Settings settings) {
        Map<TableRef, Relation> relations = discover(session);
        Selection selection = settings.selection();
        Map<TableRef, Long> pages = new TreeMap<>();
        relations.forEach((table, relation) -> {
            if (relation.kind() != Kind.PARTITION) {
                pages.put(table, relation.pages());
            }
        });
        List<Plan.Omission> skipped = new ArrayList<>();
        List<Plan.Omission> notMirrored = new ArrayList<>();
        List<TableRef> candidates = new ArrayList<>();
        relations.forEach((table, relation) -> {
            if (relation.kind() == Kind.PARTITION || !selection.admits(table)) {
                return;
            }
            Optional<String> unmirrored = notMirrored(relation.kind(), settings.includeViews());
            if (unmirrored.isPresent()) {
                notMirrored.add(new Plan.Omission(table, unmirrored.get()));
            } else if (relation.columns() == 0) {
                skipped.add(new Plan.Omission(table, "it has no columns, and a DuckDB table needs at least one"));
            } else {
                candidates.add(table);
            }
        });
        List<Plan.Omission> refused = new ArrayList<>();
        List<TableRef> tables = withoutClashes(candidates, refused);
        return new Plan(tables, refused, skipped, notMirrored, unmatched(selection, settings.includeViews(), relations),
                ReadPlanner.plan(session, tables, settings.numericPolicy(), settings.numericNanCheck()), pages);
    }

    /** The tables whose target name is theirs alone; the others go to {@code refused}, with the reason. */
    private static List<TableRef> withoutClashes(List<TableRef> candidates, List<Plan.Omission> refused) {
        List<TableRef> tables = new ArrayList<>();
        Map<String, List<TableRef>> byDuckdbName = candidates.stream()
                .collect(Collectors.groupingBy(TableRef::duckdbKey));
        for (TableRef table : candidates) {
            List<TableRef> sameName = byDuckdbName.get(table.duckdbKey());
            if (AuditLog.TABLE_KEYS.contains(table.duckdbKey())) {
                refused.add(new Plan.Omission(table, "it would replace the audit table "
                        + table.duckdbKey() + "; exclude it or rename it"));
            } else if (sameName.size() > 1) {
                refused.add(new Plan.Omission(table, "its name differs only by case from "
                        + sameName.stream().filter(t -> !t.equals(table)).map(TableRef::toString)
                                .collect(Collectors.joining(", "))
                        + ", and DuckDB names are case-insensitive: neither is mirrored, so neither overwrites the other"));
            } else {
                tables.add(table);
            }
        }
        return tables;
    }

    /** Why a relation of this kind is not mirrored under INCLUDE_VIEWS; empty for one that is. */
    private static Optional<String> notMirrored(Kind kind, IncludeViews includeViews) {
        return switch (kind) {
            case TABLE -> Optional.empty();
            case VIEW -> includeViews.views() ? Optional.empty()
                    : Optional.of("a view; views are not mirrored (INCLUDE_VIEWS=all mirrors them)");
            case MATERIALIZED_VIEW -> includeViews.materializedViews() ? Optional.empty()
                    : Optional.of("a materialized view; materialized views are not mirrored"
                            + " (INCLUDE_VIEWS=materialized or all mirrors them)");
            case FOREIGN_TABLE -> Optional.of("a foreign table; foreign tables are not mirrored");
            case PARTITION -> throw new IllegalArgumentException("a partition is read through its parent");
        };
    }

    /** The source's relations in order. */
    private static Map<TableRef, Relation> discover(Session session) {
        String query = Session.sourceQuery(DISCOVER);
        var relations = new TreeMap<TableRef, Relation>();
        try (PreparedStatement statement = session.prepare(query);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String parentSchema = rows.getString(6);
                Optional<TableRef> parent = Optional.ofNullable(rows.getString(7))
                        .map(name -> new TableRef(parentSchema, name));
                relations.put(new TableRef(rows.getString(1), rows.getString(2)),
                        new Relation(Kind.of(rows.getString(3)), rows.getLong(4), rows.getInt(5), parent));
            }
        } catch (SQLException e) {
            throw new UnreachableException("could not list the source's tables: " + Failures.firstLine(e),
                    Failures.isTransient(e), e);
        }
        return relations;
    }

    /**
     * An include entry that matches no table is most likely a typo, or names a relation that is not
     * mirrored: say which. It is not an error.
     */
    private static List<String> unmatched(Selection selection, IncludeViews includeViews,
            Map<TableRef, Relation> relations) {
        List<String> warnings = new ArrayList<>();
        selection.includedSchemas().stream().sorted()
                .filter(s -> relations.keySet().stream().noneMatch(t -> t.schema().equals(s)))
                .forEach(s -> warnings.add("INCLUDED_SCHEMAS: schema " + s + " has no tables in the source"));
        // By spelling: a literal entry with several dots stands for each of its splits.
        for (String name : selection.includedTables().stream().map(TableRef::toString).distinct().sorted().toList()) {
            Map<TableRef, Relation> matches = new LinkedHashMap<>();
            relations.forEach((table, relation) -> {
                if (table.toString().equals(name)) {
                    matches.put(table, relation);
                }
            });
            if (matches.isEmpty()) {
                warnings.add("INCLUDED_TABLES: table " + name + " is not in the source");
            }
            matches.forEach((table, relation) -> {
                Optional<String> why = relation.kind() == Kind.PARTITION
                        ? Optional.of(partition(table, relation, selection, relations))
                        : notMirrored(relation.kind(), includeViews);
                why.ifPresent(w -> warnings.add("INCLUDED_TABLES: table " + NameList.format(table) + " is " + w));
            });
        }
        return warnings;
    }

    /** Where a partition's rows go: into the table at the root of its tree, if that is selected. */
    private static String partition(TableRef table, Relation relation, Selection selection,
            Map<TableRef, Relation> relations) {
        TableRef root = table;
        for (Relation r = relation; r != null && r.partitionOf().isPresent(); r = relations.get(root)) {
            root = r.partitionOf().get();
        }
        String parent = NameList.format(root);
        return selection.admits(root) ? "a partition of " + parent + "; its parent is mirrored, with its rows"
                : "a partition of " + parent + ", which is not selected; include " + parent + " to mirror its rows";
    }
}

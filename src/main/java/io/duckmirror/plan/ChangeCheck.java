package io.duckmirror.plan;

import io.duckmirror.TableRef;
import io.duckmirror.audit.AuditLog;
import io.duckmirror.config.NumericPolicy;
import io.duckmirror.session.Session;
import io.duckmirror.session.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a plan's {@link Changes}: the tables' fingerprints from the source's catalog, in one query
 * that scans no table; the fingerprints recorded with their last copies; and, for those that match,
 * that the target still holds each mirror with the rows recorded. Runs before any table is copied: a
 * write committed after this read then shows at the next run (see docs/skip-unchanged.md).
 */
final class ChangeCheck {
    /**
     * Per named table: its columns (names, types, typmods, order, dropped ones), and the file node and
     * tuple counters of each relation its SELECT reads (itself, its partitions and inheritance
     * children, at any depth); with the facts that say whether the counters can be trusted.
     */
    private static final String FINGERPRINTS = """
            WITH RECURSIVE named (name, oid) AS (
                SELECT name, to_regclass(name) FROM unnest(ARRAY[%s]::text[]) AS name
            ), read_from (root, rel) AS (
                SELECT oid, oid FROM named WHERE oid IS NOT NULL
                UNION
                SELECT r.root, i.inhrelid FROM read_from r JOIN pg_catalog.pg_inherits i ON i.inhparent = r.rel
            ), relations (root, relations) AS (
                SELECT f.root, string_agg(concat_ws(':', r.oid, r.relfilenode, pg_catalog.pg_stat_get_tuples_inserted(r.oid),
                           pg_catalog.pg_stat_get_tuples_updated(r.oid), pg_catalog.pg_stat_get_tuples_deleted(r.oid),
                           pg_catalog.pg_stat_get_tuples_hot_updated(r.oid)), ',' ORDER BY r.oid)
                FROM read_from f JOIN pg_catalog.pg_class r ON r.oid = f.rel GROUP BY f.root
            ), columns (rel, columns) AS (
                SELECT a.attrelid, string_agg(concat_ws(':', a.attnum, a.attname, a.atttypid, a.atttypmod, a.attisdropped),
                           ',' ORDER BY a.attnum)
                FROM pg_catalog.pg_attribute a JOIN named n ON n.oid = a.attrelid WHERE a.attnum > 0 GROUP BY a.attrelid
            ), server AS (
                SELECT d.oid::text AS database, extract(epoch FROM pg_postmaster_start_time())::text AS started,
                       coalesce(extract(epoch FROM s.stats_reset)::text, 'never') AS reset,
                       pg_is_in_recovery() AS standby, current_setting('track_counts') AS counting
                FROM pg_catalog.pg_database d JOIN pg_catalog.pg_stat_database s ON s.datid = d.oid
                WHERE d.datname = current_database()
            )
            SELECT n.name, c.relkind::text, md5(coalesce(k.columns, '') || '|' || coalesce(r.relations, '')),
                   server.database, server.started, server.reset, server.standby, server.counting
            FROM named n JOIN pg_catalog.pg_class c ON c.oid = n.oid
            LEFT JOIN columns k ON k.rel = n.oid LEFT JOIN relations r ON r.root = n.oid CROSS JOIN server""";
    /** Relations whose rows PostgreSQL counts: tables, partitioned tables, materialized views. */
    private static final Set<String> COUNTED = Set.of("r", "p", "m");

    private ChangeCheck() {
    }

    static Changes check(Session source, Optional<Session> target, Plan plan, NumericPolicy policy)
            throws SQLException {
        if (plan.tables().isEmpty()) {
            return Changes.NONE;
        }
        Read read = fingerprints(source, plan, policy);
        Map<TableRef, AuditLog.LastCopy> recorded = target.isPresent() ? AuditLog.lastCopies(target.get()) : Map.of();
        Map<TableRef, Changes.Change> changes = new LinkedHashMap<>();
        Map<TableRef, Changes.Unchanged> candidates = new LinkedHashMap<>();
        for (TableRef table : plan.tables()) {
            Optional<Fingerprint> current = read.fingerprints().get(table);
            if (read.untrusted().isPresent()) {
                changes.put(table, new Changes.Changed(read.untrusted().get(), Optional.empty()));
            } else if (current == null) {
                changes.put(table, new Changes.Changed("not found in the source's catalog", Optional.empty()));
            } else if (current.isEmpty()) {
                changes.put(table, new Changes.Changed("a view or foreign table: PostgreSQL counts no changes to it",
                        Optional.empty()));
            } else {
                Changes.Change change = compare(current.get(), recorded.get(table));
                changes.put(table, change);
                if (change instanceof Changes.Unchanged unchanged) {
                    candidates.put(table, unchanged);
                }
            }
        }
        // The fingerprint says the source did not change; the target must still hold what was copied.
        // A candidate has a recorded copy, so the target is there.
        Map<TableRef, Long> held = candidates.isEmpty() ? Map.of() : rowsHeld(target.orElseThrow(), candidates.keySet());
        candidates.forEach((table, unchanged) -> {
            Long rows = held.get(table);
            if (rows == null) {
                changes.put(table, new Changes.Changed("missing from the target", unchanged.fingerprint()));
            } else if (rows != unchanged.rows()) {
                changes.put(table, new Changes.Changed("the target holds " + rows + " rows, its last copy (run "
                        + unchanged.sinceRun() + ") " + unchanged.rows(), unchanged.fingerprint()));
            }
        });
        return new Changes(changes);
    }

    private static Changes.Change compare(Fingerprint current, AuditLog.LastCopy last) {
        if (last == null) {
            return new Changes.Changed("no copy recorded in the audit table", Optional.of(current));
        }
        Optional<Fingerprint> recorded = last.fingerprint().flatMap(Fingerprint::decode);
        if (recorded.isEmpty() || last.rows().isEmpty()) {
            return new Changes.Changed("its last copy (run " + last.runId() + ") recorded no fingerprint",
                    Optional.of(current));
        }
        return current
                .changedSince(recorded.get(), last.runId()).<Changes.Change> map(
                        why -> new Changes.Changed(why, Optional.of(current)))
                .orElseGet(() -> new Changes.Unchanged(current, last.runId(), last.rows().getAsLong()));
    }

    /**
     * Each named table's fingerprint, empty for a relation PostgreSQL counts no changes to, absent for
     * one that is gone; and why no counter can be trusted, if so.
     */
    private record Read(Map<TableRef, Optional<Fingerprint>> fingerprints, Optional<String> untrusted) {
    }

    private static Read fingerprints(Session source, Plan plan, NumericPolicy policy) throws SQLException {
        // to_regclass parses the same double-quoted form DuckDB's identifiers take.
        Map<String, TableRef> byName = plan.tables().stream()
                .collect(Collectors.toMap(t -> Sql.qualified(t.schema(), t.table()), Function.identity()));
        String names = byName.keySet().stream().map(Sql::literal).collect(Collectors.joining(", "));
        Map<TableRef, Optional<Fingerprint>> fingerprints = new HashMap<>();
        Optional<String> untrusted = Optional.empty();
        try (PreparedStatement statement = source.prepare(Session.sourceQuery(FINGERPRINTS.formatted(names)));
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                TableRef table = byName.get(rows.getString(1));
                boolean counted = COUNTED.contains(rows.getString(2));
                fingerprints.put(table, counted ? Optional.of(new Fingerprint(rows.getString(4), rows.getString(5),
                        rows.getString(6), Fingerprint.output(policy.name(), plan.read(table)), rows.getString(3)))
                        : Optional.empty());
                if (rows.getBoolean(7)) {
                    untrusted = Optional.of("the source is a standby, where replay counts no changes");
                } else if (!rows.getString(8).equals("on")) {
                    untrusted = Optional.of("the source does not count changes (track_counts is off)");
                }
            }
        }
        return new Read(fingerprints, untrusted);
    }

    /** How many rows each of these tables holds in the target; absent: the target has no such table. */
    private static Map<TableRef, Long> rowsHeld(Session target, Set<TableRef> tables) throws SQLException {
        Map<String, TableRef> byKey = tables.stream().collect(Collectors.toMap(TableRef::duckdbKey, Function.identity()));
        List<TableRef> present;
        try (PreparedStatement statement = target.prepare(
                "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ?")) {
            statement.setString(1, target.targetDatabase());
            try (ResultSet rows = statement.executeQuery()) {
                present = new ArrayList<>();
                while (rows.next()) {
                    TableRef table = byKey.get(new TableRef(rows.getString(1), rows.getString(2)).duckdbKey());
                    if (table != null) {
                        present.add(table);
                    }
                }
            }
        }
        Map<TableRef, Long> held = new HashMap<>();
        if (present.isEmpty()) {
            return held;
        }
        String counts = present.stream().map(t -> "SELECT " + Sql.literal(t.duckdbKey()) + ", count(*) FROM "
                + Sql.qualified(target.targetDatabase(), t.schema(), t.table())).collect(Collectors.joining(" UNION ALL "));
        try (PreparedStatement statement = target.prepare(counts); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                held.put(byKey.get(rows.getString(1)), rows.getLong(2));
            }
        }
        return held;
    }
}

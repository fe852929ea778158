package io.duckmirror.plan;

import io.duckmirror.TableRef;
import io.duckmirror.config.ConfigurationException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a run will do: the tables to mirror, in order, and the selected tables it refuses to mirror,
 * each with the reason.
 *
 * @param discovered  how many tables the source has outside system schemas
 * @param warnings    selection entries that matched nothing, and similar hints
 * @param reads      how tables are read where that is not the plain native read, with the columns
 *                   whose values or types that changes: plan shows them, the audit row records them
 */
public record Plan(List<TableRef> tables, List<Refusal> refused, int discovered, List<String> warnings,
        Map<TableRef, TableRead> reads) {

    public record Refusal(TableRef table, String reason) {
    }

    public Plan {
        tables = List.copyOf(tables);
        refused = List.copyOf(refused);
        warnings = List.copyOf(warnings);
        reads = Map.copyOf(reads);
    }

    public TableRead read(TableRef table) {
        return reads.getOrDefault(table, TableRead.of(table));
    }

    public List<String> conversions(TableRef table) {
        return read(table).conversions();
    }

    /** The plan for only these tables, as {@code execute --table} asks; each must be in this plan. */
    public Plan restrictedTo(Set<TableRef> only) {
        // By spelling: a literal entry with several dots stands for each of its splits.
        for (String name : only.stream().map(TableRef::toString).distinct().toList()) {
            if (Stream.concat(tables.stream(), refused.stream().map(Refusal::table)).noneMatch(t -> t.toString().equals(name))) {
                throw new ConfigurationException("--table", name + " is not in the plan (no such table, or not selected)");
            }
        }
        return new Plan(tables.stream().filter(only::contains).toList(),
                refused.stream().filter(r -> only.contains(r.table())).toList(), discovered, warnings, reads);
    }
}

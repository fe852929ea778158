package io.duckmirror.plan;

import io.duckmirror.TableRef;
import io.duckmirror.config.ConfigurationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a run will do: the tables to mirror, in order, and the selected relations it does not copy,
 * each with the reason.
 *
 * @param refused tables not mirrored by design (a name clash): each run records them as refused
 * @param skipped tables with nothing DuckDB can hold (no columns): each run records them as skipped
 * @param notMirrored views, materialized views and foreign tables that INCLUDE_VIEWS leaves out:
 *        plan lists them, a run does not record them, as the reference never saw them
 * @param warnings selection entries that matched nothing, and similar hints
 * @param reads how tables are read where that is not the plain native read, with the columns
 *        whose values or types that changes: plan shows them, the audit row records them
 * @param pages each discovered relation's size in PostgreSQL pages, as its statistics last counted
 *        (partitions are counted in their parent)
 */
public record Plan(List<TableRef> tables, List<Omission> refused, List<Omission> skipped, List<Omission> notMirrored,
        List<String> warnings, Map<TableRef, TableRead> reads, Map<TableRef, Long> pages) {

    /** A selected relation the plan does not copy, and why. */
    public record Omission(TableRef table, String reason) {
    }

    public Plan {
        tables = List.copyOf(tables);
        refused = List.copyOf(refused);
        skipped = List.copyOf(skipped);
        notMirrored = List.copyOf(notMirrored);
        warnings = List.copyOf(warnings);
        reads = Map.copyOf(reads);
        pages = Map.copyOf(pages);
    }

    /** How many tables and views the source has outside system schemas. */
    public int discovered() {
        return pages.size();
    }

    public TableRead read(TableRef table) {
        return reads.getOrDefault(table, TableRead.of(table));
    }

    public List<String> conversions(TableRef table) {
        return read(table).conversions();
    }

    /** Tables by their size in pages, biggest first, then by name: the order to hand out work in. */
    public static Comparator<TableRef> biggestFirst(Map<TableRef, Long> pages) {
        return Comparator.comparing((TableRef t) -> pages.getOrDefault(t, 0L)).reversed()
                .thenComparing(Comparator.naturalOrder());
    }

    /**
     * The planned tables as at most {@code maxTasks} tasks for an orchestrator to map over: one table
     * each when there are enough tasks, else groups of about equal size, biggest tables placed first,
     * each into the group with the least so far. Every planned table is in exactly one task.
     */
    public List<List<TableRef>> tasks(int maxTasks) {
        if (tables.size() <= maxTasks) {
            return tables.stream().map(List::of).toList();
        }
        List<List<TableRef>> groups = new ArrayList<>();
        long[] load = new long[maxTasks];
        for (int i = 0; i < maxTasks; i++) {
            groups.add(new ArrayList<>());
        }
        for (TableRef table : tables.stream().sorted(biggestFirst(pages)).toList()) {
            int least = 0;
            for (int i = 1; i < maxTasks; i++) {
                if (load[i] < load[least] || (load[i] == load[least] && groups.get(i).size() < groups.get(least).size())) {
                    least = i;
                }
            }
            groups.get(least).add(table);
            // A table counts as at least one page: many empty tables still spread over the tasks.
            load[least] += Math.max(1, pages.getOrDefault(table, 0L));
        }
        return groups.stream().map(group -> group.stream().sorted().toList()).toList();
    }

    /** The plan's tables among these, to copy: the others, and those it does not copy, are accounted for elsewhere. */
    public Plan copying(Collection<TableRef> some) {
        return new Plan(tables.stream().filter(some::contains).toList(), List.of(), List.of(), List.of(), warnings, reads,
                pages);
    }

    /**
     * The plan for only these tables, as {@code execute --table} asks; each must be one it copies,
     * refuses or skips.
     */
    public Plan restrictedTo(String option, Set<TableRef> only) {
        // By spelling: a literal entry with several dots stands for each of its splits.
        for (String name : only.stream().map(TableRef::toString).distinct().toList()) {
            if (Stream.of(tables.stream(), refused.stream().map(Omission::table), skipped.stream().map(Omission::table))
                    .flatMap(s -> s).noneMatch(t -> t.toString().equals(name))) {
                throw new ConfigurationException(option, name + " is not in the plan" + notMirrored.stream()
                        .filter(o -> o.table().toString().equals(name)).map(o -> ": it is " + o.reason()).findFirst()
                        .orElse(" (no such table, or not selected)"));
            }
        }
        return new Plan(tables.stream().filter(only::contains).toList(), only(refused, only), only(skipped, only),
                only(notMirrored, only), warnings, reads, pages);
    }

    private static List<Omission> only(List<Omission> omissions, Set<TableRef> only) {
        return omissions.stream().filter(o -> only.contains(o.table())).toList();
    }
}

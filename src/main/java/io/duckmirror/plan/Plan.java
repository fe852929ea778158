package io.duckmirror.plan;

import io.duckmirror.TableRef;
import java.util.List;
import java.util.Map;

/**
 * What a run will do: the tables to mirror, in order, and the selected tables it refuses to mirror,
 * each with the reason.
 *
 * @param discovered  how many tables the source has outside system schemas
 * @param warnings    selection entries that matched nothing, and similar hints
 * @param conversions per table, the columns whose values the copy changes (lossy numeric), so that
 *                    no loss is silent: plan shows them and the audit row records them
 */
public record Plan(List<TableRef> tables, List<Refusal> refused, int discovered, List<String> warnings,
        Map<TableRef, List<String>> conversions) {

    public record Refusal(TableRef table, String reason) {
    }

    public Plan {
        tables = List.copyOf(tables);
        refused = List.copyOf(refused);
        warnings = List.copyOf(warnings);
        conversions = Map.copyOf(conversions);
    }

    public List<String> conversions(TableRef table) {
        return conversions.getOrDefault(table, List.of());
    }
}

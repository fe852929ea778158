package io.duckmirror.plan;

import io.duckmirror.TableRef;
import java.util.List;

/**
 * What a run will do: the tables to mirror, in order, and the selected tables it refuses to mirror,
 * each with the reason.
 *
 * @param discovered how many tables the source has outside system schemas
 * @param warnings   selection entries that matched nothing, and similar hints
 */
public record Plan(List<TableRef> tables, List<Refusal> refused, int discovered, List<String> warnings) {

    public record Refusal(TableRef table, String reason) {
    }

    public Plan {
        tables = List.copyOf(tables);
        refused = List.copyOf(refused);
        warnings = List.copyOf(warnings);
    }
}

package io.duckmirror.plan;

import io.duckmirror.TableRef;
import io.duckmirror.session.Session;
import io.duckmirror.session.Sql;
import java.util.List;

/**
 * How one table is read: the query its {@code CREATE OR REPLACE TABLE ... AS} runs, and the columns
 * whose values or types that changes, for plan and the audit row.
 */
public record TableRead(String select, List<String> conversions) {

    public TableRead {
        conversions = List.copyOf(conversions);
    }

    /** The plain read: every column as the postgres extension maps it, scanned in parallel. */
    public static TableRead of(TableRef table) {
        return new TableRead("SELECT * FROM " + Sql.qualified(Session.SOURCE, table.schema(), table.table()), List.of());
    }
}

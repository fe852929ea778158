package io.duckmirror.plan;

import io.duckmirror.TableRef;
import io.duckmirror.audit.AuditLog;
import io.duckmirror.config.Selection;
import io.duckmirror.session.Session;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The target tables PRUNE=true drops: those duckmirror mirrored (its audit table says so) whose source
 * table is gone from a selected schema. A table someone else created, and a table still in the source
 * but now excluded by a gate, are kept: excluding is not deleting.
 */
public final class Prunes {
    private static final Logger LOG = Logger.getLogger(Prunes.class);

    private Prunes() {
    }

    /**
     * None when the source showed no table at all: a wrong database or an empty replica would
     * otherwise empty the mirror. {@code plan} and {@code run} both ask here, so what plan shows is
     * what a run drops.
     *
     * @throws SQLException when the target's audit table or catalog cannot be read
     */
    public static List<TableRef> find(Session target, Plan plan, Selection selection) throws SQLException {
        if (plan.discovered() == 0) {
            LOG.warn("PRUNE skipped: the source has no tables at all, which looks more like the wrong database than"
                    + " a source whose tables were all dropped");
            return List.of();
        }
        if (!AuditLog.exists(target)) {
            return List.of();
        }
        // DuckDB names are case-insensitive: a source table that lands on the same target table keeps it.
        Set<String> inSource = plan.pages().keySet().stream().map(TableRef::duckdbKey).collect(Collectors.toSet());
        Set<TableRef> prunes = new TreeSet<>();
        for (TableRef mirrored : mirroredAndPresent(target)) {
            if (selection.admitsSchema(mirrored.schema()) && !inSource.contains(mirrored.duckdbKey())
                    && !AuditLog.TABLE_KEYS.contains(mirrored.duckdbKey())) {
                prunes.add(mirrored);
            }
        }
        return List.copyOf(prunes);
    }

    /** The target tables that exist and that a duckmirror run recorded as mirrored there. */
    private static List<TableRef> mirroredAndPresent(Session target) throws SQLException {
        String query = "SELECT DISTINCT a.destination_schema, a.destination_table FROM " + AuditLog.qualified(target)
                + " a JOIN information_schema.tables t ON t.table_catalog = ? AND t.table_schema = a.destination_schema"
                + " AND t.table_name = a.destination_table AND t.table_type = 'BASE TABLE'"
                + " WHERE a.destination_database = ? AND a.status = 'succeeded'";
        try (PreparedStatement statement = target.prepare(query)) {
            statement.setString(1, target.targetDatabase());
            statement.setString(2, target.targetDatabase());
            try (ResultSet rows = statement.executeQuery()) {
                List<TableRef> tables = new java.util.ArrayList<>();
                while (rows.next()) {
                    tables.add(new TableRef(rows.getString(1), rows.getString(2)));
                }
                return tables;
            }
        }
    }
}

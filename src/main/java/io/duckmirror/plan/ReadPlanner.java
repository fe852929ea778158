package io.duckmirror.plan;

import io.duckmirror.TableRef;
import io.duckmirror.config.NumericPolicy;
import io.duckmirror.session.Failures;
import io.duckmirror.session.Session;
import io.duckmirror.session.Sql;
import io.duckmirror.session.UnreachableException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides how each planned table is read. Most are read natively. A table is read through
 * {@code postgres_query} with an explicit column list when a column must arrive as PostgreSQL's
 * text or be cast: a composite holding a range (the extension cannot read it), or a numeric DuckDB's
 * DECIMAL cannot hold under NUMERIC_POLICY decimal or varchar. That read is one stream instead of a
 * parallel scan, and types only the catalog knows (enums, composites, geometry) come back as text:
 * enums are cast back, the rest is recorded. See docs/types.md.
 */
public final class ReadPlanner {
    /** For numeric without a precision, under NUMERIC_POLICY=decimal: 28 integer and 10 fractional digits. */
    static final int UNCONSTRAINED_SCALE = 10;

    /** The columns of the tables the condition (in SQL over the CTE cols) selects, in table order. */
    private static final String COLUMNS = """
            WITH cols AS (
              SELECT n.nspname, c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type,
                     a.atttypmod, a.atttypid IN ('numeric'::regtype, '_numeric'::regtype) AS is_numeric,
                     a.atttypid = '_numeric'::regtype AS is_array,
                     EXISTS (SELECT 1 FROM pg_catalog.pg_attribute ca JOIN pg_catalog.pg_type ct ON ct.oid = ca.atttypid
                             WHERE ca.attrelid = t.typrelid AND ca.attnum > 0 AND NOT ca.attisdropped
                               AND ct.typtype IN ('r', 'm')) AS composite_with_range
              FROM pg_catalog.pg_attribute a
              JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
              WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition
                AND n.nspname NOT IN ('information_schema', 'pg_catalog') AND n.nspname NOT LIKE 'pg\\_%')
            SELECT nspname, relname, attname, type, atttypmod, is_numeric, is_array, composite_with_range FROM cols
            WHERE """;
    private static final String COLUMN_ORDER = " ORDER BY nspname, relname, attnum";
    /** Every table that holds a numeric or a composite with a range member. */
    private static final String SPECIAL_TABLES = "(nspname, relname) IN (SELECT nspname, relname FROM cols WHERE is_numeric OR composite_with_range)";

    private record Column(String name, String type, int typmod, boolean numeric, boolean array, boolean compositeWithRange) {
        /** Read natively as DOUBLE: no precision, or more digits than DECIMAL holds. */
        boolean lossyNumeric() {
            return numeric && !fitsDecimal(typmod);
        }

        /** Read natively as garbage (DECIMAL(p,254)): must never be read natively. */
        boolean negativeScale() {
            return numeric && typmod >= 4 && scale(typmod) < 0;
        }

        /** The note for a numeric the native read turns into DOUBLE. */
        String readAsDouble() {
            return name + ": " + type + " is read as DOUBLE (lossy: "
                    + (typmod < 4 ? "no precision given" : "beyond DECIMAL(38)") + ")";
        }
    }

    private ReadPlanner() {
    }

    static Map<TableRef, TableRead> plan(Session session, List<TableRef> planned, NumericPolicy policy) {
        Set<TableRef> wanted = Set.copyOf(planned);
        Map<TableRef, TableRead> reads = new LinkedHashMap<>();
        columns(session, SPECIAL_TABLES).forEach((table, cols) -> {
            if (!wanted.contains(table)) {
                return;
            }
            boolean project = cols.stream().anyMatch(c -> c.compositeWithRange() || c.negativeScale()
                    || (c.lossyNumeric() && policy != NumericPolicy.DOUBLE));
            if (project) {
                reads.put(table, projected(session, table, cols, nativeTypes(session, table), policy, Set.of()));
            } else if (cols.stream().anyMatch(Column::lossyNumeric)) {
                reads.put(table, new TableRead(TableRead.of(table).select(),
                        cols.stream().filter(Column::lossyNumeric).map(Column::readAsDouble).toList()));
            }
        });
        return reads;
    }

    /**
     * How to read a table some of whose array columns hold rows of other dimensions than the column's
     * DuckDB type, which the native read refuses ("Expected an array with ..."): those columns, found
     * with array_ndims in PostgreSQL, as PostgreSQL's text, the others as planned. The check scans the
     * table, so it runs only after a copy failed on it. Empty when no column is found to differ.
     */
    public static Optional<TableRead> withRaggedArraysAsText(Session session, TableRef table, NumericPolicy policy) {
        Map<String, Integer> depths = new LinkedHashMap<>();
        Map<String, String> nativeTypes = nativeTypes(session, table);
        nativeTypes.forEach((column, type) -> {
            int depth = 0;
            for (String rest = type; rest.endsWith("[]"); rest = rest.substring(0, rest.length() - 2)) {
                depth++;
            }
            if (depth > 0) {
                depths.put(column, depth);
            }
        });
        if (depths.isEmpty()) {
            return Optional.empty();
        }
        List<String> arrays = List.copyOf(depths.keySet());
        String check = arrays.stream()
                .map(c -> "coalesce(bool_or(array_ndims(" + Sql.quote(c) + ") <> " + depths.get(c) + "), false) AS "
                        + Sql.quote("ragged " + arrays.indexOf(c)))
                .collect(Collectors.joining(", ", "SELECT ", " FROM " + Sql.qualified(table.schema(), table.table())));
        Set<String> ragged = new LinkedHashSet<>();
        try (PreparedStatement statement = session.prepare(Session.sourceQuery(check));
                ResultSet row = statement.executeQuery()) {
            row.next();
            for (int i = 0; i < arrays.size(); i++) {
                if (row.getBoolean(i + 1)) {
                    ragged.add(arrays.get(i));
                }
            }
        } catch (SQLException e) {
            throw new UnreachableException("could not check the arrays of " + table + ": " + Failures.firstLine(e),
                    Failures.isTransient(e), e);
        }
        if (ragged.isEmpty()) {
            return Optional.empty();
        }
        String thisTable = "nspname = " + Sql.literal(table.schema()) + " AND relname = " + Sql.literal(table.table());
        return Optional.of(projected(session, table, columns(session, thisTable).getOrDefault(table, List.of()),
                nativeTypes, policy, ragged));
    }

    private static Map<TableRef, List<Column>> columns(Session session, String condition) {
        Map<TableRef, List<Column>> columns = new LinkedHashMap<>();
        try (PreparedStatement statement = session.prepare(Session.sourceQuery(COLUMNS + " " + condition + COLUMN_ORDER));
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                columns.computeIfAbsent(new TableRef(rows.getString(1), rows.getString(2)), t -> new ArrayList<>())
                        .add(new Column(rows.getString(3), rows.getString(4), rows.getInt(5), rows.getBoolean(6),
                                rows.getBoolean(7), rows.getBoolean(8)));
            }
        } catch (SQLException e) {
            throw new UnreachableException("could not read the source's column types: " + Failures.firstLine(e),
                    Failures.isTransient(e), e);
        }
        return columns;
    }

    /** @param nativeTypes the columns' types in the extension's native read of the table */
    private static TableRead projected(Session session, TableRef table, List<Column> cols,
            Map<String, String> nativeTypes, NumericPolicy policy, Set<String> raggedArrays) {
        List<String> inner = new ArrayList<>();
        List<String> outer = new ArrayList<>();
        Map<String, String> conversions = new LinkedHashMap<>();
        for (Column c : cols) {
            String name = Sql.quote(c.name());
            String nativeType = nativeTypes.getOrDefault(c.name(), "");
            boolean unfitNumeric = c.lossyNumeric() || c.negativeScale();
            boolean asText = c.compositeWithRange() || nativeType.endsWith("[][]") || raggedArrays.contains(c.name())
                    || (unfitNumeric && (policy == NumericPolicy.VARCHAR || c.array()));
            // A negative scale holds whole numbers: DECIMAL(38,0) keeps them exactly, whatever the policy.
            boolean asDecimal = !c.array() && ((c.lossyNumeric() && policy == NumericPolicy.DECIMAL)
                    || (c.negativeScale() && policy != NumericPolicy.VARCHAR));
            inner.add(asText || asDecimal ? name + "::text AS " + name : name);
            if (asDecimal) {
                int scale = decimalScale(c.typmod());
                outer.add(exactDecimal(c.name(), scale) + " AS " + name);
                conversions.put(c.name(), c.name() + ": " + c.type() + " is read as DECIMAL(38," + scale
                        + ") (exact; a value it cannot hold fails the table)");
            } else if (asText) {
                outer.add(name);
                conversions.put(c.name(), c.name() + ": " + c.type() + " is read as VARCHAR, PostgreSQL's text ("
                        + (c.compositeWithRange() ? "the extension cannot read it"
                                : raggedArrays.contains(c.name()) ? "its rows hold arrays of other dimensions than its type"
                                        : unfitNumeric
                                                ? "NUMERIC_POLICY=" + policy.name().toLowerCase(Locale.ROOT)
                                                : "an array of more than one dimension")
                        + ")");
            } else if (nativeType.startsWith("ENUM(") && !nativeType.endsWith("]")) {
                // postgres_query reads an enum as text; DuckDB casts it back (not arrays of them: it
                // cannot parse PostgreSQL's array text, so those stay text and are recorded below).
                outer.add("CAST(" + name + " AS " + nativeType + ") AS " + name);
            } else {
                outer.add(name);
                if (c.lossyNumeric()) {
                    conversions.put(c.name(), c.readAsDouble());
                }
            }
        }
        String columns = "SELECT " + String.join(", ", inner) + " FROM " + Sql.qualified(table.schema(), table.table());
        String select = "SELECT " + String.join(", ", outer) + " FROM ";
        // Any other column the read through postgres_query types differently from the native read.
        Map<String, String> projectedTypes = describe(session, select + Session.sourceQueryCall(columns + " LIMIT 0"));
        projectedTypes.forEach((column, type) -> {
            String nativeType = nativeTypes.get(column);
            if (nativeType != null && !nativeType.equals(type)) {
                conversions.putIfAbsent(column, column + ": read as " + type + " instead of " + nativeType
                        + " (the table is read through postgres_query)");
            }
        });
        return new TableRead(select + Session.sourceQueryCall(columns), List.copyOf(conversions.values()));
    }

    /** The DuckDB type of each column as the native read would give it; empty if the table cannot be bound. */
    private static Map<String, String> nativeTypes(Session session, TableRef table) {
        return describe(session, TableRead.of(table).select());
    }

    private static Map<String, String> describe(Session session, String select) {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement statement = session.prepare("DESCRIBE " + select);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                types.put(rows.getString("column_name"), rows.getString("column_type"));
            }
        } catch (SQLException cannotBind) {
            // The native read of a table with an unreadable column may not even bind: nothing to compare.
            types.clear();
        }
        return types;
    }

    /**
     * Casts PostgreSQL's text of a numeric to DECIMAL(38, scale), failing the statement, with the value
     * named, where the cast would round or overflow or the value is NaN or infinite.
     */
    private static String exactDecimal(String column, int scale) {
        String value = Sql.quote(column);
        String type = "DECIMAL(38," + scale + ")";
        return "CASE WHEN " + value + " IS NULL THEN NULL"
                + " WHEN TRY_CAST(" + value + " AS " + type + ") IS NULL"
                + " OR length(rtrim(regexp_extract(" + value + ", '\\.([0-9]+)$', 1), '0')) > " + scale
                + " THEN error(" + Sql.literal("column " + column + " holds ") + " || " + value + " || "
                + Sql.literal(", which " + type + " cannot hold exactly (NUMERIC_POLICY=decimal; varchar keeps every value)")
                + ") ELSE CAST(" + value + " AS " + type + ") END";
    }

    /** The declared scale where DECIMAL(38) can hold it, else {@link #UNCONSTRAINED_SCALE}. */
    static int decimalScale(int typmod) {
        if (typmod < 4) {
            return UNCONSTRAINED_SCALE;
        }
        return Math.clamp(scale(typmod), 0, 38);
    }

    /**
     * Whether the extension reads numeric(p, s), as PostgreSQL encodes it in a typmod, as an exact
     * DECIMAL: up to 38 digits and a scale that is not negative (a scale above the precision, as in
     * numeric(3,5), arrives exactly as DECIMAL(3,5)).
     */
    static boolean fitsDecimal(int typmod) {
        return typmod >= 4 && (((typmod - 4) >> 16) & 0xFFFF) <= 38 && scale(typmod) >= 0;
    }

    /** The scale of numeric(p, s): 11 signed bits since PostgreSQL 15. */
    private static int scale(int typmod) {
        return (((typmod - 4) & 0x7FF) ^ 1024) - 1024;
    }
}

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
 * text or be cast: a composite holding a range (the extension cannot read it), a path or an array
 * of a geometric type, a numeric DuckDB's DECIMAL cannot hold under NUMERIC_POLICY decimal or
 * varchar, a domain (so that it arrives as its base type), or a column whose values a scan of the
 * table found the native read would change (NaN, ±Infinity, array lower bounds). That read is one
 * stream instead of a parallel scan, and types only the catalog knows (enums, composites, geometry)
 * come back as text: enums are cast back, PostGIS values made GEOMETRY, the rest is recorded. Types
 * the native read changes but keeps whole (geometric, extension types, geometry) get a note. See
 * docs/types.md.
 */
public final class ReadPlanner {
    /** For numeric without a precision, under NUMERIC_POLICY=decimal: 28 integer and 10 fractional digits. */
    static final int UNCONSTRAINED_SCALE = 10;

    /** The columns of the tables the condition (in SQL over the CTE cols) selects, in table order. */
    private static final String COLUMNS = """
            WITH RECURSIVE domains AS (
              SELECT oid AS domain, typbasetype AS base, typtypmod AS typmod FROM pg_catalog.pg_type WHERE typtype = 'd'
              UNION ALL
              SELECT d.domain, t.typbasetype, CASE WHEN d.typmod = -1 THEN t.typtypmod ELSE d.typmod END
              FROM domains d JOIN pg_catalog.pg_type t ON t.oid = d.base AND t.typtype = 'd'),
            columns AS (
              SELECT n.nspname, c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type,
                     d.domain IS NOT NULL AS is_domain, coalesce(d.base, a.atttypid) AS base,
                     CASE WHEN d.domain IS NULL THEN a.atttypmod ELSE d.typmod END AS typmod
              FROM pg_catalog.pg_attribute a
              JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN domains d ON d.domain = a.atttypid
                AND (SELECT typtype FROM pg_catalog.pg_type WHERE oid = d.base) <> 'd'
              WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition
                AND n.nspname NOT IN ('information_schema', 'pg_catalog') AND n.nspname NOT LIKE 'pg\\_%'),
            cols AS (
              SELECT k.*, format_type(k.base, k.typmod) AS base_type,
                     k.base IN ('numeric'::regtype, '_numeric'::regtype) AS is_numeric,
                     b.typcategory = 'A' AND b.typname LIKE '\\_%' AS is_array, e.typname AS element,
                     e.oid >= 16384 AND e.typtype = 'b' AS is_extension,
                     EXISTS (SELECT 1 FROM pg_catalog.pg_attribute ca JOIN pg_catalog.pg_type ct ON ct.oid = ca.atttypid
                             WHERE ca.attrelid = b.typrelid AND ca.attnum > 0 AND NOT ca.attisdropped
                               AND ct.typtype IN ('r', 'm')) AS composite_with_range
              FROM columns k
              JOIN pg_catalog.pg_type b ON b.oid = k.base
              -- int2vector and oidvector are of category A too, but not arrays: their elements do not count.
              JOIN pg_catalog.pg_type e ON e.oid = CASE WHEN b.typcategory = 'A' AND b.typname LIKE '\\_%' THEN b.typelem ELSE b.oid END)
            SELECT nspname, relname, attname, type, base_type, typmod, is_numeric, is_array, composite_with_range,
                   is_domain, element, is_extension FROM cols
            WHERE """;
    private static final String COLUMN_ORDER = " ORDER BY nspname, relname, attnum";
    /** Every table with a column the native read may change: anything but the plain built-in types. */
    private static final String SPECIAL_TABLES = """
            (nspname, relname) IN (SELECT nspname, relname FROM cols WHERE is_numeric OR composite_with_range OR is_array
              OR is_domain OR is_extension OR element IN ('point', 'line', 'lseg', 'box', 'path', 'polygon', 'circle'))""";
    /** How the native read lays out each geometric type other than point, as its DOUBLE[]. */
    private static final Map<String, String> GEOMETRIC_LAYOUTS = Map.of(
            "line", "A, B, C of Ax + By + C = 0",
            "lseg", "x1, y1, x2, y2",
            "box", "the upper right corner's x, y, then the lower left one's",
            "polygon", "x, y of each vertex",
            "circle", "centre x, centre y, radius");

    /**
     * A column as the catalog declares it. A domain is described by its base type (type is its own
     * name); element is the type's name, or its elements' for an array.
     */
    private record Column(String name, String type, String baseType, int typmod, boolean numeric, boolean array,
            boolean compositeWithRange, boolean domain, String element, boolean extension) {
        /** Read natively, exactly and without a note (numeric(p,s) as DECIMAL unless its NaN are looked for). */
        boolean plain(boolean nanCheck) {
            return decimal() && !array && !domain ? !nanCheck
                    : !(numeric || array || compositeWithRange || domain || extension || geometric());
        }

        /** Read natively as DOUBLE: no precision, or more digits than DECIMAL holds. */
        boolean lossyNumeric() {
            return numeric && !fitsDecimal(typmod);
        }

        /** Read natively as DECIMAL(p,s), which turns NaN into 0. */
        boolean decimal() {
            return numeric && fitsDecimal(typmod);
        }

        /** Read natively as garbage (DECIMAL(p,254)): must never be read natively. */
        boolean negativeScale() {
            return numeric && typmod >= 4 && scale(typmod) < 0;
        }

        /** PostGIS geometry or geography: hex EWKB text unless the native read makes it GEOMETRY. */
        boolean postgis() {
            return extension && !array && (element.equals("geometry") || element.equals("geography"));
        }

        boolean geometric() {
            return GEOMETRIC_LAYOUTS.containsKey(element) || element.equals("point") || element.equals("path");
        }

        /** Why the column must be read as PostgreSQL's text whatever it holds, or null. */
        String alwaysText(String nativeType, NumericPolicy policy) {
            if (compositeWithRange) {
                return "the extension cannot read it";
            } else if (geometric() && (array || element.equals("path"))) {
                // The native read flattens a path's points and drops whether it is closed; arrays of
                // geometric types it cannot read at all.
                return array ? "the extension cannot read arrays of geometric types"
                        : "a DOUBLE[] would lose whether the path is open or closed";
            } else if (nativeType.endsWith("[][]")) {
                return "an array of more than one dimension";
            } else if ((lossyNumeric() || negativeScale())
                    && (policy == NumericPolicy.VARCHAR || (array && (negativeScale() || policy == NumericPolicy.DECIMAL)))) {
                // DuckDB cannot cast PostgreSQL's array text to a list of DECIMAL.
                return "NUMERIC_POLICY=" + policy.name().toLowerCase(Locale.ROOT);
            }
            return null;
        }

        /** The note for a numeric the read turns into DOUBLE. */
        String readAsDouble() {
            return name + ": " + type + " is read as DOUBLE (lossy: "
                    + (typmod < 4 ? "no precision given" : "beyond DECIMAL(38)") + ")";
        }

        /** The note for a column whose type the read changes, given the DuckDB type it arrives as; or null. */
        String typeNote(String duckdbType, boolean viaQuery) {
            String read = name + ": " + type + " is read as " + duckdbType;
            if (domain) {
                return read + ", as its base type " + baseType + " (the domain's constraints are not enforced in the mirror)";
            } else if (duckdbType.equals("GEOMETRY")) {
                return read
                        + (element.equals("geography") ? " (exact coordinates; its SRID and its spherical meaning are dropped)"
                                : " (exact, except that its SRID is dropped)");
            } else if (extension && duckdbType.startsWith("VARCHAR")) {
                return read + (array ? ", each element" : ",") + " PostgreSQL's text (a type of an extension)";
            } else if (geometric() && !viaQuery) {
                return element.equals("point") ? read + " (exact)"
                        : read + " (exact: " + GEOMETRIC_LAYOUTS.get(element) + ")";
            }
            return null;
        }
    }

    /**
     * What one scan of a table found in the columns whose native read would change a value silently.
     *
     * @param specials numeric columns holding NaN or ±Infinity, which the native read turns into 0
     * @param bounds array columns holding an array whose lower bound is not 1, which a list drops
     */
    private record Found(Set<String> specials, Set<String> bounds) {
        static final Found NOTHING = new Found(Set.of(), Set.of());
    }

    private ReadPlanner() {
    }

    /**
     * @param nanCheck whether to scan numeric(p,s) columns for NaN, which their DECIMAL read turns into
     *        0 (NUMERIC_NAN_CHECK; unconstrained numerics and arrays are always checked)
     */
    static Map<TableRef, TableRead> plan(Session session, List<TableRef> planned, NumericPolicy policy, boolean nanCheck) {
        Set<TableRef> wanted = Set.copyOf(planned);
        Map<TableRef, TableRead> reads = new LinkedHashMap<>();
        columns(session, SPECIAL_TABLES).forEach((table, cols) -> {
            // The common case, numeric(p,s) read as DECIMAL and nothing else special, costs no DESCRIBE.
            if (wanted.contains(table) && !cols.stream().allMatch(c -> c.plain(nanCheck))) {
                read(session, table, cols, nativeTypes(session, table), policy, nanCheck, Map.of())
                        .ifPresent(read -> reads.put(table, read));
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
    public static Optional<TableRead> withRaggedArraysAsText(Session session, TableRef table, NumericPolicy policy,
            boolean nanCheck) {
        Map<String, Integer> depths = new LinkedHashMap<>();
        Map<String, String> nativeTypes = nativeTypes(session, table);
        nativeTypes.forEach((column, type) -> {
            if (depth(type) > 0) {
                depths.put(column, depth(type));
            }
        });
        if (depths.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> checks = new LinkedHashMap<>();
        depths.forEach((c, depth) -> checks.put(c, "array_ndims(" + Sql.quote(c) + ") <> " + depth));
        Set<String> ragged = scan(session, table, checks);
        if (ragged.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> asText = new LinkedHashMap<>();
        ragged.forEach(c -> asText.put(c, "its rows hold arrays of other dimensions than its type"));
        String thisTable = "nspname = " + Sql.literal(table.schema()) + " AND relname = " + Sql.literal(table.table());
        return read(session, table, columns(session, thisTable).getOrDefault(table, List.of()), nativeTypes, policy,
                nanCheck, asText);
    }

    /** The number of list levels of a DuckDB type: 2 for INTEGER[][]. */
    private static int depth(String duckdbType) {
        int depth = 0;
        for (String rest = duckdbType; rest.endsWith("[]"); rest = rest.substring(0, rest.length() - 2)) {
            depth++;
        }
        return depth;
    }

    /**
     * How to read the table: natively with notes, or through postgres_query when some column must be
     * read otherwise. Empty when the plain native read changes nothing.
     *
     * @param asText columns already known to need PostgreSQL's text, with the reason
     */
    private static Optional<TableRead> read(Session session, TableRef table, List<Column> cols,
            Map<String, String> nativeTypes, NumericPolicy policy, boolean nanCheck, Map<String, String> asText) {
        Found found = check(session, table, cols, nativeTypes, policy, nanCheck, asText.keySet());
        boolean project = !asText.isEmpty() || !found.specials().isEmpty() || !found.bounds().isEmpty()
                || cols.stream().anyMatch(c -> c.domain() || c.negativeScale() || c.alwaysText(
                        nativeTypes.getOrDefault(c.name(), ""), policy) != null
                        || (c.lossyNumeric() && policy != NumericPolicy.DOUBLE));
        if (project) {
            return Optional.of(projected(session, table, cols, nativeTypes, policy, asText, found));
        }
        List<String> notes = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        for (Column c : cols) {
            String nativeType = nativeTypes.getOrDefault(c.name(), "");
            if (c.postgis() && nativeType.equals("VARCHAR")) {
                // A geography arrives as its hex EWKB: DuckDB's own GEOMETRY holds it, on the native scan.
                replaced.add(fromWkb(c.name()) + " AS " + Sql.quote(c.name()));
                nativeType = "GEOMETRY";
            }
            String note = c.lossyNumeric() ? c.readAsDouble() : c.typeNote(nativeType, false);
            if (note != null) {
                notes.add(note);
            }
        }
        String select = replaced.isEmpty() ? TableRead.of(table).select()
                : "SELECT * REPLACE (" + String.join(", ", replaced) + ") FROM "
                        + Sql.qualified(Session.SOURCE, table.schema(), table.table());
        return notes.isEmpty() ? Optional.empty() : Optional.of(new TableRead(select, notes));
    }

    /**
     * Scans the table once for the values the native read would change without a word: NaN and
     * ±Infinity in numerics it reads as DOUBLE (and, with nanCheck, NaN in those it reads as DECIMAL),
     * and arrays whose lower bound is not 1 in columns it reads as lists. Columns read as text anyway
     * are skipped; a table with nothing to check is not scanned.
     */
    private static Found check(Session session, TableRef table, List<Column> cols, Map<String, String> nativeTypes,
            NumericPolicy policy, boolean nanCheck, Set<String> asText) {
        Map<String, String> specials = new LinkedHashMap<>();
        Map<String, String> bounds = new LinkedHashMap<>();
        for (Column c : cols) {
            String nativeType = nativeTypes.getOrDefault(c.name(), "");
            if (asText.contains(c.name()) || c.alwaysText(nativeType, policy) != null || c.negativeScale()) {
                continue;
            }
            String name = Sql.quote(c.name());
            boolean readAsNumber = c.lossyNumeric() ? policy == NumericPolicy.DOUBLE : c.decimal() && nanCheck;
            if (readAsNumber) {
                // NaN sorts above Infinity in PostgreSQL, so two comparisons find all three.
                specials.put(c.name(), c.array() ? name + (c.decimal() ? " && '{NaN}'" : " && '{NaN,Infinity,-Infinity}'")
                        : c.lossyNumeric() ? "(" + name + " >= 'Infinity' OR " + name + " <= '-Infinity')"
                                : name + " = 'NaN'");
            }
            if (c.array()) {
                // A domain's array is read through postgres_query, as one dimension.
                int depth = Math.max(1, depth(nativeType));
                List<String> lowers = new ArrayList<>();
                for (int d = 1; d <= depth; d++) {
                    lowers.add("array_lower(" + name + ", " + d + ") <> 1");
                }
                bounds.put(c.name(), "(" + String.join(" OR ", lowers) + ")");
            }
        }
        if (specials.isEmpty() && bounds.isEmpty()) {
            return Found.NOTHING;
        }
        Map<String, String> checks = new LinkedHashMap<>();
        specials.forEach((c, condition) -> checks.put("special " + c, condition));
        bounds.forEach((c, condition) -> checks.put("bounds " + c, condition));
        Set<String> hits = scan(session, table, checks);
        return new Found(
                specials.keySet().stream().filter(c -> hits.contains("special " + c)).collect(Collectors.toSet()),
                bounds.keySet().stream().filter(c -> hits.contains("bounds " + c)).collect(Collectors.toSet()));
    }

    /** The keys of the conditions (SQL over the table's columns) that hold for some row of the table. */
    private static Set<String> scan(Session session, TableRef table, Map<String, String> conditions) {
        List<String> keys = List.copyOf(conditions.keySet());
        String check = keys.stream()
                .map(k -> "coalesce(bool_or(" + conditions.get(k) + "), false) AS " + Sql.quote("c" + keys.indexOf(k)))
                .collect(Collectors.joining(", ", "SELECT ", " FROM " + Sql.qualified(table.schema(), table.table())));
        Set<String> hits = new LinkedHashSet<>();
        try (PreparedStatement statement = session.prepare(Session.sourceQuery(check));
                ResultSet row = statement.executeQuery()) {
            row.next();
            for (int i = 0; i < keys.size(); i++) {
                if (row.getBoolean(i + 1)) {
                    hits.add(keys.get(i));
                }
            }
        } catch (SQLException e) {
            throw new UnreachableException("could not check the values of " + table + ": " + Failures.firstLine(e),
                    Failures.isTransient(e), e);
        }
        return hits;
    }

    private static Map<TableRef, List<Column>> columns(Session session, String condition) {
        Map<TableRef, List<Column>> columns = new LinkedHashMap<>();
        try (PreparedStatement statement = session.prepare(Session.sourceQuery(COLUMNS + " " + condition + COLUMN_ORDER));
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                columns.computeIfAbsent(new TableRef(rows.getString(1), rows.getString(2)), t -> new ArrayList<>())
                        .add(new Column(rows.getString(3), rows.getString(4), rows.getString(5), rows.getInt(6),
                                rows.getBoolean(7), rows.getBoolean(8), rows.getBoolean(9), rows.getBoolean(10),
                                rows.getString(11), rows.getBoolean(12)));
            }
        } catch (SQLException e) {
            throw new UnreachableException("could not read the source's column types: " + Failures.firstLine(e),
                    Failures.isTransient(e), e);
        }
        return columns;
    }

    /**
     * The read through postgres_query with an explicit column list.
     *
     * @param nativeTypes the columns' types in the extension's native read of the table
     */
    private static TableRead projected(Session session, TableRef table, List<Column> cols,
            Map<String, String> nativeTypes, NumericPolicy policy, Map<String, String> asText, Found found) {
        List<String> inner = new ArrayList<>();
        List<String> outer = new ArrayList<>();
        Map<String, String> readNotes = new LinkedHashMap<>();
        for (Column c : cols) {
            String name = Sql.quote(c.name());
            String nativeType = nativeTypes.getOrDefault(c.name(), "");
            boolean special = found.specials().contains(c.name());
            String textReason = asText.containsKey(c.name()) ? asText.get(c.name())
                    : found.bounds().contains(c.name()) ? "it holds arrays whose lower bound is not 1, which a list cannot keep"
                            : c.alwaysText(nativeType, policy) != null ? c.alwaysText(nativeType, policy)
                                    : special && (c.array() || (c.decimal() && policy != NumericPolicy.DECIMAL))
                                            ? "it holds NaN" + (c.decimal() ? "" : " or ±Infinity") + ", which "
                                                    + (c.array() ? "its list" : "DECIMAL") + " would turn into 0"
                                            : null;
            // A negative scale holds whole numbers: DECIMAL(38,0) keeps them exactly, whatever the policy.
            boolean asDecimal = textReason == null && !c.array() && ((c.lossyNumeric() && policy == NumericPolicy.DECIMAL)
                    || c.negativeScale() || (special && c.decimal()));
            // NaN and ±Infinity survive PostgreSQL's text cast to DOUBLE; the binary read makes them 0.
            boolean asDouble = textReason == null && special && c.lossyNumeric();
            inner.add(textReason != null || asDecimal || asDouble ? name + "::text AS " + name : name);
            if (asDecimal) {
                int scale = c.decimal() ? scale(c.typmod()) : decimalScale(c.typmod());
                outer.add(exactDecimal(c.name(), scale, policy) + " AS " + name);
                readNotes.put(c.name(), c.name() + ": " + c.type() + " is read as DECIMAL(38," + scale
                        + ") (exact; a value it cannot hold fails the table)");
            } else if (asDouble) {
                outer.add("CAST(" + name + " AS DOUBLE) AS " + name);
                readNotes.put(c.name(), c.readAsDouble());
            } else if (textReason != null) {
                outer.add(name);
                readNotes.put(c.name(), c.name() + ": " + c.type() + " is read as VARCHAR, PostgreSQL's text ("
                        + textReason + ")");
            } else if (c.postgis()) {
                outer.add(fromWkb(c.name()) + " AS " + name);
            } else if (nativeType.startsWith("ENUM(") && !nativeType.endsWith("]")) {
                // postgres_query reads an enum as text; DuckDB casts it back (not arrays of them: it
                // cannot parse PostgreSQL's array text, so those stay text and are recorded below).
                outer.add("CAST(" + name + " AS " + nativeType + ") AS " + name);
            } else {
                outer.add(name);
                if (c.lossyNumeric()) {
                    readNotes.put(c.name(), c.readAsDouble());
                }
            }
        }
        String columns = "SELECT " + String.join(", ", inner) + " FROM " + Sql.qualified(table.schema(), table.table());
        String select = "SELECT " + String.join(", ", outer) + " FROM ";
        Map<String, String> projectedTypes = describe(session, select + Session.sourceQueryCall(columns + " LIMIT 0"));
        List<String> conversions = new ArrayList<>();
        for (Column c : cols) {
            String type = projectedTypes.getOrDefault(c.name(), "");
            String nativeType = nativeTypes.get(c.name());
            String note = readNotes.containsKey(c.name()) ? readNotes.get(c.name()) : c.typeNote(type, true);
            if (note == null && nativeType != null && !nativeType.equals(type)) {
                // Any other column the read through postgres_query types differently from the native read.
                note = c.name() + ": read as " + type + " instead of " + nativeType
                        + " (the table is read through postgres_query)";
            }
            if (note != null) {
                conversions.add(note);
            }
            if (c.domain() && readNotes.containsKey(c.name())) {
                conversions.add(c.typeNote(type, true));
            }
        }
        return new TableRead(select + Session.sourceQueryCall(columns), conversions);
    }

    /** DuckDB's GEOMETRY from PostgreSQL's text of a PostGIS value, hex EWKB (Z, M and SRID flags understood). */
    private static String fromWkb(String column) {
        return "ST_GeomFromWKB(from_hex(" + Sql.quote(column) + "))";
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
    private static String exactDecimal(String column, int scale, NumericPolicy policy) {
        String value = Sql.quote(column);
        String type = "DECIMAL(38," + scale + ")";
        return "CASE WHEN " + value + " IS NULL THEN NULL"
                + " WHEN TRY_CAST(" + value + " AS " + type + ") IS NULL"
                + " OR length(rtrim(regexp_extract(" + value + ", '\\.([0-9]+)$', 1), '0')) > " + scale
                + " THEN error(" + Sql.literal("column " + column + " holds ") + " || " + value + " || "
                + Sql.literal(", which " + type + " cannot hold exactly (NUMERIC_POLICY="
                        + policy.name().toLowerCase(Locale.ROOT) + "; varchar keeps every value)")
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
